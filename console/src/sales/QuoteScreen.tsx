// One quote version (opened from a quote list): its amount, validity (the day where the customer
// is, ADR 0381), lines, the approval route with who must approve next and the Approve button for
// whoever may give that step (ADR 0382), and the quote's internal notes. Read back at each
// write's position.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { Approve } from '../home/HomeScreen';
import { mayApproveStep } from '../navigation/screens';
import { ApprovalRoute } from './ApprovalRoute';
import { SalesNotes } from './SalesNotes';

const Quote = graphql(`
  query ConsoleQuote($quoteId: ID!, $atLeastPosition: String) {
    quote(quoteId: $quoteId, atLeastPosition: $atLeastPosition) {
      quoteId
      opportunityId
      customerId
      version
      status
      amount
      currency
      validUntil
      validUntilDate
      customerTimeZone
      awaitingApproval
      approvedSteps
      nextApproverRole
      approvalSteps {
        approverRole
        reasons
      }
      rejectedReason
      lines {
        name
        sku
        category
        quantity
        unitPrice
        discountPercent
        netAmount
      }
    }
  }
`);

export function QuoteScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const { quoteId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(Quote, { variables: { quoteId } });
  const [approve, approving] = useMutation(Approve);
  const q = data?.quote;
  if (error) return <Alert type="error" message={error.message} />;
  if (!q) return <Card loading={loading} />;
  const next = q.awaitingApproval ? q.nextApproverRole : null;

  const approveNextStep = async () => {
    try {
      const result = await approve({ variables: { input: { quoteId, version: q.version } } });
      await refetch({ quoteId, atLeastPosition: result.data?.approveQuote.position ?? null });
      void message.success(t('quotes.approved'));
    } catch (e) {
      // NOT_THE_APPROVER and the like: the gateway's typed error, in its words.
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Link to={`/opportunities/${q.opportunityId}`}>← {t('quotes.opportunity')}</Link>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="quote-title">
            {t('salesRecords.quoteTitle', {
              amount: Number(q.amount).toLocaleString(i18n.language, {
                style: 'currency',
                currency: q.currency,
              }),
              version: q.version,
            })}
          </Typography.Title>
        }
        extra={<Tag data-testid="quote-status">{q.status}</Tag>}
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('quotes.validUntilColumn')}>
            {q.validUntilDate && q.customerTimeZone
              ? t('salesRecords.validThrough', { date: q.validUntilDate, zone: q.customerTimeZone })
              : new Date(q.validUntil).toLocaleString(i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.customer')}>
            <Link to={`/customers/${q.customerId}`}>{t('opportunity.openCustomer')}</Link>
          </Descriptions.Item>
          {q.rejectedReason ? (
            <Descriptions.Item label={t('leads.reason')}>{q.rejectedReason}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card
        title={t('salesRecords.approval')}
        extra={
          next &&
          mayApproveStep(session.user.roles, next) && (
            <Button
              type="primary"
              loading={approving.loading}
              onClick={() => void approveNextStep()}
            >
              {t('quotes.approve')}
            </Button>
          )
        }
      >
        <ApprovalRoute quote={q} />
      </Card>
      <Card title={t('opportunity.lines')}>
        <Table
          rowKey={(l) => `${l.name}/${l.sku ?? ''}/${l.unitPrice}`}
          dataSource={q.lines}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('quotes.lineName'), dataIndex: 'name' },
            { title: t('quotes.category'), dataIndex: 'category', responsive: ['md'] },
            { title: t('quotes.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('quotes.unitPrice'), dataIndex: 'unitPrice', align: 'right' },
            { title: t('quotes.discount'), dataIndex: 'discountPercent', align: 'right' },
            { title: t('opportunity.net'), dataIndex: 'netAmount', align: 'right' },
          ]}
        />
      </Card>
      <SalesNotes aboutKind="QUOTE" aboutId={q.quoteId} />
    </Space>
  );
}
