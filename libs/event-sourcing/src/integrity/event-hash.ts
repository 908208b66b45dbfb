// Integrity chain: every event's hash covers its envelope fields and the previous event's hash in
// the same stream, so altering, removing or reordering a stored event breaks the chain from there.
import { hash } from 'node:crypto';
import type { HashedEnvelopeFields } from '../envelope';
import type { IntegrityFailure } from '../event-store';
import { canonicalJson, canonicalObject } from '../serialisation/canonical-json';

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
  // Only the hashed fields count (a stored row carries more); the event id in lower case — as
  // PostgreSQL prints uuids, so a stored event is hashed as it is, without a copy.
  const eventId = fields.eventId.toLowerCase();
  const hashed = eventId === fields.eventId ? fields : { ...fields, eventId };
  return hash('sha256', canonicalObject(hashed, HASHED_KEYS), 'hex');
}

/** The fields the hash covers, exactly (extra properties of the argument are left out). */
function hashedFields(fields: HashedEnvelopeFields): HashedEnvelopeFields {
  return {
    eventId: fields.eventId.toLowerCase(),
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    streamId: fields.streamId,
    streamVersion: fields.streamVersion,
    tenantId: fields.tenantId,
    occurredAt: fields.occurredAt,
    actor: fields.actor,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
    data: fields.data,
    previousHash: fields.previousHash,
  };
}

/**
 * The canonical text of an event's hashed fields with holes for the two values only known once
 * the stream's head is locked: `beforeData + data + afterData + JSON(previousHash) + middle +
 * streamVersion + tail`, the payload (`data`, canonical JSON) apart so that it can be sent and
 * stored once. The PostgreSQL store fills the holes and hashes inside its append function (one
 * round trip, ADR 0120); `hashFromTemplate` is the same computation in Node.
 */
export interface EventHashTemplate {
  readonly beforeData: string;
  readonly data: string;
  readonly afterData: string;
  readonly middle: string;
  readonly tail: string;
}

export type UnchainedHashFields = Omit<HashedEnvelopeFields, 'previousHash' | 'streamVersion'>;

const DATA_HOLE = Symbol('data');
const PREVIOUS_HASH_HOLE = Symbol('previousHash');
const STREAM_VERSION_HOLE = Symbol('streamVersion');

export function eventHashTemplate(fields: UnchainedHashFields): EventHashTemplate {
  const record: Record<string, unknown> = {
    ...hashedFields({ ...fields, previousHash: null, streamVersion: 0 }),
    data: DATA_HOLE,
    previousHash: PREVIOUS_HASH_HOLE,
    streamVersion: STREAM_VERSION_HOLE,
  };
  // Same key order and skipping of undefined values as canonicalJson's objects.
  const segments = [''];
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === undefined) continue;
    segments[segments.length - 1] += `${first ? '{' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (value === DATA_HOLE || value === PREVIOUS_HASH_HOLE || value === STREAM_VERSION_HOLE)
      segments.push('');
    else segments[segments.length - 1] += canonicalJson(value);
  }
  const [beforeData = '', afterData = '', middle = '', tail = ''] = segments;
  // JSON drops an undefined payload; the validated events of the store always have one.
  return {
    beforeData,
    data: canonicalJson(fields.data ?? null),
    afterData,
    middle,
    tail: `${tail}}`,
  };
}

export function hashFromTemplate(
  template: EventHashTemplate,
  previousHash: string | null,
  streamVersion: number,
): string {
  const { beforeData, data, afterData, middle, tail } = template;
  const text = `${beforeData}${data}${afterData}${JSON.stringify(previousHash)}${middle}${streamVersion}${tail}`;
  return hash('sha256', text, 'hex');
}

/** A stored event as the adapter read it: envelope fields, stored hash and position, before upcasting. */
export interface StoredEventForVerification extends HashedEnvelopeFields {
  readonly globalPosition: number;
  readonly hash: string;
}

/**
 * What the chain checks of an event once its contents are hashed: where it is, what it links to,
 * its stored hash and the hash its contents have now (`contentHash`, computed by the verifier, never
 * read from storage). Lets the hashing run elsewhere (worker threads) than the chain check.
 */
export interface HashedChainLink {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly hash: string;
  readonly previousHash: string | null;
  readonly contentHash: string;
}

export function hashedChainLink(event: StoredEventForVerification): HashedChainLink {
  return {
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventId: event.eventId,
    hash: event.hash,
    previousHash: event.previousHash,
    contentHash: computeEventHash(event),
  };
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
    return this.checkLink(hashedChainLink(event));
  }

  /** check() of an event whose contents were hashed already. */
  checkLink(event: HashedChainLink): IntegrityFailure[] {
    const failures: IntegrityFailure[] = [];
    const at = {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventId: event.eventId,
    };
    const expected = event.contentHash;
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
