// The tenant's quote approval policy (ADR 0382), for admins (auditors read it): its levels in the
// order their approvers approve, each with the discount and amount above which it must approve.
// "Edit levels" saves a new version whole; the gateway's typed errors show at the level's field
// (a role named twice, an amount that is not money). Quotes written from then on follow it.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ErrorAt, FormDialog } from '../app/FormDialog';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { QuoteApproverRole } from '../graphql/generated/graphql';
import { mayDefineApprovalPolicy } from '../navigation/screens';

const Policy = graphql(`
  query ConsoleQuoteApprovalPolicy {
    quoteApprovalPolicy {
      version
      definedAt
      levels {
        approverRole
        maxDiscountPercent
        maxAmount
      }
    }
  }
`);

const Define = graphql(`
  mutation ConsoleDefineQuoteApprovalPolicy($input: DefineQuoteApprovalPolicyInput!) {
    defineQuoteApprovalPolicy(input: $input) {
      position
    }
  }
`);

interface Level {
  approverRole: QuoteApproverRole;
  maxDiscountPercent: number;
  maxAmount: string;
}

const ROLES: QuoteApproverRole[] = ['SALES_MANAGER', 'ADMIN'];

function LevelsField(props: { errorAt: ErrorAt }): React.ReactElement {
  const { t } = useTranslation();
  const { errorAt } = props;
  return (
    <Form.List name="levels">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Space key={field.key} wrap align="start" data-testid="policy-level">
              <Form.Item
                name={[field.name, 'approverRole']}
                label={t('salesRecords.approver')}
                rules={[{ required: true }]}
                {...errorAt(`levels[${i}].approverRole`)}
              >
                <Select
                  aria-label={t('salesRecords.approver')}
                  style={{ width: 170 }}
                  options={ROLES.map((r) => ({
                    value: r,
                    label: t(`salesRecords.approverRoles.${r}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'maxDiscountPercent']}
                label={t('salesRecords.maxDiscount')}
                rules={[{ required: true }]}
                {...errorAt(`levels[${i}].maxDiscountPercent`)}
              >
                <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'maxAmount']}
                label={t('salesRecords.maxAmount')}
                rules={[{ required: true, whitespace: true }]}
                {...errorAt(`levels[${i}].maxAmount`)}
              >
                <Input inputMode="decimal" style={{ width: 140 }} />
              </Form.Item>
              {fields.length > 1 && (
                <Button
                  style={{ marginTop: 30 }}
                  aria-label={t('salesRecords.removeLevel')}
                  onClick={() => remove(field.name)}
                >
                  −
                </Button>
              )}
            </Space>
          ))}
          {fields.length < ROLES.length && (
            <Button
              onClick={() => add({ approverRole: 'ADMIN', maxDiscountPercent: 30, maxAmount: '' })}
            >
              {t('salesRecords.addLevel')}
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

export function ApprovalPolicyScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const { data, loading, error, refetch } = useQuery(Policy);
  const [define] = useMutation(Define);
  const policy = data?.quoteApprovalPolicy;
  return (
    <Card
      title={t('salesRecords.policyTitle')}
      extra={
        policy &&
        mayDefineApprovalPolicy(session.user.roles) && (
          <FormDialog<{ levels: Level[] }>
            label={t('salesRecords.editLevels')}
            width={720}
            initialValues={{ levels: policy.levels.map((l) => ({ ...l })) }}
            save={async ({ levels }, idempotencyKey) => {
              const input = { levels, idempotencyKey };
              return (await define({ variables: { input } })).data?.defineQuoteApprovalPolicy
                .position;
            }}
            // The policy is read from the event store, which already holds the new version.
            onSaved={() =>
              void refetch().then(() => message.success(t('salesRecords.policySaved')))
            }
          >
            {(errorAt) => <LevelsField errorAt={errorAt} />}
          </FormDialog>
        )
      }
    >
      {error && <Alert type="error" message={error.message} />}
      {policy && (
        <Alert
          style={{ marginBottom: 16 }}
          data-testid="policy-version"
          message={
            policy.version === 0
              ? t('salesRecords.defaultPolicy')
              : t('salesRecords.policyVersion', {
                  version: policy.version,
                  at: new Date(policy.definedAt ?? '').toLocaleString(i18n.language),
                })
          }
        />
      )}
      <Table
        data-testid="policy-levels"
        rowKey="approverRole"
        loading={loading}
        dataSource={policy?.levels ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: '#', key: 'order', render: (_: unknown, _l, i) => i + 1 },
          {
            title: t('salesRecords.approver'),
            dataIndex: 'approverRole',
            render: (r: QuoteApproverRole) => t(`salesRecords.approverRoles.${r}`),
          },
          { title: t('salesRecords.maxDiscount'), dataIndex: 'maxDiscountPercent', align: 'right' },
          { title: t('salesRecords.maxAmount'), dataIndex: 'maxAmount', align: 'right' },
        ]}
      />
    </Card>
  );
}
