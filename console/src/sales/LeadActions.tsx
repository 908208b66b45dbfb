// What a seller does with an open or qualified lead on its page: set or move its follow-up
// reminder (ADR 0383), and convert it into a customer and an opportunity (ADR 0380). Each is a
// dialog whose fields show the gateway's errors; the page reads the write back at its position.
import { useMutation } from '@apollo/client/react';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../app/FormDialog';
import { MoneyFields } from '../app/MoneyFields';
import { graphql } from '../graphql/generated';
import { localDateTimeInput, localDateInput } from './follow-ups';

const ScheduleFollowUpMutation = graphql(`
  mutation ConsoleScheduleLeadFollowUp($input: ScheduleLeadFollowUpInput!) {
    scheduleLeadFollowUp(input: $input) {
      position
    }
  }
`);

const ConvertLeadMutation = graphql(`
  mutation ConsoleConvertLead($input: ConvertLeadInput!) {
    convertLead(input: $input) {
      position
      createdId
    }
  }
`);

interface LeadFacts {
  readonly leadId: string;
  readonly companyName?: string | null;
  readonly followUpAt?: string | null;
  readonly followUpNote?: string | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function ScheduleFollowUp(props: {
  lead: LeadFacts;
  onSaved: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [schedule] = useMutation(ScheduleFollowUpMutation);
  const { lead } = props;
  const startsAt = lead.followUpAt ? new Date(lead.followUpAt) : new Date(Date.now() + HOUR_MS);
  return (
    <FormDialog<{ dueAt: string; note?: string }>
      label={lead.followUpAt ? t('salesRecords.moveFollowUp') : t('salesRecords.setFollowUp')}
      initialValues={{ dueAt: localDateTimeInput(startsAt), note: lead.followUpNote ?? '' }}
      save={async ({ dueAt, note }, idempotencyKey) => {
        // The browser's local time, sent as the instant it names.
        const input = {
          leadId: lead.leadId,
          dueAt: new Date(dueAt).toISOString(),
          ...(note?.trim() ? { note: note.trim() } : {}),
          idempotencyKey,
        };
        return (await schedule({ variables: { input } })).data?.scheduleLeadFollowUp.position;
      }}
      onSaved={props.onSaved}
    >
      {(errorAt) => (
        <>
          <Form.Item
            name="dueAt"
            label={t('salesRecords.followUpAt')}
            rules={[{ required: true }]}
            {...errorAt('dueAt')}
          >
            <Input type="datetime-local" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item name="note" label={t('salesRecords.followUpNote')} {...errorAt('note')}>
            <Input />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}

interface ConversionForm {
  opportunityName: string;
  amount: string;
  currency: string;
  expectedCloseOn: string;
}

export function ConvertLead(props: {
  lead: LeadFacts;
  onSaved: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [convert] = useMutation(ConvertLeadMutation);
  const { lead } = props;
  return (
    <FormDialog<ConversionForm>
      label={t('salesRecords.convert')}
      button={{ type: 'primary' }}
      initialValues={{
        opportunityName: lead.companyName ?? '',
        currency: 'EUR',
        expectedCloseOn: localDateInput(new Date(Date.now() + 30 * DAY_MS)),
      }}
      save={async (values, idempotencyKey) => {
        // No customerId: the customer the lead matched, else one registered from the lead.
        const input = { leadId: lead.leadId, ...values, idempotencyKey };
        return (await convert({ variables: { input } })).data?.convertLead.position;
      }}
      onSaved={props.onSaved}
    >
      {(errorAt) => (
        <>
          <Form.Item
            name="opportunityName"
            label={t('salesRecords.opportunityName')}
            rules={[{ required: true, whitespace: true }]}
            {...errorAt('opportunityName')}
          >
            <Input />
          </Form.Item>
          <MoneyFields amountLabel={t('opportunity.amount')} errorAt={errorAt} />
          <Form.Item
            name="expectedCloseOn"
            label={t('opportunity.closeOn')}
            rules={[{ required: true }]}
            {...errorAt('expectedCloseOn')}
          >
            <Input type="date" style={{ maxWidth: 200 }} />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}
