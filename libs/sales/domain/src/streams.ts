// Stream names of the Sales context: `<context>.<Aggregate>-<id>`. `sales.Order-<id>` is part of
// the published contract (customers' purchase history, loyalty points).
export const SALES_CONTEXT = 'sales';
export const LEAD_CATEGORY = 'sales.Lead';
export const OPPORTUNITY_CATEGORY = 'sales.Opportunity';
export const ORDER_CATEGORY = 'sales.Order';

export const leadStreamId = (leadId: string): string => `${LEAD_CATEGORY}-${leadId}`;
export const opportunityStreamId = (opportunityId: string): string =>
  `${OPPORTUNITY_CATEGORY}-${opportunityId}`;
export const orderStreamId = (orderId: string): string => `${ORDER_CATEGORY}-${orderId}`;
export const QUOTE_CATEGORY = 'sales.Quote';
export const ACTIVITY_CATEGORY = 'sales.Activity';
export const quoteStreamId = (quoteId: string): string => `${QUOTE_CATEGORY}-${quoteId}`;
export const activityStreamId = (activityId: string): string =>
  `${ACTIVITY_CATEGORY}-${activityId}`;
export const LEAD_SCORE_CATEGORY = 'sales.LeadScore';
export const LEAD_SCORING_MODEL_CATEGORY = 'sales.LeadScoringModel';
export const leadScoreStreamId = (leadId: string): string => `${LEAD_SCORE_CATEGORY}-${leadId}`;
/** One model per tenant: the tenant id is in the stream id, as stream ids are global in the store. */
export const leadScoringModelStreamId = (tenantId: string): string =>
  `${LEAD_SCORING_MODEL_CATEGORY}-${tenantId}`;
export const FORECAST_CATEGORY = 'sales.Forecast';
export const forecastStreamId = (forecastId: string): string =>
  `${FORECAST_CATEGORY}-${forecastId}`;
export const CONTRACT_CATEGORY = 'sales.Contract';
export const contractStreamId = (contractId: string): string =>
  `${CONTRACT_CATEGORY}-${contractId}`;
export const QUOTA_CATEGORY = 'sales.Quota';
export const quotaStreamId = (quotaId: string): string => `${QUOTA_CATEGORY}-${quotaId}`;
export const SALES_TEAM_CATEGORY = 'sales.SalesTeam';
export const salesTeamStreamId = (teamId: string): string => `${SALES_TEAM_CATEGORY}-${teamId}`;
export const INBOUND_LEAD_CATEGORY = 'sales.InboundLead';
export const inboundLeadStreamId = (leadId: string): string => `${INBOUND_LEAD_CATEGORY}-${leadId}`;
export const QUOTE_APPROVAL_POLICY_CATEGORY = 'sales.QuoteApprovalPolicy';
/** One approval policy per tenant (ADR 0382). */
export const quoteApprovalPolicyStreamId = (tenantId: string): string =>
  `${QUOTE_APPROVAL_POLICY_CATEGORY}-${tenantId}`;
export const NOTE_CATEGORY = 'sales.Note';
export const noteStreamId = (noteId: string): string => `${NOTE_CATEGORY}-${noteId}`;
