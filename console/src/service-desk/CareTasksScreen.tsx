// Care tasks in the user's scope (agents: theirs and unassigned; leads: the team's; admins: all),
// soonest due first: birthdays, purchase follow-ups, warranty expiries and detractor follow-ups.
// Agents and leads complete a task or dismiss it with a reason; the list then reads its own write.
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Form, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ScreenCard, StatusSelect } from '../app/list-controls';
import { formErrorsOf } from '../app/field-errors';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { CareTaskDismissReason, CareTaskStatus } from '../graphql/generated/graphql';
import { mayAnswerTickets } from '../navigation/screens';

const CareTasks = graphql(`
  query ConsoleCareTasks($statuses: [CareTaskStatus!], $atLeastPosition: String) {
    careTasks(statuses: $statuses, limit: 200, atLeastPosition: $atLeastPosition) {
      taskId
      kind
      customerId
      ticketId
      score
      dueAt
      status
      assigneeId
      dismissReason
    }
  }
`);

const Complete = graphql(`
  mutation ConsoleCompleteCareTask($input: CompleteCareTaskInput!) {
    completeCareTask(input: $input) {
      position
    }
  }
`);

const Dismiss = graphql(`
  mutation ConsoleDismissCareTask($input: DismissCareTaskInput!) {
    dismissCareTask(input: $input) {
      position
    }
  }
`);

const STATUSES: readonly CareTaskStatus[] = ['OPEN', 'COMPLETED', 'DISMISSED'];
const REASONS: readonly CareTaskDismissReason[] = [
  'NOT_NEEDED',
  'CUSTOMER_DECLINED',
  'CUSTOMER_UNREACHABLE',
  'DUPLICATE',
];
const KIND_COLOURS: Record<string, string> = {
  birthday: 'gold',
  purchase_follow_up: 'blue',
  warranty_expiry: 'orange',
  detractor_follow_up: 'red',
};

export function CareTasksScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayAct = mayAnswerTickets(useSignedIn().user.roles);
  const [statuses, setStatuses] = useState<CareTaskStatus[]>(['OPEN']);
  const { data, loading, error, refetch } = useQuery(CareTasks, { variables: { statuses } });
  const [complete, completing] = useMutation(Complete);
  const [dismiss, dismissing] = useMutation(Dismiss);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [form] = Form.useForm<{ reason: CareTaskDismissReason }>();

  /** After a write: the list as of that write, and a confirmation. */
  const settled = async (position: string, done: string) => {
    await refetch({ statuses, atLeastPosition: position });
    void message.success(done);
  };

  const completeTask = async (taskId: string) => {
    try {
      const result = await complete({
        variables: { input: { taskId, idempotencyKey: `console-care-complete-${taskId}` } },
      });
      if (result.data) await settled(result.data.completeCareTask.position, t('care.completed'));
    } catch (e) {
      void message.error(Object.values(formErrorsOf(e)).join(' '));
    }
  };

  const dismissTask = async ({ reason }: { reason: CareTaskDismissReason }) => {
    if (!dismissed) return;
    setReasonError(undefined);
    try {
      const result = await dismiss({
        variables: {
          input: { taskId: dismissed, reason, idempotencyKey: `console-care-dismiss-${dismissed}` },
        },
      });
      if (!result.data) return;
      setDismissed(null);
      form.resetFields();
      await settled(result.data.dismissCareTask.position, t('care.dismissed'));
    } catch (e) {
      const byField = formErrorsOf(e);
      setReasonError(byField['reason'] ?? Object.values(byField).join(' '));
    }
  };

  return (
    <ScreenCard title={t('care.title')}>
      <StatusSelect
        label={t('care.status')}
        statuses={STATUSES}
        value={statuses}
        onChange={setStatuses}
      />
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table
        rowKey="taskId"
        onRow={(task) => ({ 'data-testid': `care-task-${task.taskId}` }) as object}
        loading={loading}
        dataSource={data?.careTasks ?? []}
        pagination={{ pageSize: 25 }}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('care.kind'),
            dataIndex: 'kind',
            render: (kind: string) => (
              <Tag color={KIND_COLOURS[kind]}>{t(`care.kinds.${kind}`, kind)}</Tag>
            ),
          },
          {
            title: t('care.due'),
            dataIndex: 'dueAt',
            render: (at: string) => new Date(at).toLocaleDateString(i18n.language),
          },
          {
            title: t('care.customer'),
            dataIndex: 'customerId',
            render: (id: string | null) =>
              id ? <Link to={`/customers/${encodeURIComponent(id)}`}>{id}</Link> : '—',
          },
          {
            title: t('care.score'),
            dataIndex: 'score',
            responsive: ['md'],
            render: (score: number | null) => score ?? '—',
          },
          {
            title: t('care.status'),
            dataIndex: 'status',
            render: (status: string, task) =>
              task.dismissReason
                ? `${status} (${t(`care.reasons.${task.dismissReason.toUpperCase()}`)})`
                : status,
          },
          ...(mayAct
            ? [
                {
                  title: t('care.actions'),
                  key: 'actions',
                  render: (_: unknown, task: { taskId: string; status: string }) =>
                    task.status === 'OPEN' ? (
                      <Space>
                        <Button
                          size="small"
                          type="primary"
                          loading={completing.loading}
                          onClick={() => void completeTask(task.taskId)}
                        >
                          {t('care.complete')}
                        </Button>
                        <Button size="small" onClick={() => setDismissed(task.taskId)}>
                          {t('care.dismiss')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={dismissed !== null}
        title={t('care.dismissTitle')}
        okText={t('care.dismiss')}
        confirmLoading={dismissing.loading}
        onOk={() => form.submit()}
        cancelText={t('common.cancel')}
        onCancel={() => {
          setDismissed(null);
          setReasonError(undefined);
        }}
      >
        <Form form={form} layout="vertical" onFinish={(v) => void dismissTask(v)}>
          <Form.Item
            name="reason"
            label={t('care.reason')}
            rules={[{ required: true, message: t('care.reasonRequired') }]}
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError}
          >
            <Select
              aria-label={t('care.reason')}
              options={REASONS.map((r) => ({ value: r, label: t(`care.reasons.${r}`) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </ScreenCard>
  );
}
