// Envelope ↔ KurrentDB event. The event id, type and payload map onto KurrentDB's own fields (so
// the KurrentDB UI, projections and other clients see ordinary JSON events); every other envelope
// field travels in the event metadata as a flat string map. Flat strings because multi-stream
// appends (which the adapter uses for atomic idempotency) accept nothing else, and one format for
// every write keeps the read side simple. No key starts with `$`: that namespace is reserved for
// the server in multi-stream appends (so KurrentDB's own `$correlationId` cannot be used).
import type { JSONEventData, JSONType, Position } from '@kurrent/kurrentdb-client';
import type { SealedEvent } from '../append-preparation';
import type { Actor, EventEnvelope } from '../envelope';

export const ENVELOPE_FORMAT = 'crm-envelope-v1';

/** Metadata keys; never renamed (they are in every stored event). */
export const META = {
  format: 'crm.format',
  schemaVersion: 'crm.schemaVersion',
  tenantId: 'crm.tenantId',
  occurredAt: 'crm.occurredAt',
  actor: 'crm.actor',
  hash: 'crm.hash',
  previousHash: 'crm.previousHash',
  correlationId: 'crm.correlationId',
  causationId: 'crm.causationId',
} as const;

export type KurrentEnvelopeMetadata = Record<(typeof META)[keyof typeof META], string>;

export function toKurrentEventData(event: SealedEvent): JSONEventData {
  const metadata: KurrentEnvelopeMetadata = {
    [META.format]: ENVELOPE_FORMAT,
    [META.schemaVersion]: String(event.schemaVersion),
    [META.tenantId]: event.tenantId,
    [META.occurredAt]: event.occurredAt,
    [META.actor]: JSON.stringify(event.actor),
    [META.hash]: event.hash,
    // A stream's first event has no predecessor; '' cannot be confused with a hex hash.
    [META.previousHash]: event.previousHash ?? '',
    [META.correlationId]: event.correlationId,
    [META.causationId]: event.causationId,
  };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    // Any JSON value is stored as JSON text by the client; its type only names the common shapes.
    data: event.data as JSONType,
    metadata,
  };
}

/** What the adapter needs from a KurrentDB recorded event (structurally compatible with the client's type). */
export interface KurrentRecordedEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly created: Date;
  readonly position?: Position;
}

function metadataObject(metadata: unknown): Record<string, unknown> | undefined {
  if (metadata instanceof Uint8Array) {
    try {
      return metadataObject(JSON.parse(Buffer.from(metadata).toString('utf8')));
    } catch {
      return undefined;
    }
  }
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
    ? (metadata as Record<string, unknown>)
    : undefined;
}

/**
 * The stored envelope of a recorded event (not upcast), or undefined when the event was not
 * written by this platform (system events, other applications' streams, the adapter's own
 * bookkeeping streams): those are skipped by every read, never half-decoded.
 */
export function fromKurrentRecordedEvent(
  recorded: KurrentRecordedEvent,
): EventEnvelope | undefined {
  const meta = metadataObject(recorded.metadata);
  if (!meta || meta[META.format] !== ENVELOPE_FORMAT) return undefined;
  const text = (key: string): string => {
    const value = meta[key];
    if (typeof value !== 'string')
      throw new TypeError(`event ${recorded.id} in ${recorded.streamId}: metadata ${key} missing`);
    return value;
  };
  const previousHash = text(META.previousHash);
  return {
    eventId: recorded.id.toLowerCase(),
    type: recorded.type,
    schemaVersion: Number(text(META.schemaVersion)),
    streamId: recorded.streamId,
    streamVersion: revisionToVersion(recorded.revision),
    globalPosition: recorded.position ? positionToGlobal(recorded.position) : 0,
    tenantId: text(META.tenantId),
    occurredAt: text(META.occurredAt),
    actor: JSON.parse(text(META.actor)) as Actor,
    correlationId: text(META.correlationId),
    causationId: text(META.causationId),
    data: jsonData(recorded),
    hash: text(META.hash),
    previousHash: previousHash === '' ? null : previousHash,
  };
}

/**
 * The payload. The adapter always writes JSON; should a server present it as bytes (content type
 * lost on the way, e.g. in a view synthesised from a multi-stream append), parse the bytes.
 */
function jsonData(recorded: KurrentRecordedEvent): unknown {
  if (recorded.isJson || !(recorded.data instanceof Uint8Array)) return recorded.data;
  return JSON.parse(Buffer.from(recorded.data).toString('utf8')) as unknown;
}

/** KurrentDB revisions count from 0; envelope stream versions from 1. */
export function revisionToVersion(revision: bigint): number {
  return Number(revision) + 1;
}

export function versionToRevision(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new RangeError(`stream version must be >= 1, got ${version}`);
  return BigInt(version - 1);
}

/**
 * The global position is the commit position in KurrentDB's transaction log. Without explicit
 * transactions (gone since the gRPC API), prepare == commit and every event has its own, strictly
 * increasing in log order. JS numbers are exact up to 2^53 bytes of log (8 PiB).
 */
export function positionToGlobal(position: Position): number {
  if (position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `KurrentDB position ${position.commit} exceeds the envelope's safe integer range`,
    );
  }
  return Number(position.commit);
}

export function globalToPosition(globalPosition: number): Position {
  if (!Number.isSafeInteger(globalPosition) || globalPosition < 0) {
    throw new RangeError(`global position must be a non-negative integer, got ${globalPosition}`);
  }
  const p = BigInt(globalPosition);
  return { commit: p, prepare: p };
}
