// The satisfaction read model in MongoDB: one document per answered CSAT survey with the score and
// the agent and team credited (no comment: it is personal data). Written by
// services/projections/src/service-desk/satisfaction.projection.ts, read by satisfaction.queries.ts.

export const SATISFACTION_PROJECTION = 'service-desk-satisfaction';
export const SATISFACTION_MODEL = 'service_desk_csat_answers';

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
