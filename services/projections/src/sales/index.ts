// The Sales projections. They read the raw store (no personal data in their documents).
import type { ProjectionDefinition } from '@crm/read-models';
import { salesLeadsProjection } from './sales-leads.projection';
import { salesOrdersProjection } from './sales-orders.projection';
import { salesPipelineProjection } from './sales-pipeline.projection';

export { projectSalesLead, salesLeadsProjection } from './sales-leads.projection';
export { projectSalesOpportunity, salesPipelineProjection } from './sales-pipeline.projection';
export { projectSalesOrder, salesOrdersProjection } from './sales-orders.projection';

export const SALES_PROJECTIONS: readonly ProjectionDefinition[] = [
  salesLeadsProjection,
  salesPipelineProjection,
  salesOrdersProjection,
];
