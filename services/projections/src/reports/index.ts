// The reports context's own projections: figures no other context's read model holds.
import type { ProjectionDefinition } from '@crm/read-models';
import { reportCampaignMessagesProjection } from './report-campaign-messages.projection';
import { reportForecastSubmissionsProjection } from './report-forecast-submissions.projection';
import { reportOpportunityStagesProjection } from './report-opportunity-stages.projection';
import { reportQuotasProjection } from './report-quotas.projection';
import { reportTicketHistoryProjection } from './report-ticket-history.projection';
import { reportLeadHistoryProjection } from './report-lead-history.projection';
import { reportChurnHistoryProjection } from './report-churn-history.projection';
import { reportQuoteHistoryProjection } from './report-quote-history.projection';
import { reportArticleHistoryProjection } from './report-article-history.projection';
import { reportCustomerLifecycleProjection } from './report-customer-lifecycle.projection';

export { projectCampaignMessage } from './report-campaign-messages.projection';
export { projectOpportunityStages } from './report-opportunity-stages.projection';
export { projectForecastSubmission } from './report-forecast-submissions.projection';
export { projectQuotaSetting } from './report-quotas.projection';
export { projectTicketHistory } from './report-ticket-history.projection';
export { projectLeadHistory } from './report-lead-history.projection';
export { projectChurnHistory } from './report-churn-history.projection';
export { projectQuoteHistory } from './report-quote-history.projection';
export { projectArticleHistory } from './report-article-history.projection';
export { projectCustomerLifecycle } from './report-customer-lifecycle.projection';

export const REPORT_PROJECTIONS: readonly ProjectionDefinition[] = [
  reportOpportunityStagesProjection,
  reportCampaignMessagesProjection,
  reportForecastSubmissionsProjection,
  reportQuotasProjection,
  reportTicketHistoryProjection,
  reportLeadHistoryProjection,
  reportChurnHistoryProjection,
  reportQuoteHistoryProjection,
  reportArticleHistoryProjection,
  reportCustomerLifecycleProjection,
];
