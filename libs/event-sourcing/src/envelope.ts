// The event envelope: the public contract that every stored and published event carries.
// Integrations and auditors depend on it, so fields are only ever added (never renamed or removed).
// See docs/event-envelope.md for the field-by-field contract.

/** Who caused an event: a signed-in user (with the roles they held at the time) or a named system process. */
export type Actor =
  | { readonly kind: 'user'; readonly userId: string; readonly roles: readonly string[] }
  | { readonly kind: 'system'; readonly name: string };

/**
 * A stored event as read from the store.
 *
 * - `streamVersion` starts at 1 for the first event of a stream and is gapless (1, 2, 3, …).
 *   A stream that has no events has version 0.
 * - `globalPosition` is strictly increasing in commit order (gaps are possible: aborted appends
 *   burn positions). It is a `bigint` column in PostgreSQL and a JS number here (safe up to 2^53).
 * - `hash` is the SHA-256 (hex) of the canonical envelope including `previousHash`, the hash of the
 *   event before it in the same stream (`null` for the stream's first event): a per-stream chain.
 */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly tenantId: string;
  /** ISO-8601 UTC with milliseconds, exactly as `Date.prototype.toISOString()` prints it. */
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: Data;
  readonly hash: string;
  readonly previousHash: string | null;
}

/**
 * What a writer hands to `EventStore.append`: the envelope minus what the store assigns
 * (stream id/version, global position, hashes). `schemaVersion` defaults to the type's current
 * version in the store's event-type registry.
 */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion?: number;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: Data;
}

/** The envelope fields covered by the integrity hash (everything except globalPosition and hash). */
export type HashedEnvelopeFields = Omit<EventEnvelope, 'globalPosition' | 'hash'>;

/** `<context>.<PastTenseName>`: context in kebab-case, the name in PascalCase. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*\.[A-Z][A-Za-z0-9]*$/;

/** UUID of any version (v7 preferred), lower- or upper-case, canonical 8-4-4-4-12 form. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exactly the shape `Date.prototype.toISOString()` produces, so stored times round-trip byte for byte. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function eventTypeContext(type: string): string {
  const dot = type.indexOf('.');
  return dot < 0 ? type : type.slice(0, dot);
}
