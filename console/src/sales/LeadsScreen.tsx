// The lead queue in the user's sales scope, best score first: qualify a lead, or disqualify it
// with a reason. After either, the queue is read at the command's position (it reads its own
// write), so the lead moves out of the open ones at once.
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ScreenCard, StatusSelect } from '../app/list-controls';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { LeadStatus } from '../graphql/generated/graphql';
import { maySell } from '../navigation/screens';

const Leads = graphql(`
  query ConsoleLeads($statuses: [LeadStatus!], $atLeastPosition: String) {
    leads(statuses: $statuses, atLeastPosition: $atLeastPosition) {
      leadId
      companyName
      source
      status
      capturedAt
      disqualifiedReason
      score {
        score
      }
    }
  }
`);

const Qualify = graphql(`
  mutation ConsoleQualifyLead($input: QualifyLeadInput!) {
    qualifyLead(input: $input) {
      position
    }
  }
`);

const Disqualify = graphql(`
  mutation ConsoleDisqualifyLead($input: DisqualifyLeadInput!) {
    disqualifyLead(input: $input) {
      position
    }
  }
`);

const STATUSES: LeadStatus[] = ['OPEN', 'QUALIFIED', 'CONVERTED', 'DISQUALIFIED'];

export function LeadsScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayAct = maySell(useSignedIn().user.roles);
  const [statuses, setStatuses] = useState<LeadStatus[]>(['OPEN']);
  const { data, loading, error, refetch } = useQuery(Leads, { variables: { statuses } });
  const [qualify] = useMutation(Qualify);
  const [disqualify, disqualifying] = useMutation(Disqualify);
  const [disqualifyingLead, setDisqualifyingLead] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const rows = [...(data?.leads ?? [])].sort(
    (a, b) => (b.score?.score ?? -1) - (a.score?.score ?? -1),
  );
  const readOwnWrite = (position: string) => refetch({ statuses, atLeastPosition: position });
  const failed = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));

  const qualifyLead = async (leadId: string) => {
    try {
      const result = await qualify({ variables: { input: { leadId } } });
      if (result.data) await readOwnWrite(result.data.qualifyLead.position);
    } catch (e) {
      failed(e);
    }
  };
  const disqualifyLead = async ({ reason }: { reason: string }) => {
    if (!disqualifyingLead) return;
    try {
      const result = await disqualify({
        variables: { input: { leadId: disqualifyingLead, reason } },
      });
      setDisqualifyingLead(null);
      form.resetFields();
      if (result.data) await readOwnWrite(result.data.disqualifyLead.position);
    } catch (e) {
      failed(e);
    }
  };

  return (
    <ScreenCard title={t('leads.title')}>
      <StatusSelect
        label={t('leads.status')}
        statuses={STATUSES}
        value={statuses}
        onChange={setStatuses}
      />
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table
        rowKey="leadId"
        loading={loading}
        dataSource={rows}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('leads.lead'),
            key: 'lead',
            // Opens the lead page: its follow-up, conversion and notes.
            render: (_: unknown, lead) => (
              <Link to={`/leads/${lead.leadId}`}>
                {lead.companyName ?? lead.leadId.slice(0, 8)}
              </Link>
            ),
          },
          {
            title: t('leads.score'),
            key: 'score',
            render: (_: unknown, lead) =>
              lead.score ? Math.round(lead.score.score).toString() : '—',
          },
          { title: t('leads.source'), dataIndex: 'source', responsive: ['md'] },
          {
            title: t('leads.status'),
            key: 'status',
            render: (_: unknown, lead) => (
              <Tag title={lead.disqualifiedReason ?? undefined}>{lead.status}</Tag>
            ),
          },
          {
            title: t('leads.capturedAt'),
            dataIndex: 'capturedAt',
            responsive: ['lg'],
            render: (at: string) => new Date(at).toLocaleDateString(i18n.language),
          },
          ...(mayAct
            ? [
                {
                  title: t('leads.actions'),
                  key: 'actions',
                  render: (_: unknown, lead: { leadId: string; status: LeadStatus }) =>
                    lead.status === 'OPEN' && (
                      <Space wrap>
                        <Button size="small" onClick={() => void qualifyLead(lead.leadId)}>
                          {t('leads.qualify')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          onClick={() => setDisqualifyingLead(lead.leadId)}
                        >
                          {t('leads.disqualify')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={disqualifyingLead !== null}
        title={t('leads.disqualify')}
        okText={t('leads.disqualify')}
        cancelText={t('common.cancel')}
        confirmLoading={disqualifying.loading}
        onOk={() => form.submit()}
        onCancel={() => setDisqualifyingLead(null)}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void disqualifyLead(v)}>
          <Form.Item
            name="reason"
            label={t('leads.reason')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </ScreenCard>
  );
}
