// Satisfaction: one document per answered CSAT survey (score, agent, team, when), for results per
// agent and team, and one per answered NPS survey (score, customer, when). The comment is personal data and stays in the store; nothing here needs the
// decrypted events, so it runs on the raw store.
import { customerIdFromNpsStreamId, ticketIdFromStreamId } from '@crm/service-desk-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { defineProjection, upsert, type ReadModelChange } from '@crm/read-models';
import {
  NPS_MODEL,
  SATISFACTION_MODEL,
  SATISFACTION_PROJECTION,
} from '@crm/service-desk-read-models';

export { NPS_MODEL, SATISFACTION_MODEL, SATISFACTION_PROJECTION };

interface CsatAnsweredData {
  readonly at: string;
  readonly surveyId: string;
  readonly score: number;
  readonly agentId?: string;
  readonly teamId?: string;
}

export function projectSatisfaction(envelope: EventEnvelope): ReadModelChange[] {
  const customerId = customerIdFromNpsStreamId(envelope.streamId);
  if (customerId && envelope.type === 'service-desk.NpsAnswered') {
    const data = envelope.data as { at: string; surveyId: string; score: number };
    return [
      upsert(NPS_MODEL, `${envelope.tenantId}:${customerId}:${data.surveyId}`, {
        set: {
          tenantId: envelope.tenantId,
          customerId,
          surveyId: data.surveyId,
          score: data.score,
          answeredAt: data.at,
        },
      }),
    ];
  }
  const ticketId = ticketIdFromStreamId(envelope.streamId);
  if (!ticketId || envelope.type !== 'service-desk.CsatAnswered') return [];
  const data = envelope.data as CsatAnsweredData;
  return [
    upsert(SATISFACTION_MODEL, `${envelope.tenantId}:${ticketId}:${data.surveyId}`, {
      set: {
        tenantId: envelope.tenantId,
        ticketId,
        surveyId: data.surveyId,
        score: data.score,
        answeredAt: data.at,
        ...(data.agentId !== undefined && { agentId: data.agentId }),
        ...(data.teamId !== undefined && { teamId: data.teamId }),
      },
    }),
  ];
}

export const satisfactionProjection = defineProjection({
  name: SATISFACTION_PROJECTION,
  version: 1,
  eventTypes: ['service-desk.CsatAnswered', 'service-desk.NpsAnswered'],
  readModels: [SATISFACTION_MODEL, NPS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [SATISFACTION_MODEL]: [
      { fields: { tenantId: 1, agentId: 1, answeredAt: -1 } },
      { fields: { tenantId: 1, teamId: 1, answeredAt: -1 } },
    ],
    [NPS_MODEL]: [{ fields: { tenantId: 1, answeredAt: -1 } }],
  },
  project: projectSatisfaction,
});
