// The satisfaction read models in MongoDB: one document per answered CSAT survey with the score and
// the agent and team credited, and one per answered NPS survey (no comments: they are personal data). Written by
// services/projections/src/service-desk/satisfaction.projection.ts, read by satisfaction.queries.ts.

export const SATISFACTION_PROJECTION = 'service-desk-satisfaction';
export const SATISFACTION_MODEL = 'service_desk_csat_answers';
export const NPS_MODEL = 'service_desk_nps_answers';

export interface CsatAnswerDocument {
  /** `<tenantId>:<ticketId>:<surveyId>`. */
  readonly _id: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly surveyId: string;
  readonly score: number;
  readonly agentId?: string;
  readonly teamId?: string;
  readonly answeredAt: string;
}

export interface NpsAnswerDocument {
  /** `<tenantId>:<customerId>:<surveyId>`. */
  readonly _id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly surveyId: string;
  readonly score: number;
  readonly answeredAt: string;
}
