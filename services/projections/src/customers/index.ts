// The Customers projections. They read the store through the customers decrypting view
// (customersDecryptingStore from @crm/customers-read-models), so the worker needs CRM_MASTER_KEY.
import type { ProjectionDefinition } from '@crm/read-models';
import { customer360Projection } from './customer-360.projection';
import { customerTimelineProjection } from './customer-timeline.projection';

export { customer360Projection, projectCustomer360 } from './customer-360.projection';
export {
  customerTimelineProjection,
  projectCustomerTimeline,
} from './customer-timeline.projection';

export const CUSTOMER_PROJECTIONS: readonly ProjectionDefinition[] = [
  customer360Projection,
  customerTimelineProjection,
];

/** Whether a projection reads customer personal data (and so needs the decrypting store view). */
export function isCustomerProjection(definition: ProjectionDefinition): boolean {
  return CUSTOMER_PROJECTIONS.some((p) => p.name === definition.name);
}
