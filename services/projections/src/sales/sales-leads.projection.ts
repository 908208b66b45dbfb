// The lead queue: one document per lead with its source, status, owner and team (its record scope),
// the last assignment failure, the last score, the earlier lead or the customer it duplicates (ADR 0325)
// and, once converted, its customer and opportunity. The contact is
// personal data and stays in the store (encrypted under the lead's key): nothing to shred here.
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type Fields, type ReadModelChange } from '@crm/read-models';
import type { LeadEvent, LeadScored } from '@crm/sales-domain';
import { SALES_LEADS_MODEL, SALES_LEADS_PROJECTION } from '@crm/sales-read-models';

const LEAD_EVENT_TYPES: readonly (LeadEvent | LeadScored)['type'][] = [
  'sales.LeadCaptured',
  'sales.LeadAssigned',
  'sales.LeadAssignmentFailed',
  'sales.LeadQualified',
  'sales.LeadDisqualified',
  'sales.LeadConverted',
  'sales.LeadScored',
  'sales.LeadErased',
  'sales.LeadDuplicateDetected',
  'sales.LeadCustomerMatched',
  'sales.LeadFollowUpScheduled',
  'sales.LeadFollowUpDue',
];

/** A closed lead has no follow-up left. */
const FOLLOW_UP_FIELDS = ['followUpAt', 'followUpNote', 'followUpDue'];

export function projectSalesLead(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type === 'sales.LeadScored') return leadScore(envelope);
  const event = { type: envelope.type, data: envelope.data } as LeadEvent;
  const lead = (set: Fields, unset: readonly string[] = []): ReadModelChange =>
    upsert(SALES_LEADS_MODEL, event.data.leadId, {
      set: { tenantId: envelope.tenantId, version: envelope.streamVersion, ...set },
      ...(unset.length > 0 ? { unset } : {}),
    });
  switch (event.type) {
    case 'sales.LeadCaptured': {
      const d = event.data;
      return lead({
        source: d.source,
        ...(d.companyName ? { companyName: d.companyName } : {}),
        ownerId: d.ownerId,
        teamId: d.teamId,
        status: 'open',
        capturedAt: d.capturedAt,
      });
    }
    case 'sales.LeadAssigned':
      return lead({ ownerId: event.data.ownerId, teamId: event.data.teamId }, [
        'assignmentFailure',
      ]);
    case 'sales.LeadAssignmentFailed':
      return lead({ assignmentFailure: event.data.reason });
    case 'sales.LeadQualified':
      return lead({ status: 'qualified' });
    case 'sales.LeadDisqualified':
      return lead(
        { status: 'disqualified', disqualifiedReason: event.data.reason },
        FOLLOW_UP_FIELDS,
      );
    case 'sales.LeadConverted':
      return lead(
        {
          status: 'converted',
          customerId: event.data.customerId,
          opportunityId: event.data.opportunityId,
        },
        FOLLOW_UP_FIELDS,
      );
    case 'sales.LeadFollowUpScheduled': {
      const { dueAt, note } = event.data;
      return lead(
        { followUpAt: dueAt, followUpDue: false, ...(note ? { followUpNote: note } : {}) },
        note ? [] : ['followUpNote'],
      );
    }
    case 'sales.LeadFollowUpDue':
      return lead({ followUpDue: true });
    case 'sales.LeadDuplicateDetected':
      return lead({ duplicateOfLeadId: event.data.duplicateOfLeadId });
    case 'sales.LeadCustomerMatched':
      return lead({ matchedCustomerId: event.data.customerId, matchedOn: event.data.matchedOn });
    case 'sales.LeadErased':
      // The company name is the lead's only free text here; it goes with the person.
      return lead({ status: 'erased', erasedAt: event.data.erasedAt }, [
        'companyName',
        ...FOLLOW_UP_FIELDS,
      ]);
    default:
      return undefined;
  }
}

/**
 * The last score, from the lead's LeadScore stream: `version` stays the lead stream's (the runtime
 * guards every write by global position, not by it).
 */
function leadScore(envelope: EventEnvelope): ReadModelChange {
  const d = envelope.data as LeadScored['data'];
  return upsert(SALES_LEADS_MODEL, d.leadId, {
    set: {
      tenantId: envelope.tenantId,
      score: d.score,
      fitPoints: d.fitPoints,
      engagementPoints: d.engagementPoints,
      winProbability: d.winProbability,
      scoreModelVersion: d.modelVersion,
      scoredAt: d.scoredAt,
    },
  });
}

export const salesLeadsProjection = defineProjection({
  name: SALES_LEADS_PROJECTION,
  // 2: the last score (sales.LeadScored), erased leads; 3: duplicates and matched customers;
  // 4: follow-up reminders.
  version: 4,
  eventTypes: LEAD_EVENT_TYPES,
  readModels: [SALES_LEADS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SALES_LEADS_MODEL]: [
      { fields: { tenantId: 1, status: 1, capturedAt: -1 } },
      { fields: { tenantId: 1, status: 1, score: -1 } },
      { fields: { tenantId: 1, ownerId: 1 } },
      { fields: { tenantId: 1, teamId: 1 } },
    ],
  },
  project: projectSalesLead,
});
