// One ticket opened from the queue: what the agent queue knows of it (status, priority, channel,
// when the customer last wrote and the agent last answered), the articles suggested for it, and
// the reply box. After a reply the drawer reads the ticket at the reply's position, so the new
// "last reply" time shows at once. The messages' text is not served by the gateway's GraphQL API
// yet, so the conversation shows as its times only.
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Descriptions, Drawer, Form, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorsOf } from '../app/field-errors';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { mayAnswerTickets } from '../navigation/screens';

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
    }
    suggestedArticles(ticketId: $ticketId, limit: 3) {
      score
      article {
        articleId
        locale
        published {
          title
        }
      }
    }
  }
`);

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
  const ticket = data?.ticket;
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
        </Descriptions>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('tickets.suggested')}
      </Typography.Title>
      <List
        size="small"
        loading={loading}
        dataSource={data?.suggestedArticles ?? []}
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
