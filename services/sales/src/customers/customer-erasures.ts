// Whether the customers context erased a customer, read from its public `customers.PersonalDataErased`
// events on the store's log (ADR 0481): the erased customer and the customers merged into it
// (`erasedCustomerIds`). Erasures are rare and the log is indexed by type, so sales keeps no copy.
import type { EventStore } from '@crm/event-sourcing';

export interface PersonalDataErased {
  readonly customerId: string;
  /** Every customer of a merge group: one person (the customers contract). */
  readonly erasedCustomerIds?: readonly string[];
}

export const erasedCustomerIdsOf = (erased: PersonalDataErased): ReadonlySet<string> =>
  new Set([erased.customerId, ...(erased.erasedCustomerIds ?? [])]);

/** When the tenant's customer was erased, or undefined if it never was. */
export async function customerErasedAt(
  log: Pick<EventStore, 'readAll'>,
  tenantId: string,
  customerId: string,
): Promise<Date | undefined> {
  for await (const event of log.readAll({
    filter: { tenantIds: [tenantId], eventTypes: ['customers.PersonalDataErased'] },
  })) {
    if (erasedCustomerIdsOf(event.data as PersonalDataErased).has(customerId))
      return new Date(event.occurredAt);
  }
  return undefined;
}
