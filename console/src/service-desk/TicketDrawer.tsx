// The ticket 360, opened from the queue: what the agent queue knows of it (status, priority,
// channel, when the customer last wrote and the agent last answered), its customer (linked to
// their 360), its SLA clocks, the conversation with the messages' texts (customer messages,
// public replies and internal notes), the articles suggested for it, and the reply box — one
// GraphQL query (the ticket's fields, ADR 0293). While the agent writes a reply, the suggestions
// follow the draft (ADR 0315). After a reply the drawer reads the ticket at the reply's position, so
// the new reply and its time show at once.
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Descriptions, Drawer, Form, Input, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formErrorsOf } from '../app/field-errors';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { mayAnswerTickets } from '../navigation/screens';

graphql(`
  fragment ConsoleSuggestedArticle on ArticleMatch {
    score
    article {
      articleId
      locale
      published {
        title
      }
    }
  }
`);

const TicketDetail = graphql(`
  query ConsoleTicket($ticketId: ID!, $atLeastPosition: String) {
    ticket(ticketId: $ticketId, atLeastPosition: $atLeastPosition) {
      ticketId
      subject
      status
      priority
      channel
      type
      tags
      openedAt
      lastCustomerMessageAt
      lastAgentReplyAt
      customer {
        id
        displayName
      }
      slaClock {
        milestones {
          milestone
          state
          dueAt
        }
      }
      conversation {
        entries {
          kind
          body
          at
          authorId
        }
      }
      suggestedArticles(limit: 3) {
        ...ConsoleSuggestedArticle
      }
    }
  }
`);

const ReplySuggestions = graphql(`
  query ConsoleReplySuggestions($ticketId: ID!, $draft: String!) {
    suggestedArticles(ticketId: $ticketId, draft: $draft, limit: 3) {
      ...ConsoleSuggestedArticle
    }
  }
`);

/** How long typing must pause before the suggestions follow the draft. */
const DRAFT_PAUSE_MS = 400;

const KIND_COLOURS: Record<string, string> = { customer: 'blue', reply: 'green', note: 'gold' };
const CLOCK_COLOURS: Record<string, string> = {
  met: 'green',
  running: 'blue',
  paused: 'default',
  breached: 'red',
  missed: 'red',
};

const Reply = graphql(`
  mutation ConsoleReplyToTicket($input: TicketMessageInput!) {
    replyToTicket(input: $input) {
      position
    }
  }
`);

export function TicketDrawer(props: {
  ticketId: string | null;
  onClose: () => void;
  /** Called with the reply's position, for the queue to read its own write too. */
  onReplied: (position: string) => void;
}): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const mayAnswer = mayAnswerTickets(useSignedIn().user.roles);
  const { data, loading, error, refetch } = useQuery(TicketDetail, {
    variables: { ticketId: props.ticketId ?? '' },
    skip: !props.ticketId,
  });
  const [reply, replying] = useMutation(Reply);
  const [bodyError, setBodyError] = useState<string | undefined>();
  // One key per reply being written: a double click sends it once.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<{ body: string }>();
  const typed = (Form.useWatch('body', form) ?? '').trim();
  const [draft, setDraft] = useState('');
  useEffect(() => {
    const pause = setTimeout(() => setDraft(typed), DRAFT_PAUSE_MS);
    return () => clearTimeout(pause);
  }, [typed]);
  const forDraft = useQuery(ReplySuggestions, {
    variables: { ticketId: props.ticketId ?? '', draft },
    skip: !props.ticketId || !draft,
  });
  const ticket = data?.ticket;
  const suggestions =
    draft && forDraft.data ? forDraft.data.suggestedArticles : (ticket?.suggestedArticles ?? []);
  const at = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleString(i18n.language) : '—';

  const send = async ({ body }: { body: string }) => {
    if (!props.ticketId) return;
    setBodyError(undefined);
    try {
      const result = await reply({
        variables: {
          input: { ticketId: props.ticketId, body, idempotencyKey: `console-reply-${attempt}` },
        },
      });
      if (!result.data) return;
      const { position } = result.data.replyToTicket;
      form.resetFields();
      setAttempt(crypto.randomUUID());
      await refetch({ ticketId: props.ticketId, atLeastPosition: position });
      props.onReplied(position);
      void message.success(t('tickets.replied'));
    } catch (e) {
      const byField = formErrorsOf(e);
      setBodyError(byField['body'] ?? byField[''] ?? Object.values(byField).join(' '));
    }
  };

  return (
    <Drawer
      open={props.ticketId !== null}
      onClose={props.onClose}
      width={560}
      title={ticket?.subject ?? t('common.loading')}
      data-testid="ticket-drawer"
    >
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      {ticket && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('tickets.status')}>
            <Tag data-testid="ticket-status">{ticket.status}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.priority')}>{ticket.priority}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.channel')}>{ticket.channel}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.openedAt')}>{at(ticket.openedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.customerWrote')}>
            {at(ticket.lastCustomerMessageAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.agentReplied')}>
            <span data-testid="ticket-last-reply">{at(ticket.lastAgentReplyAt)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.customer')}>
            {ticket.customer ? (
              <Link to={`/customers/${ticket.customer.id}`}>{ticket.customer.displayName}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.sla')}>
            <span data-testid="ticket-sla">
              {ticket.slaClock.milestones.map((m) => (
                <Tag key={m.milestone} color={CLOCK_COLOURS[m.state]}>
                  {t(`tickets.milestone.${m.milestone}`, { defaultValue: m.milestone })}: {m.state}
                  {m.state === 'running' && m.dueAt ? ` (${at(m.dueAt)})` : ''}
                </Tag>
              ))}
            </span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('tickets.conversation')}
      </Typography.Title>
      <List
        size="small"
        data-testid="ticket-conversation"
        loading={loading}
        dataSource={ticket?.conversation.entries ?? []}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(entry) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag color={KIND_COLOURS[entry.kind]}>
                    {t(`tickets.kind.${entry.kind}`, { defaultValue: entry.kind })}
                  </Tag>
                  <Typography.Text type="secondary">
                    {at(entry.at)}
                    {entry.authorId ? ` · ${entry.authorId}` : ''}
                  </Typography.Text>
                </>
              }
              description={
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                  {entry.body}
                </Typography.Paragraph>
              }
            />
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('tickets.suggested')}
      </Typography.Title>
      <List
        size="small"
        data-testid="ticket-suggestions"
        loading={loading || forDraft.loading}
        dataSource={suggestions}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(match) => (
          <List.Item>{match.article.published?.title ?? match.article.articleId}</List.Item>
        )}
      />
      {mayAnswer && ticket && (
        <Form form={form} layout="vertical" onFinish={(v) => void send(v)}>
          <Form.Item
            name="body"
            label={t('tickets.reply')}
            rules={[{ required: true, whitespace: true }]}
            validateStatus={bodyError ? 'error' : undefined}
            help={bodyError}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={replying.loading}>
            {t('tickets.send')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
