// Stream names of the Customers context: `<context>.<Aggregate>-<id>`.

export const CUSTOMERS_CONTEXT = 'customers';
export const CUSTOMER_CATEGORY = 'customers.Customer';
export const CUSTOM_FIELD_DEFINITIONS_CATEGORY = 'customers.CustomFieldDefinitions';

export function customerStreamId(customerId: string): string {
  return `${CUSTOMER_CATEGORY}-${customerId}`;
}

/** One definitions aggregate per tenant. */
export function customFieldDefinitionsStreamId(tenantId: string): string {
  return `${CUSTOM_FIELD_DEFINITIONS_CATEGORY}-${tenantId}`;
}

export function customerIdFromStreamId(streamId: string): string | undefined {
  const prefix = `${CUSTOMER_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}
