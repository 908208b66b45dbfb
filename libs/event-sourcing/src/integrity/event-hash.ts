// Integrity chain: every event's hash covers its envelope fields and the previous event's hash in
// the same stream, so altering, removing or reordering a stored event breaks the chain from there.
import { hash } from 'node:crypto';
import type { HashedEnvelopeFields } from '../envelope';
import type { IntegrityFailure } from '../event-store';
import { canonicalObject } from '../serialisation/canonical-json';

/** The hashed fields in canonical key order, sorted once rather than for every event. */
const HASHED_KEYS: readonly (keyof HashedEnvelopeFields)[] = (
  [
    'eventId',
    'type',
    'schemaVersion',
    'streamId',
    'streamVersion',
    'tenantId',
    'occurredAt',
    'actor',
    'correlationId',
    'causationId',
    'data',
    'previousHash',
  ] as const
)
  .slice()
  .sort();

/** SHA-256 (lower-case hex) of the canonical JSON of the hashed envelope fields. */
export function computeEventHash(fields: HashedEnvelopeFields): string {
  // Only the hashed fields count (a stored row carries more); the event id in lower case.
  const hashed = { ...fields, eventId: fields.eventId.toLowerCase() };
  return hash('sha256', canonicalObject(hashed, HASHED_KEYS), 'hex');
}

/** A stored event as the adapter read it: envelope fields, stored hash and position, before upcasting. */
export interface StoredEventForVerification extends HashedEnvelopeFields {
  readonly globalPosition: number;
  readonly hash: string;
}

/**
 * Checks each event's own hash, and — for consecutive events of the same stream in the input —
 * that previousHash links to the predecessor's stored hash and versions have no gap. Events must be
 * given in stream order per stream (global order satisfies that).
 */
export function verifyEvents(events: Iterable<StoredEventForVerification>): IntegrityFailure[] {
  const chain = new StreamChainVerifier();
  const failures: IntegrityFailure[] = [];
  for (const event of events) failures.push(...chain.check(event));
  return failures;
}

/**
 * The incremental form of verifyEvents: remembers the last event of every stream seen so far, so
 * a caller paging through the whole global log checks links across pages too.
 */
export class StreamChainVerifier {
  private readonly lastByStream = new Map<string, { streamVersion: number; hash: string }>();

  check(event: StoredEventForVerification): IntegrityFailure[] {
    const failures: IntegrityFailure[] = [];
    const at = {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventId: event.eventId,
    };
    const expected = computeEventHash(event);
    if (expected !== event.hash) {
      failures.push({
        ...at,
        reason: 'hash_mismatch',
        message: `stored hash ${event.hash} but contents hash to ${expected}`,
      });
    }
    const previous = this.lastByStream.get(event.streamId);
    if (previous) {
      if (event.streamVersion !== previous.streamVersion + 1) {
        failures.push({
          ...at,
          reason: 'version_gap',
          message: `version ${event.streamVersion} follows version ${previous.streamVersion}`,
        });
      } else if (event.previousHash !== previous.hash) {
        failures.push({
          ...at,
          reason: 'previous_hash_mismatch',
          message: `previousHash ${String(event.previousHash)} does not match the hash ${previous.hash} of version ${previous.streamVersion}`,
        });
      }
    } else if (event.streamVersion === 1 && event.previousHash !== null) {
      failures.push({
        ...at,
        reason: 'previous_hash_mismatch',
        message: 'the first event of a stream must have previousHash null',
      });
    }
    this.lastByStream.set(event.streamId, {
      streamVersion: event.streamVersion,
      hash: event.hash,
    });
    return failures;
  }

  /** The last version and hash seen per stream (what the streams table's head should match). */
  heads(): ReadonlyMap<string, { readonly streamVersion: number; readonly hash: string }> {
    return this.lastByStream;
  }
}
