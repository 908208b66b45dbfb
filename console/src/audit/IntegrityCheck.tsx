// The auditor's integrity check: the event store's hash chains and signed checkpoints verified
// over a range of global positions (the first million by default, the most one check may span),
// with every finding listed.
import { useLazyQuery } from '@apollo/client/react';
import { Alert, Button, Card, Form, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';

const Verify = graphql(`
  query ConsoleVerifyIntegrity($range: IntegrityRangeInput!) {
    verifyIntegrity(range: $range) {
      ok
      checkedEvents
      sealedEvents
      unsealedEvents
      checkpoints
      findings {
        kind
        message
        streamId
        streamVersion
        globalPosition
      }
    }
  }
`);

export function IntegrityCheck(): React.ReactElement {
  const { t } = useTranslation();
  const [verify, { data, loading, error }] = useLazyQuery(Verify, { fetchPolicy: 'network-only' });
  const report = data?.verifyIntegrity;
  return (
    <Card title={t('audit.integrity')} data-testid="integrity-check">
      <Form<{ fromPosition: number; toPosition: number }>
        layout="inline"
        style={{ rowGap: 8, marginBottom: 16 }}
        // The gateway checks at most a million positions at a time (positions start at 1).
        initialValues={{ fromPosition: 1, toPosition: 1_000_000 }}
        onFinish={(range) => void verify({ variables: { range } })}
      >
        <Form.Item name="fromPosition" label={t('audit.fromPosition')}>
          <InputNumber min={1} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="toPosition" label={t('audit.toPosition')}>
          <InputNumber min={1} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>
          {t('audit.verify')}
        </Button>
      </Form>
      {error && <Alert type="error" message={error.message} />}
      {report && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={report.ok ? 'green' : 'red'} data-testid="integrity-verdict">
              {report.ok ? t('audit.intact') : t('audit.tampered')}
            </Tag>
            <Typography.Text>
              {t('audit.checked', {
                events: report.checkedEvents,
                sealed: report.sealedEvents,
                unsealed: report.unsealedEvents,
                checkpoints: report.checkpoints,
              })}
            </Typography.Text>
          </Space>
          {report.findings.length > 0 && (
            <Table
              size="small"
              rowKey={(f) => `${f.kind}-${f.globalPosition ?? ''}-${f.streamId ?? ''}`}
              dataSource={report.findings}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: t('audit.finding'), dataIndex: 'kind' },
                { title: t('audit.position'), dataIndex: 'globalPosition' },
                { title: t('audit.streamId'), dataIndex: 'streamId', responsive: ['md'] },
                { title: t('audit.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
