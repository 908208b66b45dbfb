// "My day": the user's open leads whose follow-up falls by the end of today (ADR 0383), overdue
// ones marked, each opening its lead page. From `salesMyDay.leadsWaiting` (the open leads the user
// owns), so a lead converted or disqualified since leaves the list.
import { useQuery } from '@apollo/client/react';
import { Alert, Card, List, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { graphql } from '../graphql/generated';
import { followUpsDueBy } from '../sales/follow-ups';
import { endOfToday } from './my-day';

const LeadsWaiting = graphql(`
  query ConsoleFollowUpsDue($endOfDay: String!) {
    salesMyDay(endOfDay: $endOfDay) {
      leadsWaiting {
        leadId
        companyName
        status
        followUpAt
        followUpNote
        followUpDue
      }
    }
  }
`);

export function FollowUpsDue(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const endOfDay = useMemo(() => endOfToday(new Date()), []);
  const { data, loading, error } = useQuery(LeadsWaiting, {
    variables: { endOfDay: endOfDay.toISOString() },
    pollInterval: 60_000,
  });
  const due = followUpsDueBy(data?.salesMyDay.leadsWaiting ?? [], endOfDay);
  return (
    <Card title={t('salesRecords.followUpsToday')} size="small" data-testid="home-follow-ups">
      {error && <Alert type="error" message={error.message} />}
      <List
        loading={loading}
        dataSource={due}
        locale={{ emptyText: t('salesRecords.noFollowUps') }}
        renderItem={(lead) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Link to={`/leads/${lead.leadId}`}>
                  {lead.companyName ?? lead.leadId.slice(0, 8)}
                </Link>
              }
              description={
                <Space wrap>
                  <span>{new Date(lead.followUpAt).toLocaleString(i18n.language)}</span>
                  {lead.followUpNote && <span>{lead.followUpNote}</span>}
                  {(lead.followUpDue || Date.parse(lead.followUpAt) < Date.now()) && (
                    <Tag color="red">{t('salesRecords.followUpDue')}</Tag>
                  )}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
