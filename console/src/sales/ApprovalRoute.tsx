// A quote version's approval route under the tenant's policy (ADR 0382): the steps in the order
// their approvers give them, those given marked done, and in words who must approve next.
import { Alert, Space, Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteApproverRole } from '../graphql/generated/graphql';

export interface QuoteRoute {
  readonly approvalSteps: readonly {
    readonly approverRole: QuoteApproverRole;
    readonly reasons: readonly string[];
  }[];
  readonly approvedSteps: number;
  readonly nextApproverRole?: QuoteApproverRole | null;
  readonly awaitingApproval: boolean;
}

/** "Next: Admin", "approved", or nothing when the version needs no approval. */
export function NextApprover(props: { quote: QuoteRoute }): React.ReactElement | null {
  const { t } = useTranslation();
  const { quote } = props;
  if (quote.approvalSteps.length === 0) return null;
  if (quote.awaitingApproval && quote.nextApproverRole)
    return (
      <Tag color="gold" data-testid="next-approver">
        {t('salesRecords.nextApprover', {
          role: t(`salesRecords.approverRoles.${quote.nextApproverRole}`),
        })}
      </Tag>
    );
  return null;
}

export function ApprovalRoute(props: { quote: QuoteRoute }): React.ReactElement {
  const { t } = useTranslation();
  const { quote } = props;
  if (quote.approvalSteps.length === 0)
    return <Alert type="success" showIcon message={t('salesRecords.noApprovalNeeded')} />;
  const next = quote.nextApproverRole;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="approval-route">
      <Alert
        type={quote.awaitingApproval ? 'warning' : 'success'}
        showIcon
        data-testid="approval-next"
        message={
          quote.awaitingApproval && next
            ? t('salesRecords.mustApproveNext', {
                role: t(`salesRecords.approverRoles.${next}`),
                step: quote.approvedSteps + 1,
                steps: quote.approvalSteps.length,
              })
            : t('salesRecords.fullyApproved')
        }
      />
      <Steps
        direction="vertical"
        size="small"
        current={quote.approvedSteps}
        items={quote.approvalSteps.map((step, i) => ({
          title: t(`salesRecords.approverRoles.${step.approverRole}`),
          description: step.reasons
            .map((r) => t(`salesRecords.reasons.${r}`, { defaultValue: r }))
            .join(', '),
          status:
            i < quote.approvedSteps
              ? 'finish'
              : i === quote.approvedSteps && quote.awaitingApproval
                ? 'process'
                : 'wait',
        }))}
      />
    </Space>
  );
}
