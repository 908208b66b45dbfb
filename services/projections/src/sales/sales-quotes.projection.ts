// Quotes: one document per quote with its current version, amount, validity and status, and
// `awaitingApproval` (a draft whose current version needs an approval it does not have), which is
// the approvers' queue. Reminders change nothing here.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import type { QuoteEvent } from '@crm/sales-domain';
import { SALES_QUOTES_MODEL, SALES_QUOTES_PROJECTION } from '@crm/sales-read-models';

const QUOTE_EVENT_TYPES: readonly QuoteEvent['type'][] = [
  'sales.QuoteCreated',
  'sales.QuoteRevised',
  'sales.QuoteApproved',
  'sales.QuoteSent',
  'sales.QuoteAccepted',
  'sales.QuoteRejected',
  'sales.QuoteExpired',
];

/** A version's approval route (ADR 0382): older events had one manager's step when it needed one. */
function routeOf(d: {
  readonly approvalSteps?: readonly { approverRole: string; reasons: readonly string[] }[];
  readonly approvalReasons: readonly string[];
}): Fields {
  const steps =
    d.approvalSteps ??
    (d.approvalReasons.length > 0
      ? [{ approverRole: 'sales_manager', reasons: d.approvalReasons }]
      : []);
  return {
    approvalSteps: steps.map((step) => ({ ...step, reasons: [...step.reasons] })),
    approvedSteps: 0,
    nextApproverRole: steps[0]?.approverRole ?? null,
  };
}

export function projectSalesQuote(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as QuoteEvent;
  const quote = (set: Fields): ReadModelChange =>
    upsert(SALES_QUOTES_MODEL, event.data.quoteId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...set },
    });
  switch (event.type) {
    case 'sales.QuoteCreated': {
      const {
        quoteId: _id,
        version,
        createdAt,
        lines,
        approvalReasons,
        approvalSteps,
        ...d
      } = event.data;
      return quote({
        ...d,
        ...routeOf({ approvalReasons, ...(approvalSteps ? { approvalSteps } : {}) }),
        quoteVersion: version,
        lines: lines.map((line) => ({ ...line })),
        approvalReasons: [...approvalReasons],
        approvedVersion: null,
        awaitingApproval: approvalReasons.length > 0,
        status: 'draft',
        createdAt,
      });
    }
    case 'sales.QuoteRevised': {
      const { version, lines, approvalReasons, amount, validUntil } = event.data;
      return quote({
        quoteVersion: version,
        lines: lines.map((line) => ({ ...line })),
        amount,
        validUntil,
        // A revision to an instant drops the day and zone of an earlier version (ADR 0381).
        validUntilDate: event.data.validUntilDate ?? null,
        customerTimeZone: event.data.customerTimeZone ?? null,
        approvalReasons: [...approvalReasons],
        awaitingApproval: approvalReasons.length > 0,
        ...routeOf(event.data),
        status: 'draft',
      });
    }
    case 'sales.QuoteApproved': {
      // Older approvals approved the only step; newer ones name the next approver (null: done).
      const next = event.data.nextApproverRole ?? null;
      return quote({
        approvedSteps: event.data.step ?? 1,
        nextApproverRole: next,
        awaitingApproval: next !== null,
        ...(next === null ? { approvedVersion: event.data.version } : {}),
      });
    }
    case 'sales.QuoteSent':
      return quote({ status: 'sent', awaitingApproval: false });
    case 'sales.QuoteAccepted':
      return quote({ status: 'accepted', decidedAt: event.data.acceptedAt });
    case 'sales.QuoteRejected':
      return quote({
        status: 'rejected',
        awaitingApproval: false,
        rejectedReason: event.data.reason,
        decidedAt: event.data.rejectedAt,
      });
    case 'sales.QuoteExpired':
      return quote({ status: 'expired', awaitingApproval: false, decidedAt: event.data.expiredAt });
    case 'sales.QuoteExpiryReminderDue':
      return undefined;
    default:
      return undefined;
  }
}

export const salesQuotesProjection = defineProjection({
  name: SALES_QUOTES_PROJECTION,
  version: 1,
  eventTypes: QUOTE_EVENT_TYPES,
  readModels: [SALES_QUOTES_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_QUOTES_MODEL]: [
      { fields: { tenantId: 1, awaitingApproval: 1, createdAt: -1 } },
      { fields: { tenantId: 1, opportunityId: 1 } },
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
    ],
  },
  project: projectSalesQuote,
});
