// Segment membership as a read model (projection `marketing-segment-members`, written from
// `marketing.SegmentMembershipChanged`): one document per tenant, segment and customer with whether
// the customer is a member now and every change with its instant, keyed by stream version. A
// segment's members now, and as of any past instant (the last change at or before it), are read
// from these documents. They name customers by id only, so after an erasure the counts of the past
// stay and nothing personal does.
import type { ReadModelResolver } from '@crm/read-models';

export const MARKETING_SEGMENT_MEMBERS_PROJECTION = 'marketing-segment-members';
export const MARKETING_SEGMENT_MEMBERS_MODEL = 'marketing_segment_members';

export const segmentMemberDocumentId = (
  tenantId: string,
  segmentId: string,
  customerId: string,
): string => `${tenantId}|${segmentId}|${customerId}`;

export interface SegmentMemberDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly segmentId: string;
  readonly customerId: string;
  readonly member: boolean;
  /** Stream version → the change and its instant (ISO-8601 UTC). */
  readonly changes: Readonly<
    Record<string, { readonly change: 'entered' | 'left'; readonly at: string }>
  >;
}

export interface SegmentMembersView {
  readonly count: number;
  /** The members' ids in order, at most `limit`. */
  readonly customerIds: readonly string[];
}

/** Whether the customer was a member at `asOf`: the latest change at or before it says. */
function memberAt(doc: SegmentMemberDocument, asOf: string): boolean {
  let latest: { version: number; change: 'entered' | 'left' } | undefined;
  for (const [version, { change, at }] of Object.entries(doc.changes ?? {})) {
    const v = Number(version);
    if (at <= asOf && (!latest || v > latest.version)) latest = { version: v, change };
  }
  return latest?.change === 'entered';
}

export async function segmentMembers(
  resolver: ReadModelResolver,
  tenantId: string,
  segmentId: string,
  options: { readonly asOf?: string; readonly limit: number },
): Promise<SegmentMembersView> {
  const collection = await resolver.collection<SegmentMemberDocument>(
    MARKETING_SEGMENT_MEMBERS_PROJECTION,
    MARKETING_SEGMENT_MEMBERS_MODEL,
  );
  const scope = { tenantId: { $eq: tenantId }, segmentId: { $eq: segmentId } };
  const asOf = options.asOf;
  if (asOf === undefined) {
    const now = { ...scope, member: { $eq: true } };
    const [count, docs] = await Promise.all([
      collection.countDocuments(now),
      collection.find(now).sort({ customerId: 1 }).limit(options.limit).toArray(),
    ]);
    return { count, customerIds: docs.map((d) => d.customerId) };
  }
  const ids: string[] = [];
  for await (const doc of collection.find(scope).sort({ customerId: 1 }))
    if (memberAt(doc, asOf)) ids.push(doc.customerId);
  return { count: ids.length, customerIds: ids.slice(0, options.limit) };
}

/** The segments a customer is a member of now, each with when they last entered it. */
export async function segmentsOfCustomer(
  resolver: ReadModelResolver,
  tenantId: string,
  customerId: string,
  limit: number,
): Promise<{ readonly segmentId: string; readonly since: string }[]> {
  const collection = await resolver.collection<SegmentMemberDocument>(
    MARKETING_SEGMENT_MEMBERS_PROJECTION,
    MARKETING_SEGMENT_MEMBERS_MODEL,
  );
  const docs = await collection
    .find({ tenantId: { $eq: tenantId }, customerId: { $eq: customerId }, member: { $eq: true } })
    .sort({ segmentId: 1 })
    .limit(limit)
    .toArray();
  return docs.map((doc) => {
    const entered = Object.values(doc.changes ?? {})
      .filter((c) => c.change === 'entered')
      .map((c) => c.at)
      .sort();
    return { segmentId: doc.segmentId, since: entered.at(-1) ?? '' };
  });
}
