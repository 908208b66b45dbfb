// The service-desk agent queue in the user's ticket scope, with each SLA milestone's clock
// counting down once a minute (near breach: orange, breached: red).
import { useQuery } from '@apollo/client/react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenCard, StatusSelect } from '../app/list-controls';
import { formatMinutes, slaCountdown, type SlaUrgency } from '../app/durations';
import { graphql } from '../graphql/generated';
import { TicketDrawer } from '../service-desk/TicketDrawer';

export const Queue = graphql(`
  query ConsoleTicketQueue($statuses: [String!], $atLeastPosition: String) {
    ticketQueue(statuses: $statuses, limit: 100, atLeastPosition: $atLeastPosition) {
      ticketId
      subject
      status
      priority
      lastActivityAt
      slaMarks {
        milestone
        dueAt
        breachedAt
        warnedAt
      }
    }
  }
`);

const STATUSES = [
  'new',
  'assigned',
  'in_progress',
  'waiting_on_customer',
  'waiting_on_third_party',
  'resolved',
  'closed',
];
/** The statuses of a ticket still being worked on. */
export const OPEN = STATUSES.slice(0, 5);
const COLOURS: Record<SlaUrgency, string> = {
  met: 'green',
  ok: 'blue',
  near: 'orange',
  breached: 'red',
  none: 'default',
};

/** The current time, refreshed every minute so clocks count down without refetching. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TicketsScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const now = useMinuteClock();
  const [statuses, setStatuses] = useState<string[]>(OPEN);
  const [opened, setOpened] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(Queue, {
    variables: { statuses },
    pollInterval: 30_000,
  });

  return (
    <ScreenCard title={t('tickets.title')}>
      <StatusSelect
        label={t('tickets.status')}
        statuses={STATUSES}
        value={statuses}
        onChange={setStatuses}
      />
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table
        rowKey="ticketId"
        loading={loading}
        dataSource={data?.ticketQueue ?? []}
        pagination={{ pageSize: 25 }}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('tickets.subject'),
            dataIndex: 'subject',
            // A button, so the ticket opens from the keyboard as well.
            render: (subject: string, ticket) => (
              <Button
                type="link"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => setOpened(ticket.ticketId)}
              >
                {subject}
              </Button>
            ),
          },
          {
            title: t('tickets.priority'),
            dataIndex: 'priority',
            render: (p: string) => <Tag>{p}</Tag>,
          },
          { title: t('tickets.status'), dataIndex: 'status', responsive: ['md'] },
          {
            title: t('tickets.sla'),
            key: 'sla',
            render: (_: unknown, ticket) => (
              <Space direction="vertical" size={2}>
                {ticket.slaMarks.length === 0 && <Tag>{t('tickets.none')}</Tag>}
                {ticket.slaMarks.map((mark) => {
                  const clock = slaCountdown(mark, null, now);
                  const text =
                    clock.minutesLeft === null
                      ? t(clock.urgency === 'met' ? 'tickets.met' : 'tickets.none')
                      : clock.minutesLeft >= 0
                        ? t('tickets.left', { time: formatMinutes(clock.minutesLeft) })
                        : t('tickets.overdue', { time: formatMinutes(clock.minutesLeft) });
                  return (
                    <Tag key={mark.milestone} color={COLOURS[clock.urgency]}>
                      {mark.milestone}: {text}
                    </Tag>
                  );
                })}
              </Space>
            ),
          },
          {
            title: t('tickets.lastActivity'),
            dataIndex: 'lastActivityAt',
            responsive: ['lg'],
            render: (at: string) => new Date(at).toLocaleString(i18n.language),
          },
        ]}
      />
      <TicketDrawer
        ticketId={opened}
        onClose={() => setOpened(null)}
        onReplied={(position) => void refetch({ statuses, atLeastPosition: position })}
      />
    </ScreenCard>
  );
}
