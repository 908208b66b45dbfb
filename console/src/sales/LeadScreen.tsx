// One lead (opened from the lead queue): its facts and score, its follow-up (set or moved here,
// ADR 0383), its conversion into a customer and an opportunity (ADR 0380: the customer it is
// linked to, else one registered from the lead), the linked customer with a link to their 360, and
// the lead's internal notes. Every change is read back at its position.
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { maySell } from '../navigation/screens';
import { ConvertLead, ScheduleFollowUp } from './LeadActions';
import { SalesNotes } from './SalesNotes';

const Lead = graphql(`
  query ConsoleLead($leadId: ID!, $atLeastPosition: String) {
    lead(leadId: $leadId, atLeastPosition: $atLeastPosition) {
      leadId
      companyName
      source
      status
      capturedAt
      ownerId
      disqualifiedReason
      customerId
      matchedCustomerId
      opportunityId
      followUpAt
      followUpNote
      followUpDue
      score {
        score
      }
    }
  }
`);

const LinkedCustomerName = graphql(`
  query ConsoleLeadCustomer($id: ID!, $atLeastPosition: String) {
    customer(id: $id, atLeastPosition: $atLeastPosition) {
      id
      displayName
      status
    }
  }
`);

/** The customer the lead became (or matched), named, with a link to their 360. */
function LinkedCustomer(props: { customerId: string; position: string | null }) {
  const { t } = useTranslation();
  // At the conversion's position: the customer registered by it is in the 360's read model.
  const { data } = useQuery(LinkedCustomerName, {
    variables: { id: props.customerId, atLeastPosition: props.position },
  });
  return (
    <Space wrap data-testid="lead-customer">
      {data && <Typography.Text strong>{data.customer.displayName}</Typography.Text>}
      {data && <Tag>{data.customer.status}</Tag>}
      <Link to={`/customers/${props.customerId}`}>{t('salesRecords.openCustomer360')}</Link>
    </Space>
  );
}

export function LeadScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { leadId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(Lead, { variables: { leadId } });
  const [position, setPosition] = useState<string | null>(null);
  const readBack = (at: string) => {
    setPosition(at);
    void refetch({ leadId, atLeastPosition: at });
  };
  const lead = data?.lead;
  if (error) return <Alert type="error" message={error.message} />;
  if (!lead) return <Card loading={loading} />;
  const workable = maySell(session.user.roles) && ['OPEN', 'QUALIFIED'].includes(lead.status);
  const customerId = lead.customerId ?? lead.matchedCustomerId;
  const when = (at: string) => new Date(at).toLocaleString(i18n.language);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Link to="/leads">← {t('nav.leads')}</Link>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="lead-name">
            {lead.companyName ?? lead.leadId.slice(0, 8)}
          </Typography.Title>
        }
        extra={<Tag data-testid="lead-status">{lead.status}</Tag>}
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('leads.source')}>{lead.source}</Descriptions.Item>
          <Descriptions.Item label={t('leads.score')}>
            {lead.score ? Math.round(lead.score.score) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.owner')}>
            {lead.ownerId === session.user.id
              ? t('opportunity.me')
              : (lead.ownerId ?? t('opportunity.nobody'))}
          </Descriptions.Item>
          <Descriptions.Item label={t('leads.capturedAt')}>
            {when(lead.capturedAt)}
          </Descriptions.Item>
          {lead.disqualifiedReason ? (
            <Descriptions.Item label={t('leads.reason')}>
              {lead.disqualifiedReason}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('salesRecords.followUp')}>
            <span data-testid="lead-follow-up">
              {lead.followUpAt ? when(lead.followUpAt) : '—'}
              {lead.followUpNote ? ` · ${lead.followUpNote}` : ''}{' '}
              {lead.followUpDue && <Tag color="red">{t('salesRecords.followUpDue')}</Tag>}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.customer')}>
            {customerId ? (
              <LinkedCustomer customerId={customerId} position={position} />
            ) : (
              t('salesRecords.noCustomer')
            )}
          </Descriptions.Item>
          {lead.opportunityId ? (
            <Descriptions.Item label={t('quotes.opportunity')}>
              <Link to={`/opportunities/${lead.opportunityId}`} data-testid="lead-opportunity">
                {t('salesRecords.openOpportunity')}
              </Link>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {workable && (
          <Space wrap style={{ marginTop: 16 }}>
            <ScheduleFollowUp lead={lead} onSaved={readBack} />
            <ConvertLead lead={lead} onSaved={readBack} />
          </Space>
        )}
      </Card>
      <SalesNotes aboutKind="LEAD" aboutId={lead.leadId} />
    </Space>
  );
}
