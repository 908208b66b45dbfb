// An EventStore in process memory for unit tests of handlers and projections. It validates,
// seals, versions and upcasts exactly like the database adapters (shared code) and passes the
// same contract suite; it is not durable and not meant for production.
import type { AppendLimits } from '../append-preparation';
import { prepareAppend, sealEvents } from '../append-preparation';
import type { EventEnvelope, NewEvent } from '../envelope';
import {
  EventIdConflictError,
  InvalidEventError,
  StreamDeletedError,
  TenantMismatchError,
  WrongExpectedVersionError,
} from '../errors/event-store-errors';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  EventStore,
  GlobalLogFilter,
  IdempotencyRecord,
  IntegrityReport,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  ReadStreamResult,
  StreamMetadata,
  StreamMetadataUpdate,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import { normaliseExpectedVersion, versionMatches } from '../expected-version';
import type { EventTypeDefinition } from '../event-types/event-type-registry';
import { EventTypeRegistry } from '../event-types/event-type-registry';
import { replayOfIdempotencyRecord } from '../idempotency-replay';
import { verifyEvents } from '../integrity/event-hash';
import { parseStreamId } from '../stream-id';
import { startPollingSubscription } from '../subscriptions/polling-subscription';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';

export interface InMemoryEventStoreOptions extends AppendLimits {
  readonly eventTypes: EventTypeRegistry | readonly EventTypeDefinition[];
  readonly upcasters?: UpcasterRegistry;
  /** Injected clock for maxAge; defaults to the system clock. */
  readonly now?: () => Date;
}

interface StreamState {
  tenantId: string;
  version: number;
  lastHash: string | null;
  truncateBefore: number;
  tombstoned: boolean;
  maxAgeSeconds: number | null;
}

interface StoredEvent {
  readonly envelope: EventEnvelope;
  readonly recordedAt: number;
}

export class InMemoryEventStore implements EventStore {
  private readonly eventTypes: EventTypeRegistry;
  private readonly upcasters: UpcasterRegistry;
  private readonly log: StoredEvent[] = [];
  private readonly byId = new Map<string, StoredEvent>();
  private readonly streams = new Map<string, StreamState>();
  private readonly keys = new Map<
    string,
    { streamId: string; fingerprint: string | null; eventIds: string[] }
  >();
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly now: () => Date;

  constructor(private readonly options: InMemoryEventStoreOptions) {
    this.eventTypes =
      options.eventTypes instanceof EventTypeRegistry
        ? options.eventTypes
        : new EventTypeRegistry(options.eventTypes);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.now = options.now ?? (() => new Date());
  }

  // Everything below is synchronous between awaits, so each append is atomic by construction.
  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    await Promise.resolve();
    const prepared = prepareAppend(streamId, events, this.eventTypes, this.options);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    const idempotency = options.idempotency;
    if (idempotency && (typeof idempotency.key !== 'string' || idempotency.key.length === 0)) {
      throw new InvalidEventError('An idempotency key must be a non-empty string');
    }
    if (idempotency) {
      const record = this.record(idempotency.key);
      if (record)
        return replayOfIdempotencyRecord(record, idempotency.key, idempotency.fingerprint);
    }
    const ids = prepared.events.map((e) => e.eventId);
    const stored = ids
      .map((id) => this.byId.get(id))
      .filter((e): e is StoredEvent => e !== undefined);
    if (stored.length > 0) {
      const first = stored[0]!.envelope;
      const same =
        stored.length === ids.length &&
        stored.every(
          (e, i) =>
            e.envelope.streamId === streamId &&
            e.envelope.eventId === ids[i] &&
            e.envelope.streamVersion === first.streamVersion + i,
        );
      if (!same) {
        throw new EventIdConflictError(
          first.eventId,
          `Event id ${first.eventId} is already stored but this append is not a retry of that one`,
        );
      }
      return {
        streamId,
        events: stored.map((e) => this.decode(e.envelope)),
        nextExpectedVersion: this.streams.get(streamId)?.version ?? 0,
        replayed: true,
      };
    }
    const stream = this.streams.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    if (stream && prepared.tenantId !== undefined && stream.tenantId !== prepared.tenantId) {
      throw new TenantMismatchError(streamId, prepared.tenantId);
    }
    const version = stream?.version ?? 0;
    if (!versionMatches(expected, version))
      throw new WrongExpectedVersionError(streamId, expected, version);
    const sealed = sealEvents(streamId, prepared.events, version, stream?.lastHash ?? null);
    const recordedAt = this.now().getTime();
    const base = this.log.length;
    const envelopes = sealed.map(({ dataJson: _stored, ...event }, i): EventEnvelope => ({
      ...event,
      globalPosition: base + i + 1,
    }));
    for (const envelope of envelopes) {
      const entry = { envelope, recordedAt };
      this.log.push(entry);
      this.byId.set(envelope.eventId, entry);
    }
    if (sealed.length > 0) {
      const state = stream ?? {
        tenantId: prepared.tenantId ?? '',
        version: 0,
        lastHash: null,
        truncateBefore: 0,
        tombstoned: false,
        maxAgeSeconds: null,
      };
      state.version = version + sealed.length;
      state.lastHash = sealed[sealed.length - 1]!.hash;
      this.streams.set(streamId, state);
    }
    if (idempotency) {
      this.keys.set(idempotency.key, {
        streamId,
        fingerprint: idempotency.fingerprint ?? null,
        eventIds: ids,
      });
    }
    for (const wake of [...this.waiters]) wake();
    return {
      streamId,
      events: envelopes.map((e) => this.decode(e)),
      nextExpectedVersion: version + sealed.length,
      replayed: false,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    await Promise.resolve();
    parseStreamId(streamId);
    const stream = this.streams.get(streamId);
    if (!stream) return { streamId, events: [], streamVersion: 0 };
    if (stream.tombstoned) throw new StreamDeletedError(streamId);
    if (options.tenantId !== undefined && stream.tenantId !== options.tenantId)
      throw new TenantMismatchError(streamId, options.tenantId);
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const from = options.fromVersion ?? (forwards ? 1 : stream.version);
    const oldest =
      stream.maxAgeSeconds === null
        ? -Infinity
        : this.now().getTime() - stream.maxAgeSeconds * 1000;
    let events = this.log
      .filter(
        (e) =>
          e.envelope.streamId === streamId &&
          (forwards ? e.envelope.streamVersion >= from : e.envelope.streamVersion <= from) &&
          e.envelope.streamVersion >= stream.truncateBefore &&
          (options.untilGlobalPosition === undefined ||
            e.envelope.globalPosition <= options.untilGlobalPosition) &&
          e.recordedAt >= oldest,
      )
      .map((e) => e.envelope);
    if (!forwards) events = events.reverse();
    events = events.slice(0, options.maxCount ?? events.length);
    return { streamId, events: events.map((e) => this.decode(e)), streamVersion: stream.version };
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    await Promise.resolve();
    const after = options.after ?? 0;
    const limit = Math.max(1, Math.min(options.batchSize ?? 500, options.maxCount ?? Infinity));
    const events: EventEnvelope[] = [];
    let checkpoint = after;
    for (const { envelope } of this.log) {
      if (envelope.globalPosition <= after) continue;
      if (events.length >= limit) return { events, checkpoint, isEnd: false };
      checkpoint = envelope.globalPosition;
      if (matches(envelope, options.filter)) events.push(this.decode(envelope));
    }
    return { events, checkpoint, isEnd: true };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<EventEnvelope> {
    let after = options.after ?? 0;
    let remaining = options.maxCount ?? Infinity;
    while (remaining > 0) {
      const page = await this.readAllPage({ ...options, after, maxCount: remaining });
      for (const event of page.events) yield event;
      remaining -= page.events.length;
      after = page.checkpoint;
      if (page.isEnd) return;
    }
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const subscription = startPollingSubscription(
      {
        readAllPage: (o) => this.readAllPage(o),
        waitForAppend: (ms, signal) =>
          new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              this.waiters.delete(done);
              signal.removeEventListener('abort', done);
              resolve();
            };
            const timer = setTimeout(done, ms);
            this.waiters.add(done);
            signal.addEventListener('abort', done, { once: true });
          }),
        isTransient: () => false,
      },
      handler,
      options,
      { batchSize: 500, pollIntervalMs: 1000 },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    parseStreamId(streamId);
    const stream = this.streams.get(streamId);
    return stream ? metadataOf(streamId, stream) : null;
  }

  async setStreamMetadata(streamId: string, update: StreamMetadataUpdate): Promise<StreamMetadata> {
    parseStreamId(streamId);
    const stream = this.streams.get(streamId);
    if (!stream)
      throw new InvalidEventError(
        `Stream ${streamId} does not exist; append to it before setting metadata`,
      );
    if (stream.tombstoned) throw new StreamDeletedError(streamId);
    if (update.maxAgeSeconds !== undefined) stream.maxAgeSeconds = update.maxAgeSeconds;
    return metadataOf(streamId, stream);
  }

  async deleteStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    parseStreamId(streamId);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    const stream = this.streams.get(streamId);
    if (stream?.tombstoned) throw new StreamDeletedError(streamId);
    const version = stream?.version ?? 0;
    if (!versionMatches(expected, version))
      throw new WrongExpectedVersionError(streamId, expected, version);
    if (stream) {
      if (options.hard) stream.tombstoned = true;
      else stream.truncateBefore = version + 1;
    } else if (options.hard) {
      this.streams.set(streamId, {
        tenantId: '',
        version: 0,
        lastHash: null,
        truncateBefore: 0,
        tombstoned: true,
        maxAgeSeconds: null,
      });
    }
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    await Promise.resolve();
    return this.record(key);
  }

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    const events = this.log.filter((e) => e.envelope.streamId === streamId).map((e) => e.envelope);
    const failures = verifyEvents(events);
    return { ok: failures.length === 0, checkedEvents: events.length, failures };
  }

  async verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport> {
    const events = this.log
      .map((e) => e.envelope)
      .filter((e) => e.globalPosition >= fromPosition && e.globalPosition <= toPosition);
    const failures = verifyEvents(events);
    return { ok: failures.length === 0, checkedEvents: events.length, failures };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private record(key: string): IdempotencyRecord | null {
    const entry = this.keys.get(key);
    if (!entry) return null;
    const events = entry.eventIds
      .map((id) => this.byId.get(id))
      .filter((e): e is StoredEvent => e !== undefined);
    return {
      key,
      streamId: entry.streamId,
      fingerprint: entry.fingerprint,
      events: events.map((e) => this.decode(e.envelope)),
    };
  }

  private decode(envelope: EventEnvelope): EventEnvelope {
    // Hand out copies: a caller mutating a returned payload must not change the "stored" event.
    return this.upcasters.upcast(structuredClone(envelope), this.eventTypes);
  }
}

function matches(e: EventEnvelope, filter: GlobalLogFilter = {}): boolean {
  const { context, category } = parseStreamId(e.streamId);
  const time = (v: string | Date): string =>
    (typeof v === 'string' ? new Date(v) : v).toISOString();
  return (
    (!filter.contexts || filter.contexts.includes(context)) &&
    (!filter.categories || filter.categories.includes(category)) &&
    (!filter.eventTypes || filter.eventTypes.includes(e.type)) &&
    (!filter.tenantIds || filter.tenantIds.includes(e.tenantId)) &&
    (filter.occurredFrom === undefined || e.occurredAt >= time(filter.occurredFrom)) &&
    (filter.occurredTo === undefined || e.occurredAt < time(filter.occurredTo))
  );
}

function metadataOf(streamId: string, s: StreamState): StreamMetadata {
  return {
    streamId,
    tenantId: s.tenantId,
    version: s.version,
    truncateBefore: s.truncateBefore,
    softDeleted: s.truncateBefore > s.version,
    tombstoned: s.tombstoned,
    maxAgeSeconds: s.maxAgeSeconds,
  };
}
