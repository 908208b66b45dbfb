// Quotes in the user's scope by status; approvers (sales managers, admins) also get the queue of
// quotes waiting for their approval, approvable in place.
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { ConsoleQuotesQuery, QuoteStatus } from '../graphql/generated/graphql';
import { ApprovalQueue } from '../home/HomeScreen';
import { mayApproveQuotes, maySell } from '../navigation/screens';
import { NextApprover } from './ApprovalRoute';
import { NewQuote } from './NewQuote';
import { quoteColumns } from './quote-columns';

const Quotes = graphql(`
  query ConsoleQuotes($statuses: [QuoteStatus!], $atLeastPosition: String) {
    quotes(statuses: $statuses, atLeastPosition: $atLeastPosition) {
      quoteId
      opportunityId
      version
      status
      amount
      currency
      awaitingApproval
      validUntil
      createdAt
      approvedSteps
      nextApproverRole
      approvalSteps {
        approverRole
        reasons
      }
    }
  }
`);

type Quote = ConsoleQuotesQuery['quotes'][number];

const STATUSES: QuoteStatus[] = ['DRAFT', 'SENT', 'ACCEPTED', 'REJECTED', 'EXPIRED'];

export function QuotesScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [statuses, setStatuses] = useState<QuoteStatus[]>(['DRAFT', 'SENT']);
  const { data, loading, error, refetch } = useQuery(Quotes, { variables: { statuses } });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {mayApproveQuotes(session.user.roles) && <ApprovalQueue />}
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('quotes.title')}
          </Typography.Title>
        }
        extra={
          maySell(session.user.roles) && (
            // Read at the new quote's position: it is listed at once.
            <NewQuote
              onCreated={(position) => void refetch({ statuses, atLeastPosition: position })}
            />
          )
        }
      >
        <Select
          mode="multiple"
          aria-label={t('quotes.status')}
          value={statuses}
          onChange={setStatuses}
          options={STATUSES.map((s) => ({ value: s, label: s }))}
          style={{ minWidth: 280, marginBottom: 16 }}
        />
        {error && <Alert type="error" message={error.message} />}
        <Table
          rowKey="quoteId"
          loading={loading}
          dataSource={data?.quotes ?? []}
          scroll={{ x: true }}
          locale={{ emptyText: t('common.empty') }}
          columns={[
            ...quoteColumns<Quote>(t, i18n.language, (q) => <NextApprover quote={q} />),
            {
              title: t('quotes.opportunity'),
              dataIndex: 'opportunityId',
              render: (id: string) => <Link to={`/opportunities/${id}`}>{t('common.open')}</Link>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
