// Where every open opportunity sits on the pipeline board, kept by the sales-pipeline projection in
// a fixed number of documents per tenant (ADR 0445). The board reads them by `_id`, which the
// MongoDB-wire server answers without scanning (ADR 0360), instead of filtering the opportunities
// collection, which it scans whole for any filter on `tenantId` whatever the indexes.
import { encodeFieldKey } from '@crm/read-models';

export const SALES_BOARD_PLACEMENTS_MODEL = 'sales_board_placements';

/**
 * Documents per tenant the open opportunities are spread over (by a hash of their id). Few enough
 * that one `_id: {$in}` read fetches them all; many enough that a write rewrites a small document.
 * Changing it changes which document an opportunity is in: bump the projection's version.
 */
export const BOARD_PLACEMENT_BUCKETS = 64;

/**
 * What places an open opportunity on the board and adds it up. An opportunity reopened after it
 * was won or lost has only `stageId` here (its other fields are not in the reopening event): the
 * reader completes it from the opportunity's own document.
 */
export interface BoardPlacementEntry {
  readonly pipelineId?: string;
  readonly stageId?: string;
  readonly currency?: string;
  readonly amountMinor?: number;
  readonly expectedCloseOn?: string;
  readonly ownerId?: string | null;
  readonly teamId?: string | null;
}

/** One bucket: the tenant's open opportunities whose id hashes to it, by encoded id. */
export interface BoardPlacementsDocument {
  readonly _id: string;
  readonly tenantId: string;
  readonly open?: { readonly [encodedOpportunityId: string]: BoardPlacementEntry };
}

/** FNV-1a (32 bit): stable across processes and releases, unlike anything seeded. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const bucketId = (tenantId: string, bucket: number) => `${tenantId}|${bucket}`;

/** The bucket document holding this opportunity's placement. */
export function boardPlacementBucketId(tenantId: string, opportunityId: string): string {
  return bucketId(tenantId, fnv1a(opportunityId) % BOARD_PLACEMENT_BUCKETS);
}

/** Every bucket document of a tenant, for one read by `_id`. */
export function boardPlacementBucketIds(tenantId: string): string[] {
  return Array.from({ length: BOARD_PLACEMENT_BUCKETS }, (_, b) => bucketId(tenantId, b));
}

/** The field path of an opportunity's placement inside its bucket (ids may hold dots). */
export function boardPlacementPath(opportunityId: string): string {
  return `open.${encodeFieldKey(opportunityId)}`;
}
