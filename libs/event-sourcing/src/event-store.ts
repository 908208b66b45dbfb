// The EventStore port: the only way services touch the event log. Adapters (PostgreSQL, KurrentDB)
// implement it and must pass the shared contract suite (src/testing/event-store.contract.ts).
import type { EventEnvelope, NewEvent } from './envelope';

/**
 * What the caller believes about the stream before appending:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream has never had an event (same as `0`);
 * - `'stream_exists'`: the stream has at least one event;
 * - a number: the stream's current version (the `streamVersion` of its last event).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedVersion?: ExpectedVersion;
  /**
   * Records a command's idempotency key in the same transaction as its events. When the key is
   * already stored, nothing is appended and the events appended the first time are returned
   * (`replayed: true`). The key is opaque: callers scope it (tenant, command type) themselves.
   * An empty `events` list with a key records the key alone (a command that decided nothing).
   */
  readonly idempotency?: {
    readonly key: string;
    /** Hash of the command; when a stored key has a different fingerprint, IdempotencyKeyReusedError. */
    readonly fingerprint?: string;
  };
}

export interface AppendResult {
  readonly streamId: string;
  /** The stored envelopes: the new ones, or the original ones when the append was a replay. */
  readonly events: readonly EventEnvelope[];
  /** The stream's version after the append (use it as the next expected version). */
  readonly nextExpectedVersion: number;
  /** True when nothing was written because the event ids (or the idempotency key) were already stored. */
  readonly replayed: boolean;
}

export interface ReadStreamOptions {
  /** Defaults to `'forwards'`. */
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start version; defaults to the first (forwards) or the last (backwards) event. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
  /** Only events at or before this global position (temporal reads). */
  readonly untilGlobalPosition?: number;
  /** When given, a stream of another tenant reads as TenantMismatchError. */
  readonly tenantId?: string;
}

export interface ReadStreamResult {
  readonly streamId: string;
  /** Upcast to each type's current schema version. */
  readonly events: readonly EventEnvelope[];
  /**
   * The stream's current version (0 if it never had events). After a soft delete the stream reads
   * as empty but keeps its version, so this is the expected version for the next append.
   */
  readonly streamVersion: number;
}

/** Filters of the global log; all given filters must match (AND); within one filter any value matches (OR). */
export interface GlobalLogFilter {
  /** Bounded contexts of the stream, e.g. `['customers']`. */
  readonly contexts?: readonly string[];
  /** Stream categories `<context>.<Aggregate>`, e.g. `['sales.Lead']`. */
  readonly categories?: readonly string[];
  readonly eventTypes?: readonly string[];
  readonly tenantIds?: readonly string[];
  /** `occurredAt >= from` (inclusive), ISO-8601 or Date. */
  readonly occurredFrom?: string | Date;
  /** `occurredAt < to` (exclusive). */
  readonly occurredTo?: string | Date;
}

export interface ReadAllOptions {
  /** Exclusive: read events with `globalPosition > after`. Defaults to 0 (the start of the log). */
  readonly after?: number;
  readonly filter?: GlobalLogFilter;
  /** Events per batch; defaults to the adapter's (e.g. 500). */
  readonly batchSize?: number;
  /** Stop after this many events in total. */
  readonly maxCount?: number;
}

export interface ReadAllPage {
  readonly events: readonly EventEnvelope[];
  /**
   * Where the next read continues (`after` of the next call). With filters this may be past the
   * last returned event: positions that were scanned but filtered out need not be scanned again.
   */
  readonly checkpoint: number;
  /** True when the page reached the current safe head of the log (nothing more is readable now). */
  readonly isEnd: boolean;
  /**
   * True when events beyond the checkpoint are committed but not yet safe to read because an older
   * transaction is still open: read again shortly rather than waiting for the next notification.
   */
  readonly pending?: boolean;
}

export interface SubscriptionContext {
  /** Store this once the batch is applied; resuming with `after: checkpoint` continues exactly after it. */
  readonly checkpoint: number;
  /** True once the subscriber has caught up with the log at least once. */
  readonly isLive: boolean;
}

export type SubscriptionHandler = (
  events: readonly EventEnvelope[],
  context: SubscriptionContext,
) => Promise<void> | void;

export interface SubscribeOptions {
  /** Exclusive checkpoint to resume from (0 = from the beginning). */
  readonly after?: number;
  readonly filter?: GlobalLogFilter;
  readonly batchSize?: number;
  /** Fallback poll when no wake-up notification arrives; defaults to the adapter's (e.g. 1000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Also call the handler with an empty batch when filtered-out positions moved the checkpoint, so
   * the caller can persist progress. Defaults to false.
   */
  readonly notifyCheckpointOnly?: boolean;
}

export interface Subscription {
  /** Stops after the batch in progress (if any); resolves when the subscription has stopped. */
  stop(): Promise<void>;
  /** Resolves when stopped; rejects with the handler's (or a non-transient store) error when it failed. */
  readonly done: Promise<void>;
  /** The last checkpoint whose batch the handler has completed. */
  checkpoint(): number;
}

export interface StreamMetadata {
  readonly streamId: string;
  readonly tenantId: string;
  /** Current version (0 = no events). */
  readonly version: number;
  /** Events with a version below this are hidden from readStream (soft delete = version + 1). */
  readonly truncateBefore: number;
  readonly softDeleted: boolean;
  readonly tombstoned: boolean;
  /**
   * Events older than this are hidden from readStream. Only for technical streams without personal
   * data (checkpoints, process-manager timers): personal data is erased by crypto-shredding instead.
   */
  readonly maxAgeSeconds: number | null;
}

export interface StreamMetadataUpdate {
  readonly maxAgeSeconds?: number | null;
}

export interface DeleteStreamOptions {
  readonly expectedVersion?: ExpectedVersion;
  /** Tombstone: the stream can never be read or appended to again. Default: soft delete. */
  readonly hard?: boolean;
}

export interface IntegrityFailure {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly reason: 'hash_mismatch' | 'previous_hash_mismatch' | 'version_gap';
  readonly message: string;
}

export interface IntegrityReport {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly failures: readonly IntegrityFailure[];
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly streamId: string;
  readonly fingerprint: string | null;
  readonly events: readonly EventEnvelope[];
}

/** One stream's part of an `appendMany`. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly options?: AppendOptions;
}

export interface EventStore {
  /**
   * Appends events to one stream atomically: all or nothing. Re-appending events whose ids are
   * already stored (same stream, same order) is a no-op returning the stored envelopes.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /**
   * Optional (PostgreSQL only, for bulk writers such as imports): appends to many streams in ONE
   * transaction, all or nothing, each stream with its own expected version and idempotency key.
   * Every stream gets its hash chain, global positions and wake-up exactly as `append` gives them.
   * Unlike `append` it never answers a replay: if any stream conflicts (expected version, an event
   * id or idempotency key already stored) nothing is written and the error is thrown, so the caller
   * can fall back to `append` per stream, which does answer replays.
   */
  appendMany?(appends: readonly StreamAppend[]): Promise<AppendResult[]>;

  /** Reads one stream. A stream that never existed reads as empty with version 0. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;

  /**
   * One page of the global log in global order, never past an event still being committed. An
   * event becomes readable here once every transaction older than it has ended (on PostgreSQL:
   * any transaction of the cluster), which is usually at once; stream reads see it immediately.
   */
  readAllPage(options?: ReadAllOptions): Promise<ReadAllPage>;

  /** The global log from a position up to the current safe head, fetched in batches. */
  readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope>;

  /**
   * Catch-up subscription: reads from `after` to the head, then waits for new events. The handler
   * is awaited per batch (back-pressure); a handler error stops the subscription and rejects `done`.
   */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;

  getStreamMetadata(streamId: string): Promise<StreamMetadata | null>;
  setStreamMetadata(streamId: string, update: StreamMetadataUpdate): Promise<StreamMetadata>;
  deleteStream(streamId: string, options?: DeleteStreamOptions): Promise<void>;

  /** The record of an idempotency key, with the events it appended, or null if never used. */
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null>;

  /** Recomputes the hash chain of one stream from the stored (not upcast) events. */
  verifyStream(streamId: string): Promise<IntegrityReport>;
  /** Recomputes hashes of the events with fromPosition <= globalPosition <= toPosition. */
  verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport>;

  /** Releases connections; subscriptions are stopped. */
  close(): Promise<void>;
}
