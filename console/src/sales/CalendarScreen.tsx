// The activity calendar in the user's sales scope (a manager's team, an admin's tenant): the open
// activities of the month shown, by the day they are due; overdue ones in red.
import { useQuery } from '@apollo/client/react';
import { Badge, Button, Calendar, Card, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';

const Activities = graphql(`
  query ConsoleActivities($dueFrom: String, $dueBefore: String) {
    activities(dueFrom: $dueFrom, dueBefore: $dueBefore) {
      activityId
      subject
      kind
      dueAt
      overdue
    }
  }
`);

export function CalendarScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  // The calendar shows six weeks around the month: ask for all of them.
  const from = month.startOf('month').startOf('week');
  const { data, error } = useQuery(Activities, {
    variables: { dueFrom: from.toISOString(), dueBefore: from.add(6, 'week').toISOString() },
  });
  const byDay = new Map<string, NonNullable<typeof data>['activities']>();
  for (const activity of data?.activities ?? []) {
    const day = dayjs(activity.dueAt).format('YYYY-MM-DD');
    byDay.set(day, [...(byDay.get(day) ?? []), activity]);
  }

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('calendar.title')}
        </Typography.Title>
      }
    >
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Calendar
        onPanelChange={(date) => setMonth(date.startOf('month'))}
        // A month header of labelled buttons (antd's year and month pickers carry no label).
        headerRender={({ value, onChange }) => (
          <Space style={{ marginBottom: 8 }}>
            <Button
              aria-label={t('calendar.previous')}
              onClick={() => onChange(value.subtract(1, 'month'))}
            >
              ‹
            </Button>
            <Typography.Text strong data-testid="calendar-month">
              {value.toDate().toLocaleDateString(i18n.language, { month: 'long', year: 'numeric' })}
            </Typography.Text>
            <Button aria-label={t('calendar.next')} onClick={() => onChange(value.add(1, 'month'))}>
              ›
            </Button>
          </Space>
        )}
        cellRender={(date, info) =>
          info.type === 'date' ? (
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {(byDay.get(date.format('YYYY-MM-DD')) ?? []).map((a) => (
                <li key={a.activityId} data-testid="calendar-activity">
                  <Badge
                    status={a.overdue ? 'error' : 'processing'}
                    text={`${dayjs(a.dueAt).format('HH:mm')} ${a.subject}`}
                  />
                </li>
              ))}
            </ul>
          ) : (
            info.originNode
          )
        }
      />
    </Card>
  );
}
