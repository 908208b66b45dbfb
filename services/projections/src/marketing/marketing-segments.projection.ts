// Segments: one document per segment with its name and rule (as JSON text).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { SegmentEvent } from '@crm/marketing-domain';
import {
  MARKETING_SEGMENTS_MODEL,
  MARKETING_SEGMENTS_PROJECTION,
  marketingDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

const SEGMENT_EVENT_TYPES: readonly SegmentEvent['type'][] = [
  'marketing.SegmentDefined',
  'marketing.SegmentRedefined',
];

export function projectMarketingSegment(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as SegmentEvent;
  const id = marketingDocumentId(envelope.tenantId, event.data.segmentId);
  const base = {
    tenantId: envelope.tenantId,
    segmentId: event.data.segmentId,
    version: envelope.streamVersion,
  };
  switch (event.type) {
    case 'marketing.SegmentDefined':
      return upsert(MARKETING_SEGMENTS_MODEL, id, {
        set: {
          ...base,
          name: event.data.name,
          ruleJson: JSON.stringify(event.data.rule),
          definedAt: event.data.definedAt,
          updatedAt: event.data.definedAt,
        },
      });
    case 'marketing.SegmentRedefined':
      return upsert(MARKETING_SEGMENTS_MODEL, id, {
        set: {
          ...base,
          ruleJson: JSON.stringify(event.data.rule),
          updatedAt: event.data.redefinedAt,
        },
      });
    default:
      return undefined;
  }
}

export const marketingSegmentsProjection = defineProjection({
  name: MARKETING_SEGMENTS_PROJECTION,
  version: 1,
  eventTypes: SEGMENT_EVENT_TYPES,
  readModels: [MARKETING_SEGMENTS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: { [MARKETING_SEGMENTS_MODEL]: [{ fields: { tenantId: 1, definedAt: -1 } }] },
  project: projectMarketingSegment,
});
