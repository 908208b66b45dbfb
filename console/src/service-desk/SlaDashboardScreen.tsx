// The SLA dashboard within the user's ticket scope: per team or agent the open tickets, how many
// breached a target, are warned or escalated, and the SLA met % of the last 30 days' resolutions;
// the totals; and the open tickets most at risk (breached first, then by nearest due instant).
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import type { SlaDashboardGrouping } from '../graphql/generated/graphql';

graphql(`
  fragment ConsoleSlaLine on SlaDashboardLine {
    open
    breached
    warned
    escalated
    resolved
    slaMetPercent
  }
`);

const Dashboard = graphql(`
  query ConsoleSlaDashboard($groupBy: SlaDashboardGrouping!) {
    slaDashboard(groupBy: $groupBy) {
      total {
        ...ConsoleSlaLine
      }
      rows {
        key
        ...ConsoleSlaLine
      }
      atRisk {
        ticketId
        subject
        priority
        assigneeId
        slaMarks {
          milestone
          dueAt
          breachedAt
        }
      }
    }
  }
`);

const TOTALS = ['open', 'breached', 'warned', 'escalated', 'resolved', 'met'] as const;

export function SlaDashboardScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const [groupBy, setGroupBy] = useState<SlaDashboardGrouping>('TEAM');
  const { data, loading, error } = useQuery(Dashboard, { variables: { groupBy } });
  const total = data?.slaDashboard.total;
  const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);
  const at = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleString(i18n.language) : '—';
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('sla.title')}
        </Typography.Title>
      }
    >
      {error && <Alert type="error" message={error.message} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="sla-totals">
        {TOTALS.map((key) => (
          <Col xs={12} md={4} key={key}>
            <Statistic
              title={t(`sla.${key}`)}
              value={key === 'met' ? percent(total?.slaMetPercent) : (total?.[key] ?? 0)}
            />
          </Col>
        ))}
      </Row>
      <Segmented<SlaDashboardGrouping>
        value={groupBy}
        onChange={setGroupBy}
        options={[
          { value: 'TEAM', label: t('sla.byTeam') },
          { value: 'AGENT', label: t('sla.byAgent') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Table
        rowKey={(r) => r.key ?? '—'}
        loading={loading}
        dataSource={data?.slaDashboard.rows ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: groupBy === 'TEAM' ? t('sla.team') : t('sla.agent'),
            dataIndex: 'key',
            render: (k: string | null) => k ?? t('sla.nobody'),
          },
          { title: t('sla.open'), dataIndex: 'open' },
          { title: t('sla.breached'), dataIndex: 'breached' },
          { title: t('sla.warned'), dataIndex: 'warned' },
          { title: t('sla.escalated'), dataIndex: 'escalated' },
          { title: t('sla.resolved'), dataIndex: 'resolved' },
          { title: t('sla.met'), dataIndex: 'slaMetPercent', render: percent },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('sla.atRisk')}
      </Typography.Title>
      <Table
        rowKey="ticketId"
        loading={loading}
        dataSource={data?.slaDashboard.atRisk ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          { title: t('tickets.subject'), dataIndex: 'subject' },
          { title: t('tickets.priority'), dataIndex: 'priority' },
          {
            title: t('sla.agent'),
            dataIndex: 'assigneeId',
            render: (a: string | null) => a ?? t('sla.nobody'),
          },
          {
            title: t('tickets.sla'),
            key: 'marks',
            render: (_: unknown, ticket) =>
              ticket.slaMarks.map((m) => (
                <Tag key={m.milestone} color={m.breachedAt ? 'red' : 'orange'}>
                  {t(`tickets.milestone.${m.milestone}`, { defaultValue: m.milestone })}:{' '}
                  {m.breachedAt ? at(m.breachedAt) : at(m.dueAt)}
                </Tag>
              )),
          },
        ]}
      />
    </Card>
  );
}
