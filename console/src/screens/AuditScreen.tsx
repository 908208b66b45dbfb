// For auditors: the stored events of the tenant in global order (filter by stream or type), and
// an aggregate's state as of an instant or position, rebuilt by the gateway (docs/auditing.md).
// Both queries are recorded by the gateway as auditor reads.
import { useLazyQuery, useQuery } from '@apollo/client/react';
import { Button, Card, Form, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appendPage, FilterText, LoadMore } from '../app/list-controls';
import { graphql } from '../graphql/generated';
import { type AuditEventsFilter } from '../graphql/generated/graphql';
import { IntegrityCheck } from '../audit/IntegrityCheck';

const Events = graphql(`
  query ConsoleAuditEvents($filter: AuditEventsFilter, $after: String) {
    auditEvents(filter: $filter, first: 50, after: $after) {
      edges {
        node {
          eventId
          globalPosition
          streamId
          streamVersion
          type
          occurredAt
          actorKind
          actorId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const StateAsOf = graphql(`
  query ConsoleAggregateAsOf($streamId: String!, $asOf: String!) {
    aggregateAsOf(streamId: $streamId, asOf: $asOf) {
      streamId
      version
      stateKnown
      stateJson
    }
  }
`);

export function AuditScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditEventsFilter>({});
  const { data, loading, error, fetchMore } = useQuery(Events, { variables: { filter } });
  const [loadState, state] = useLazyQuery(StateAsOf);
  const page = data?.auditEvents.pageInfo;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('audit.title')}
          </Typography.Title>
        }
      >
        <Form<{ streamId?: string; type?: string }>
          layout="inline"
          style={{ rowGap: 8, marginBottom: 16 }}
          onFinish={(v) =>
            setFilter({
              streamId: v.streamId?.trim() || undefined,
              types: v.type?.trim() ? [v.type.trim()] : undefined,
            })
          }
        >
          <FilterText name="streamId" label={t('audit.streamId')} width={280} />
          <FilterText name="type" label={t('audit.type')} width={240} />
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
        </Form>
        {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
        <Table
          rowKey="eventId"
          size="small"
          loading={loading}
          dataSource={data?.auditEvents.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('audit.position'), dataIndex: 'globalPosition' },
            { title: t('audit.type'), dataIndex: 'type' },
            { title: t('audit.streamId'), dataIndex: 'streamId', responsive: ['md'] },
            {
              title: t('audit.occurredAt'),
              dataIndex: 'occurredAt',
              responsive: ['lg'],
              render: (at: string) => new Date(at).toLocaleString(i18n.language),
            },
            {
              title: t('audit.actor'),
              key: 'actor',
              responsive: ['lg'],
              render: (_: unknown, e) => `${e.actorKind}:${e.actorId}`,
            },
          ]}
        />
        <LoadMore
          page={page}
          load={(after) =>
            fetchMore({
              variables: { after },
              updateQuery: (prev, { fetchMoreResult }) => ({
                auditEvents: appendPage(prev.auditEvents, fetchMoreResult.auditEvents),
              }),
            })
          }
        />
      </Card>
      <Card title={t('audit.stateAsOf')}>
        <Form<{ streamId: string; asOf: string }>
          layout="inline"
          style={{ rowGap: 8, marginBottom: 16 }}
          onFinish={(v) =>
            void loadState({ variables: { streamId: v.streamId.trim(), asOf: v.asOf.trim() } })
          }
        >
          <Form.Item name="streamId" rules={[{ required: true }]}>
            <Input
              aria-label={t('audit.streamId')}
              placeholder={t('audit.streamId')}
              style={{ width: 280 }}
            />
          </Form.Item>
          <Form.Item name="asOf" rules={[{ required: true }]}>
            <Input
              aria-label={t('audit.asOf')}
              placeholder={t('audit.asOf')}
              style={{ width: 280 }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={state.loading}>
            {t('audit.show')}
          </Button>
        </Form>
        {state.error && <Typography.Text type="danger">{state.error.message}</Typography.Text>}
        {state.data && (
          <>
            <Typography.Text strong>
              {t('audit.version', { v: state.data.aggregateAsOf.version })}
            </Typography.Text>
            <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {state.data.aggregateAsOf.stateKnown && state.data.aggregateAsOf.stateJson
                ? JSON.stringify(JSON.parse(state.data.aggregateAsOf.stateJson), null, 2)
                : t('audit.unknownState')}
            </pre>
          </>
        )}
      </Card>
      <IntegrityCheck />
    </Space>
  );
}
