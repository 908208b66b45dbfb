// Segment membership (ADR 0193): one document per tenant, segment and customer, from
// `marketing.SegmentMembershipChanged`: member now, and every change keyed by its stream version
// (so replays and rebuilds write the same document), from which membership as of a past instant is
// read (segmentMembers in @crm/marketing-read-models).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { SegmentMembershipChanged } from '@crm/marketing-domain';
import {
  MARKETING_SEGMENT_MEMBERS_MODEL,
  MARKETING_SEGMENT_MEMBERS_PROJECTION,
  segmentMemberDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

export function projectSegmentMember(envelope: EventEnvelope): ReadModelChange | undefined {
  if (envelope.type !== 'marketing.SegmentMembershipChanged') return undefined;
  const { segmentId, customerId, change, changedAt } =
    envelope.data as SegmentMembershipChanged['data'];
  return upsert(
    MARKETING_SEGMENT_MEMBERS_MODEL,
    segmentMemberDocumentId(envelope.tenantId, segmentId, customerId),
    {
      set: {
        tenantId: envelope.tenantId,
        segmentId,
        customerId,
        member: change === 'entered',
        [`changes.${envelope.streamVersion}`]: { change, at: changedAt },
      },
    },
  );
}

export const marketingSegmentMembersProjection = defineProjection({
  name: MARKETING_SEGMENT_MEMBERS_PROJECTION,
  version: 1,
  eventTypes: ['marketing.SegmentMembershipChanged'],
  readModels: [MARKETING_SEGMENT_MEMBERS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [MARKETING_SEGMENT_MEMBERS_MODEL]: [
      { fields: { tenantId: 1, segmentId: 1, member: 1, customerId: 1 } },
      // The customer 360: one customer's segments.
      { fields: { tenantId: 1, customerId: 1, member: 1 } },
    ],
  },
  project: projectSegmentMember,
});
