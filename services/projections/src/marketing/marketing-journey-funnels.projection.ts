// Journey funnels: one document per journey version with how many enrolments entered, went through
// each step (and how: sent or skipped, condition held or not), completed, and converted (reached
// the journey's goal). Counts only, never customers. Increments: the runtime guards every change by
// the position it applies, so a redelivered event is not counted twice. Step ids are kebab-case
// (journey-definition.ts), safe as field names.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { JourneyParticipationEvent } from '@crm/marketing-domain';
import {
  MARKETING_JOURNEY_FUNNELS_MODEL,
  MARKETING_JOURNEY_FUNNELS_PROJECTION,
  marketingDocumentId,
} from '@crm/marketing-read-models';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';

const FUNNEL_EVENT_TYPES: readonly JourneyParticipationEvent['type'][] = [
  'marketing.JourneyEntered',
  'marketing.JourneyMessageSent',
  'marketing.JourneyMessageSkipped',
  'marketing.JourneyWaitEnded',
  'marketing.JourneyBranchTaken',
  'marketing.JourneyExited',
  'marketing.JourneyWaitStarted',
];

export function projectJourneyFunnel(envelope: EventEnvelope): ReadModelChange | undefined {
  const event = { type: envelope.type, data: envelope.data } as JourneyParticipationEvent;
  const { journeyId, version } = event.data;
  const count = (inc: Record<string, number>): ReadModelChange =>
    upsert(
      MARKETING_JOURNEY_FUNNELS_MODEL,
      marketingDocumentId(envelope.tenantId, `${journeyId}|${version}`),
      { set: { tenantId: envelope.tenantId, journeyId, version }, inc },
    );
  const step = (stepId: string, how?: string) =>
    count({ [`steps.${stepId}.passed`]: 1, ...(how ? { [`steps.${stepId}.${how}`]: 1 } : {}) });
  switch (event.type) {
    case 'marketing.JourneyEntered':
      return count({ entered: 1 });
    case 'marketing.JourneyMessageSent':
      return step(event.data.stepId, 'sent');
    case 'marketing.JourneyMessageSkipped':
      return step(event.data.stepId, 'skipped');
    case 'marketing.JourneyWaitEnded':
      return step(event.data.stepId);
    case 'marketing.JourneyBranchTaken':
      return step(
        event.data.stepId,
        event.data.conditionHeld ? 'conditionHeld' : 'conditionNotHeld',
      );
    case 'marketing.JourneyExited':
      return count({ [event.data.reason === 'goal' ? 'converted' : 'completed']: 1 });
    case 'marketing.JourneyWaitStarted':
      // A send held by the tenant's quiet hours or cap (ADR 0385); other waits are not counted.
      return event.data.reason === undefined
        ? undefined
        : count({ [`steps.${event.data.stepId}.deferred`]: 1 });
    default:
      return undefined;
  }
}

export const marketingJourneyFunnelsProjection = defineProjection({
  name: MARKETING_JOURNEY_FUNNELS_PROJECTION,
  version: 1,
  eventTypes: FUNNEL_EVENT_TYPES,
  readModels: [MARKETING_JOURNEY_FUNNELS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: { [MARKETING_JOURNEY_FUNNELS_MODEL]: [{ fields: { tenantId: 1, journeyId: 1 } }] },
  project: projectJourneyFunnel,
});
