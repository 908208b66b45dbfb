// Stream names of the loyalty context: `<context>.<Aggregate>-<id>`. One program per tenant; one
// member account per customer (the member id is the customer id, so the earn reactor finds the
// account of an order's customer without a lookup).

export const LOYALTY_CONTEXT = 'loyalty';
export const PROGRAM_CATEGORY = 'loyalty.Program';
export const MEMBER_CATEGORY = 'loyalty.Member';

export function programStreamId(tenantId: string): string {
  return `${PROGRAM_CATEGORY}-${tenantId}`;
}

export function memberStreamId(memberId: string): string {
  return `${MEMBER_CATEGORY}-${memberId}`;
}

export function memberIdFromStreamId(streamId: string): string | undefined {
  const prefix = `${MEMBER_CATEGORY}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}
