// "My day": the signed-in user's open activities due by the end of today, the quotes waiting for
// their approval and the tickets near an SLA breach. Each part shows only for roles that may read
// (or, for approvals, decide) it: navigation/screens.ts homeSections.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Col, List, Row, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import { formatMinutes } from '../app/durations';
import { graphql } from '../graphql/generated';
import { homeSections } from '../navigation/screens';
import { OPEN, Queue } from '../screens/TicketsScreen';
import { FollowUpsDue } from './FollowUpsDue';
import { endOfToday, ticketsNearBreach } from './my-day';

const Activities = graphql(`
  query ConsoleMyActivities($dueBefore: String) {
    myActivities(dueBefore: $dueBefore) {
      activityId
      kind
      subject
      dueAt
      overdue
      about {
        kind
        id
      }
    }
  }
`);

export const AwaitingApproval = graphql(`
  query ConsoleQuotesAwaitingApproval($atLeastPosition: String) {
    quotes(awaitingApproval: true, atLeastPosition: $atLeastPosition) {
      quoteId
      version
      amount
      currency
      approvalReasons
      validUntil
      customerId
      opportunityId
      status
    }
  }
`);

export const Approve = graphql(`
  mutation ConsoleApproveQuote($input: ApproveQuoteInput!) {
    approveQuote(input: $input) {
      position
    }
  }
`);

function MyActivities(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const dueBefore = useMemo(() => endOfToday(new Date()).toISOString(), []);
  const { data, loading, error } = useQuery(Activities, {
    variables: { dueBefore },
    pollInterval: 60_000,
  });
  return (
    <Card title={t('home.activities')} size="small" data-testid="home-activities">
      {error && <Alert type="error" message={error.message} />}
      <List
        loading={loading}
        dataSource={data?.myActivities ?? []}
        locale={{ emptyText: t('home.noActivities') }}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={a.subject}
              description={
                <Space wrap>
                  <Tag>{t(`home.kinds.${a.kind}`, { defaultValue: a.kind })}</Tag>
                  <span>{new Date(a.dueAt).toLocaleString(i18n.language)}</span>
                  {a.overdue && <Tag color="red">{t('home.overdue')}</Tag>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Quotes waiting for the user's approval, each approvable in place (the version reviewed). */
export function ApprovalQueue(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(AwaitingApproval, { variables: {} });
  const [approve, approving] = useMutation(Approve);
  async function onApprove(quoteId: string, version: number): Promise<void> {
    try {
      const result = await approve({ variables: { input: { quoteId, version } } });
      // Read our own write: the queue answers once it reflects the approval.
      await refetch({ atLeastPosition: result.data?.approveQuote.position ?? null });
      void message.success(t('quotes.approved'));
    } catch (e) {
      void message.error((e as Error).message);
    }
  }
  return (
    <Card title={t('home.approvals')} size="small" data-testid="home-approvals">
      {error && <Alert type="error" message={error.message} />}
      <List
        loading={loading}
        dataSource={data?.quotes ?? []}
        locale={{ emptyText: t('home.noApprovals') }}
        renderItem={(q) => (
          <List.Item
            data-testid={`approval-${q.quoteId}`}
            actions={[
              <Button
                key="approve"
                type="primary"
                size="small"
                loading={approving.loading}
                onClick={() => void onApprove(q.quoteId, q.version)}
              >
                {t('quotes.approve')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`${Number(q.amount).toLocaleString(i18n.language, { style: 'currency', currency: q.currency })} · v${q.version}`}
              description={
                <Space wrap>
                  {q.approvalReasons.map((r) => (
                    <Tag key={r} color="gold">
                      {r}
                    </Tag>
                  ))}
                  <span>
                    {t('quotes.validUntil', {
                      date: new Date(q.validUntil).toLocaleDateString(i18n.language),
                    })}
                  </span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function NearBreach(): React.ReactElement {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(Queue, {
    variables: { statuses: OPEN },
    pollInterval: 60_000,
  });
  const urgent = ticketsNearBreach(data?.ticketQueue ?? [], new Date());
  return (
    <Card title={t('home.nearBreach')} size="small" data-testid="home-near-breach">
      {error && <Alert type="error" message={error.message} />}
      <List
        loading={loading}
        dataSource={urgent}
        locale={{ emptyText: t('home.noBreach') }}
        renderItem={({ ticket, minutesLeft }) => (
          <List.Item>
            <List.Item.Meta
              title={ticket.subject}
              description={
                <Space wrap>
                  <Tag>{ticket.priority}</Tag>
                  <Tag color={minutesLeft < 0 ? 'red' : 'orange'}>
                    {minutesLeft < 0
                      ? t('tickets.overdue', { time: formatMinutes(minutesLeft) })
                      : t('tickets.left', { time: formatMinutes(minutesLeft) })}
                  </Tag>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

const SECTIONS = {
  activities: MyActivities,
  approvals: ApprovalQueue,
  nearBreach: NearBreach,
  followUps: FollowUpsDue,
} as const;

export function HomeScreen(): React.ReactElement {
  const { t } = useTranslation();
  const session = useSignedIn();
  const sections = homeSections(session.user.roles);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('home.title', { name: session.user.displayName })}
      </Typography.Title>
      {sections.length === 0 && <Typography.Text>{t('home.nothing')}</Typography.Text>}
      <Row gutter={[16, 16]}>
        {sections.map((id) => {
          const Section = SECTIONS[id];
          return (
            <Col key={id} xs={24} lg={12} xxl={8}>
              <Section />
            </Col>
          );
        })}
      </Row>
    </Space>
  );
}
