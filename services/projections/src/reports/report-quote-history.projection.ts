// Quote history for reports (docs/reports.md, quotes as of an instant): one document per quote
// with each version written (amount, approvals needed), each approval, each sending and the
// customer's decision under their stream version, because the quote read model keeps where a quote
// stands now and no approval instant (version 2 dates approvals: approval turnaround, ADR 0456). The
// owner and team are set at the creation and kept beside the facts for the sales record scope.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, type Fields, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_QUOTE_HISTORY_MODEL,
  REPORT_QUOTE_HISTORY_PROJECTION,
  type QuoteFact,
} from '@crm/reports/read-models';
import type { QuoteEvent } from '@crm/sales-domain';
import { recordDatedFact } from './dated-fact';

/** The fact an event states, or undefined for events reports do not date. */
function factOf(event: QuoteEvent): QuoteFact | undefined {
  switch (event.type) {
    case 'sales.QuoteCreated':
    case 'sales.QuoteRevised': {
      const { amount, approvalReasons } = event.data;
      const at = event.type === 'sales.QuoteCreated' ? event.data.createdAt : event.data.revisedAt;
      return { kind: 'version', at, amount, approvalReasons: [...approvalReasons] };
    }
    case 'sales.QuoteSent':
      return { kind: 'status', at: event.data.sentAt, status: 'sent' };
    case 'sales.QuoteAccepted':
      return { kind: 'status', at: event.data.acceptedAt, status: 'accepted' };
    case 'sales.QuoteRejected':
      return { kind: 'status', at: event.data.rejectedAt, status: 'rejected' };
    case 'sales.QuoteExpired':
      return { kind: 'status', at: event.data.expiredAt, status: 'expired' };
    // The decider approves only the current version: the approval is of the latest version fact.
    case 'sales.QuoteApproved': {
      const { approvedAt, nextApproverRole } = event.data;
      return { kind: 'approval', at: approvedAt, final: !nextApproverRole };
    }
    case 'sales.QuoteExpiryReminderDue':
      return undefined;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export function projectQuoteHistory(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as QuoteEvent;
  const fact = factOf(event);
  if (!fact) return undefined;
  const owner: Fields =
    event.type === 'sales.QuoteCreated'
      ? { ownerId: event.data.ownerId, teamId: event.data.teamId }
      : {};
  return recordDatedFact(REPORT_QUOTE_HISTORY_MODEL, event.data.quoteId, envelope, fact, owner);
}

export const reportQuoteHistoryProjection = defineProjection({
  name: REPORT_QUOTE_HISTORY_PROJECTION,
  version: 2,
  eventTypes: [
    'sales.QuoteCreated',
    'sales.QuoteRevised',
    'sales.QuoteApproved',
    'sales.QuoteSent',
    'sales.QuoteAccepted',
    'sales.QuoteRejected',
    'sales.QuoteExpired',
  ],
  readModels: [REPORT_QUOTE_HISTORY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectQuoteHistory,
});
