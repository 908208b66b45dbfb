// The quotes of one opportunity, newest first, with what the user may do next: write a new one
// from the opportunity's lines, approve a version waiting for approval (sales managers, admins),
// send a draft that needs no (more) approval to the customer. Each action is read back at its
// position.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { ConsoleOpportunityQuotesQuery } from '../graphql/generated/graphql';
import { Approve } from '../home/HomeScreen';
import { mayApproveQuotes, mayApproveStep } from '../navigation/screens';
import { NextApprover } from './ApprovalRoute';
import { type LineItem } from './LineItemsField';
import { NewQuote } from './NewQuote';
import { quoteColumns } from './quote-columns';

type Quote = ConsoleOpportunityQuotesQuery['quotes'][number];

const QuotesOf = graphql(`
  query ConsoleOpportunityQuotes($opportunityId: ID!, $atLeastPosition: String) {
    quotes(opportunityId: $opportunityId, atLeastPosition: $atLeastPosition) {
      quoteId
      version
      status
      amount
      currency
      awaitingApproval
      approvalReasons
      approvedVersion
      approvedSteps
      nextApproverRole
      approvalSteps {
        approverRole
        reasons
      }
      validUntil
      rejectedReason
    }
  }
`);

const Send = graphql(`
  mutation ConsoleSendQuote($input: SendQuoteInput!) {
    sendQuote(input: $input) {
      position
    }
  }
`);

export function OpportunityQuotes(props: {
  opportunityId: string;
  /** The opportunity is open and the user sells: new quotes and sending are offered. */
  mayWrite: boolean;
  lines: readonly LineItem[];
}): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const { opportunityId } = props;
  const { data, loading, error, refetch } = useQuery(QuotesOf, { variables: { opportunityId } });
  const [approve, approving] = useMutation(Approve);
  const [send, sending] = useMutation(Send);
  const mayApprove = mayApproveQuotes(session.user.roles);
  const readBack = (position: string | undefined) =>
    refetch({ opportunityId, atLeastPosition: position ?? null });

  const act = async (run: () => Promise<string | undefined>, done: string) => {
    try {
      await readBack(await run());
      void message.success(done);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card
      title={t('opportunity.quotes')}
      extra={
        props.mayWrite && (
          <NewQuote
            from={{ opportunityId, lines: props.lines }}
            onCreated={(position) => void readBack(position)}
          />
        )
      }
    >
      {error && <Alert type="error" message={error.message} />}
      <Table
        data-testid="opportunity-quotes"
        rowKey="quoteId"
        loading={loading}
        dataSource={data?.quotes ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          ...quoteColumns<Quote>(t, i18n.language, (q) => (
            <>
              {q.awaitingApproval &&
                q.approvalReasons.map((r) => (
                  <Tag key={r} color="gold">
                    {r}
                  </Tag>
                ))}
              <NextApprover quote={q} />
              {q.approvedVersion === q.version && (
                <Tag color="green">{t('opportunity.approved')}</Tag>
              )}
            </>
          )),
          {
            title: t('opportunity.actions'),
            key: 'actions',
            render: (_: unknown, q) => (
              <Space>
                {mayApprove &&
                  q.awaitingApproval &&
                  q.nextApproverRole &&
                  mayApproveStep(session.user.roles, q.nextApproverRole) && (
                    <Button
                      size="small"
                      type="primary"
                      loading={approving.loading}
                      onClick={() =>
                        void act(async () => {
                          const r = await approve({
                            variables: { input: { quoteId: q.quoteId, version: q.version } },
                          });
                          return r.data?.approveQuote.position;
                        }, t('quotes.approved'))
                      }
                    >
                      {t('quotes.approve')}
                    </Button>
                  )}
                {props.mayWrite && q.status === 'DRAFT' && !q.awaitingApproval && (
                  <Button
                    size="small"
                    loading={sending.loading}
                    onClick={() =>
                      void act(async () => {
                        const r = await send({ variables: { input: { quoteId: q.quoteId } } });
                        return r.data?.sendQuote.position;
                      }, t('opportunity.sent'))
                    }
                  >
                    {t('opportunity.send')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
