// Quote expiry and reminders and activity follow-up reminders from durable timers (@crm/timers,
// ADR 0086; ADR 0200). The reactor `sales.timer-scheduler` follows quote and activity events on
// the store's log and sets, moves or cancels one timer per business key:
//   quote-expiry:<quoteId>          at validUntil                → ExpireQuote
//   quote-reminder:<quoteId>:<d>    d ∈ {7, 1} days before it    → RemindQuoteExpiry
//   activity-reminder:<activityId>  at remindAt                  → RemindActivity
//   contract-renewal:<contractId>   N days before endsAt          → MarkContractRenewalDue (+ renewal deal)
//   contract-expiry:<contractId>    at endsAt                     → ExpireContract
//   lead-follow-up:<leadId>         at the follow-up's dueAt      → RemindLeadFollowUp
// The worker fires them under the identity `sales.timers` with the timer's idempotency key; the
// deciders decide nothing when a firing is stale (quote decided or extended, reminder moved).
import { Role, systemCaller } from '@crm/access-policy';
import type { ReactorDefinition } from '@crm/reactors';
import {
  QUOTE_REMINDER_DAYS,
  contractRenewalDueAt,
  type ActivityEvent,
  type ContractEvent,
  type LeadEvent,
  type QuoteEvent,
} from '@crm/sales-domain';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import type { RequestMeta, SalesApplication } from '../application/sales.application';

export const SALES_TIMER_SCHEDULER = 'sales.timer-scheduler';
export const SALES_TIMER = 'sales.timers';
export const SALES_TIMER_OWNER = 'sales';

const DAY_MS = 86_400_000;

export const quoteExpiryKey = (quoteId: string): string => `quote-expiry:${quoteId}`;
export const quoteReminderKey = (quoteId: string, daysBefore: number): string =>
  `quote-reminder:${quoteId}:${daysBefore}`;
export const activityReminderKey = (activityId: string): string =>
  `activity-reminder:${activityId}`;
export const contractRenewalKey = (contractId: string): string => `contract-renewal:${contractId}`;
export const contractExpiryKey = (contractId: string): string => `contract-expiry:${contractId}`;
export const leadFollowUpKey = (leadId: string): string => `lead-follow-up:${leadId}`;

type Scheduled = QuoteEvent | ActivityEvent | ContractEvent | LeadEvent;

const SCHEDULING_EVENT_TYPES: readonly Scheduled['type'][] = [
  'sales.QuoteCreated',
  'sales.QuoteRevised',
  'sales.QuoteAccepted',
  'sales.QuoteRejected',
  'sales.QuoteExpired',
  'sales.ActivityScheduled',
  'sales.ActivityRescheduled',
  'sales.ActivityCompleted',
  'sales.ActivityCancelled',
  'sales.ContractStarted',
  'sales.ContractRenewed',
  'sales.ContractExpired',
  'sales.ContractTerminated',
  'sales.LeadFollowUpScheduled',
  'sales.LeadConverted',
  'sales.LeadDisqualified',
  'sales.LeadErased',
];

/** The renewal and expiry timers of a contract's current term (a renewal replaces both). */
async function scheduleContract(
  timers: TimerScheduler,
  tenantId: string,
  contract: { contractId: string; endsAt: string },
  renewalNoticeDays: number,
): Promise<void> {
  const { contractId, endsAt } = contract;
  await timers.schedule({
    tenantId,
    key: contractRenewalKey(contractId),
    command: { type: 'MarkContractRenewalDue', data: { contractId, endsAt } },
    schedule: { at: new Date(contractRenewalDueAt(endsAt, renewalNoticeDays)) },
  });
  await timers.schedule({
    tenantId,
    key: contractExpiryKey(contractId),
    command: { type: 'ExpireContract', data: { contractId, endsAt } },
    schedule: { at: new Date(endsAt) },
  });
}

async function cancelContract(timers: TimerScheduler, tenantId: string, contractId: string) {
  await timers.cancel(tenantId, contractRenewalKey(contractId));
  await timers.cancel(tenantId, contractExpiryKey(contractId));
}

/** The timers of one quote version: expiry, and the reminders still ahead of `decidedAt`. */
async function scheduleQuote(
  timers: TimerScheduler,
  tenantId: string,
  quote: { quoteId: string; validUntil: string },
  decidedAt: string,
): Promise<void> {
  const { quoteId, validUntil } = quote;
  await timers.schedule({
    tenantId,
    key: quoteExpiryKey(quoteId),
    command: { type: 'ExpireQuote', data: { quoteId } },
    schedule: { at: new Date(validUntil) },
  });
  for (const daysBefore of QUOTE_REMINDER_DAYS) {
    const at = Date.parse(validUntil) - daysBefore * DAY_MS;
    const key = quoteReminderKey(quoteId, daysBefore);
    if (at <= Date.parse(decidedAt)) await timers.cancel(tenantId, key);
    else
      await timers.schedule({
        tenantId,
        key,
        command: { type: 'RemindQuoteExpiry', data: { quoteId, daysBefore } },
        schedule: { at: new Date(at) },
      });
  }
}

async function cancelQuote(timers: TimerScheduler, tenantId: string, quoteId: string) {
  await timers.cancel(tenantId, quoteExpiryKey(quoteId));
  for (const daysBefore of QUOTE_REMINDER_DAYS) {
    await timers.cancel(tenantId, quoteReminderKey(quoteId, daysBefore));
  }
}

async function scheduleActivityReminder(
  timers: TimerScheduler,
  tenantId: string,
  activityId: string,
  remindAt: string | undefined,
): Promise<void> {
  const key = activityReminderKey(activityId);
  if (remindAt === undefined) await timers.cancel(tenantId, key);
  else
    await timers.schedule({
      tenantId,
      key,
      command: { type: 'RemindActivity', data: { activityId, remindAt } },
      schedule: { at: new Date(remindAt) },
    });
}

export function salesTimerScheduler(timers: TimerScheduler): ReactorDefinition {
  return {
    name: SALES_TIMER_SCHEDULER,
    eventTypes: SCHEDULING_EVENT_TYPES,
    async react(envelope, reaction) {
      const event = { type: envelope.type, data: envelope.data } as Scheduled;
      const tenantId = reaction.tenantId;
      switch (event.type) {
        case 'sales.QuoteCreated':
          return scheduleQuote(timers, tenantId, event.data, event.data.createdAt);
        case 'sales.QuoteRevised':
          return scheduleQuote(timers, tenantId, event.data, event.data.revisedAt);
        case 'sales.QuoteAccepted':
        case 'sales.QuoteRejected':
        case 'sales.QuoteExpired':
          return cancelQuote(timers, tenantId, event.data.quoteId);
        case 'sales.ActivityScheduled':
        case 'sales.ActivityRescheduled':
          return scheduleActivityReminder(
            timers,
            tenantId,
            event.data.activityId,
            event.data.remindAt,
          );
        case 'sales.ActivityCompleted':
        case 'sales.ActivityCancelled':
          return scheduleActivityReminder(timers, tenantId, event.data.activityId, undefined);
        case 'sales.ContractStarted':
          return scheduleContract(timers, tenantId, event.data, event.data.renewalNoticeDays);
        case 'sales.ContractRenewed':
          return scheduleContract(timers, tenantId, event.data, event.data.renewalNoticeDays);
        case 'sales.ContractExpired':
        case 'sales.ContractTerminated':
          return cancelContract(timers, tenantId, event.data.contractId);
        case 'sales.LeadFollowUpScheduled': {
          const { leadId, dueAt } = event.data;
          await timers.schedule({
            tenantId,
            key: leadFollowUpKey(leadId),
            command: { type: 'RemindLeadFollowUp', data: { leadId, dueAt } },
            schedule: { at: new Date(dueAt) },
          });
          return undefined;
        }
        case 'sales.LeadConverted':
        case 'sales.LeadDisqualified':
        case 'sales.LeadErased':
          await timers.cancel(tenantId, leadFollowUpKey(event.data.leadId));
          return undefined;
        case 'sales.ContractRenewalDue':
        case 'sales.QuoteApproved':
        case 'sales.QuoteSent':
        case 'sales.QuoteExpiryReminderDue':
        case 'sales.ActivityReminderDue':
        case 'sales.LeadCaptured':
        case 'sales.LeadAssigned':
        case 'sales.LeadAssignmentFailed':
        case 'sales.LeadQualified':
        case 'sales.LeadDuplicateDetected':
        case 'sales.LeadCustomerMatched':
        case 'sales.LeadFollowUpDue':
          return undefined; // not followed (eventTypes): nothing to schedule
        default:
          return undefined;
      }
    },
  };
}

type TimerCommand =
  | { type: 'ExpireQuote'; data: { quoteId: string } }
  | { type: 'RemindQuoteExpiry'; data: { quoteId: string; daysBefore: number } }
  | { type: 'RemindActivity'; data: { activityId: string; remindAt: string } }
  | { type: 'MarkContractRenewalDue'; data: { contractId: string; endsAt: string } }
  | { type: 'ExpireContract'; data: { contractId: string; endsAt: string } }
  | { type: 'RemindLeadFollowUp'; data: { leadId: string; dueAt: string } };

/** What the timer worker runs when a timer is due: one command, with the firing's key. */
export function fireSalesTimer(app: SalesApplication): (firing: TimerFiring) => Promise<void> {
  return async (firing) => {
    const meta: RequestMeta = {
      caller: systemCaller(firing.actor.name, firing.tenantId, [Role.ADMIN]),
      tenantId: firing.tenantId,
      correlationId: firing.timerId,
      idempotencyKey: firing.idempotencyKey,
    };
    const command = firing.command as TimerCommand;
    const now = app.now();
    switch (command.type) {
      case 'ExpireQuote':
        await app.quote(meta, { type: 'ExpireQuote', data: { ...command.data, now } });
        return;
      case 'RemindQuoteExpiry':
        await app.quote(meta, { type: 'RemindQuoteExpiry', data: { ...command.data, now } });
        return;
      case 'RemindActivity':
        await app.activity(meta, { type: 'RemindActivity', data: { ...command.data, now } });
        return;
      case 'MarkContractRenewalDue':
        await app.contractRenewalDue(meta, command.data.contractId, command.data.endsAt);
        return;
      case 'ExpireContract':
        await app.contract(meta, { type: 'ExpireContract', data: { ...command.data, now } });
        return;
      case 'RemindLeadFollowUp':
        await app.lead(meta, { type: 'RemindLeadFollowUp', data: { ...command.data, now } });
        return;
      default: {
        const unknown: never = command;
        throw new Error(`Unknown sales timer command ${JSON.stringify(unknown)}`);
      }
    }
  };
}
