// Names of the adapter's bookkeeping streams. They never match a platform stream id (no
// `<context>.<Aggregate>-` shape), so every read of the global log skips them.
//
//   crm-event-id-<uuid>          claims an event id for one (stream, version): makes event ids
//                                unique across the whole store, which KurrentDB alone does not
//   crm-idempotency-<sha256>     records an idempotency key with the events it appended
import { createHash } from 'node:crypto';

export const EVENT_ID_CLAIM_STREAM_PREFIX = 'crm-event-id-';
export const IDEMPOTENCY_STREAM_PREFIX = 'crm-idempotency-';
export const EVENT_ID_CLAIMED_TYPE = 'crm.EventIdClaimed';
export const IDEMPOTENCY_KEY_RECORDED_TYPE = 'crm.IdempotencyKeyRecorded';

export function eventIdClaimStream(eventId: string): string {
  return `${EVENT_ID_CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

/** Keys are client-chosen text of any length: hash them into a bounded, safe stream name. */
export function idempotencyStream(key: string): string {
  return `${IDEMPOTENCY_STREAM_PREFIX}${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

export interface EventIdClaim {
  readonly streamId: string;
  readonly streamVersion: number;
}

export interface IdempotencyKeyRecord {
  readonly key: string;
  readonly streamId: string;
  readonly fingerprint: string | null;
  /** Version of the first event the keyed append wrote (0 when it wrote none). */
  readonly firstVersion: number;
  readonly count: number;
}
