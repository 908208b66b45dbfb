// Lead history for reports (docs/reports.md, leads as of an instant): one document per lead with
// its status and assignment facts under their stream version, because the lead queue keeps where
// a lead stands now, and its owner and team now (the sales record scope). No personal field is
// read (the contact stays in the store, encrypted).
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, type Fields, type ReadModelChange } from '@crm/read-models';
import {
  REPORT_LEAD_HISTORY_MODEL,
  REPORT_LEAD_HISTORY_PROJECTION,
  type LeadFact,
} from '@crm/reports/read-models';
import type { LeadEvent } from '@crm/sales-domain';
import { recordDatedFact } from './dated-fact';

/** The fact an event states, or undefined for events reports do not date. */
function factOf(event: LeadEvent): LeadFact | undefined {
  switch (event.type) {
    case 'sales.LeadCaptured': {
      const { capturedAt: at, ownerId, teamId } = event.data;
      return { kind: 'captured', at, ownerId, teamId };
    }
    case 'sales.LeadAssigned': {
      const { assignedAt: at, ownerId, teamId } = event.data;
      return { kind: 'assigned', at, ownerId, teamId };
    }
    case 'sales.LeadQualified':
      return { kind: 'status', at: event.data.qualifiedAt, status: 'qualified' };
    case 'sales.LeadDisqualified':
      return { kind: 'status', at: event.data.disqualifiedAt, status: 'disqualified' };
    case 'sales.LeadConverted':
      return { kind: 'status', at: event.data.convertedAt, status: 'converted' };
    case 'sales.LeadErased':
      return { kind: 'status', at: event.data.erasedAt, status: 'erased' };
    case 'sales.LeadAssignmentFailed':
    case 'sales.LeadDuplicateDetected':
    case 'sales.LeadCustomerMatched':
    case 'sales.LeadFollowUpScheduled':
    case 'sales.LeadFollowUpDue':
      return undefined;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

export function projectLeadHistory(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as LeadEvent;
  const fact = factOf(event);
  if (!fact) return undefined;
  // The owner and team now: the sales record scope reads them.
  const current: Fields =
    fact.kind !== 'status' ? { ownerId: fact.ownerId, teamId: fact.teamId } : {};
  return recordDatedFact(REPORT_LEAD_HISTORY_MODEL, event.data.leadId, envelope, fact, current);
}

export const reportLeadHistoryProjection = defineProjection({
  name: REPORT_LEAD_HISTORY_PROJECTION,
  version: 1,
  eventTypes: [
    'sales.LeadCaptured',
    'sales.LeadAssigned',
    'sales.LeadQualified',
    'sales.LeadDisqualified',
    'sales.LeadConverted',
    'sales.LeadErased',
  ],
  readModels: [REPORT_LEAD_HISTORY_MODEL],
  onPoison: 'halt',
  source: 'store',
  project: projectLeadHistory,
});
