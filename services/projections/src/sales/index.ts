// The Sales projections. They read the raw store (no personal data in their documents).
import type { ProjectionDefinition } from '@crm/read-models';
import { salesLeadsProjection } from './sales-leads.projection';
import { salesOrdersProjection } from './sales-orders.projection';
import { salesPipelineProjection } from './sales-pipeline.projection';
import { salesActivitiesProjection } from './sales-activities.projection';
import { salesQuotesProjection } from './sales-quotes.projection';
import { salesForecastsProjection } from './sales-forecasts.projection';
import { salesContractsProjection, salesQuotasProjection } from './sales-contracts.projection';
import { salesNotesProjection } from './sales-notes.projection';

export { projectSalesLead, salesLeadsProjection } from './sales-leads.projection';
export {
  projectSalesOpportunity,
  projectSalesPipeline,
  salesPipelineProjection,
} from './sales-pipeline.projection';
export { projectSalesOrder, salesOrdersProjection } from './sales-orders.projection';
export { projectSalesQuote, salesQuotesProjection } from './sales-quotes.projection';
export { projectSalesActivity, salesActivitiesProjection } from './sales-activities.projection';
export { projectSalesForecast, salesForecastsProjection } from './sales-forecasts.projection';
export {
  projectSalesContract,
  projectSalesQuota,
  salesContractsProjection,
  salesQuotasProjection,
} from './sales-contracts.projection';

export const SALES_PROJECTIONS: readonly ProjectionDefinition[] = [
  salesLeadsProjection,
  salesPipelineProjection,
  salesOrdersProjection,
  salesQuotesProjection,
  salesActivitiesProjection,
  salesForecastsProjection,
  salesContractsProjection,
  salesQuotasProjection,
  salesNotesProjection,
];
export { projectSalesNote, salesNotesProjection } from './sales-notes.projection';
