// A customer's marketing touches as a read model (projection `marketing-customer-touches`, written
// from `marketing.TouchRecorded`): one document per tenant and customer with every campaign or
// journey mail sent to them, keyed by the stream version of the touch (so replays write the same
// document). The customer 360 reads the most recent ones. Customers are named by id only.
import type { ReadModelResolver } from '@crm/read-models';

export const MARKETING_CUSTOMER_TOUCHES_PROJECTION = 'marketing-customer-touches';
export const MARKETING_CUSTOMER_TOUCHES_MODEL = 'marketing_customer_touches';

export const customerTouchesDocumentId = (tenantId: string, customerId: string): string =>
  `${tenantId}|${customerId}`;

export interface CustomerTouchView {
  readonly sourceKind: 'campaign' | 'journey';
  readonly sourceId: string;
  readonly channel: string;
  readonly touchedAt: string;
}

export interface CustomerTouchesDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly customerId: string;
  /** Stream version → the touch. */
  readonly touches: Readonly<Record<string, CustomerTouchView>>;
}

/** The customer's most recent touches, newest first. */
export async function recentTouches(
  resolver: ReadModelResolver,
  tenantId: string,
  customerId: string,
  limit: number,
): Promise<CustomerTouchView[]> {
  const doc = await (
    await resolver.collection<CustomerTouchesDocument>(
      MARKETING_CUSTOMER_TOUCHES_PROJECTION,
      MARKETING_CUSTOMER_TOUCHES_MODEL,
    )
  ).findOne({ _id: customerTouchesDocumentId(String(tenantId), String(customerId)) });
  return Object.values(doc?.touches ?? {})
    .sort((a, b) => b.touchedAt.localeCompare(a.touchedAt))
    .slice(0, limit);
}
