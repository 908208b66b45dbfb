// The KurrentDB adapter of the EventStore port, on the official client (@kurrent/kurrentdb-client).
// It must pass the same contract suite as the PostgreSQL adapter (src/testing/event-store.contract.ts);
// design and the differences that remain: docs/kurrentdb.md and docs/adr/0023-*.md.
//
// Append: validate (shared append-preparation) → read the stream's last event (version, tenant,
// hash-chain head) → check the caller's expected version → one atomic multi-stream append of
//   - the events, at exactly the revision that was read (so the hash chain cannot fork),
//   - one claim per event id in `crm-event-id-<id>` (expected: no stream), which makes event ids
//     unique store-wide and turns a retried append into a detectable replay,
//   - the idempotency key record in `crm-idempotency-<sha256>` (expected: no stream), if any.
// A refusal is then explained by reading the claims/key: replay, EventIdConflictError, or a
// version conflict (retried for 'any', WrongExpectedVersionError otherwise).
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  jsonEvent,
  metastreamOf,
  type AllStreamResolvedEvent,
  type AppendStreamRequest,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  prepareAppend,
  sealEvents,
  type AppendLimits,
  type PreparedEvent,
} from '../append-preparation';
import type { EventEnvelope, NewEvent } from '../envelope';
import {
  EventIdConflictError,
  IdempotencyKeyReusedError,
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
import { EventTypeRegistry, type EventTypeDefinition } from '../event-types/event-type-registry';
import { normaliseExpectedVersion } from '../expected-version';
import { verifyEvents, type StoredEventForVerification } from '../integrity/event-hash';
import { parseStreamId } from '../stream-id';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { startCatchUpSubscription } from './kurrentdb-catch-up.subscription';
import {
  isAppendConflict,
  isStreamDeleted,
  isStreamNotFound,
  isTransientKurrentError,
  translateKurrentError,
} from './kurrentdb-errors';
import {
  fromKurrentRecordedEvent,
  globalToPosition,
  positionToGlobal,
  toKurrentEventData,
} from './kurrentdb-event.mapper';
import { exactStreamState, expectationHolds } from './kurrentdb-expected-revision';
import { envelopeMatcher, serverFilterSpec, toServerFilter } from './kurrentdb-filter';
import {
  DEFAULT_STREAM_SETTINGS,
  isVisible,
  readAdapterSettings,
  toPortMetadata,
  writeAdapterSettings,
  type AdapterStreamSettings,
  type StreamHead,
} from './kurrentdb-stream-metadata';
import {
  EVENT_ID_CLAIMED_TYPE,
  IDEMPOTENCY_KEY_RECORDED_TYPE,
  eventIdClaimStream,
  idempotencyStream,
  type EventIdClaim,
  type IdempotencyKeyRecord,
} from './kurrentdb-stream-names';

/** The part of the official client the adapter uses (an in-process fake implements it in unit tests). */
export type KurrentDBClientPort = Pick<
  KurrentDBClient,
  | 'multiStreamAppend'
  | 'appendToStream'
  | 'readStream'
  | 'readAll'
  | 'subscribeToAll'
  | 'setStreamMetadata'
  | 'tombstoneStream'
  | 'dispose'
>;

export interface KurrentDBEventStoreOptions extends AppendLimits {
  /** A connection string (`kurrentdb://host:2113?tls=false`), or pass a `client` (the caller then disposes it). */
  readonly connectionString?: string;
  readonly client?: KurrentDBClientPort;
  readonly eventTypes: EventTypeRegistry | readonly EventTypeDefinition[];
  readonly upcasters?: UpcasterRegistry;
  /** Events per readAll page / subscription batch; default 500. */
  readonly readBatchSize?: number;
  /** Attempts of an append whose expectation still holds after a concurrent write ('any'); default 25. */
  readonly maxAppendAttempts?: number;
  /** Clock for max-age visibility (tests). */
  readonly now?: () => Date;
}

const DEFAULT_BATCH = 500;

type Head = StreamHead & { readonly exists: boolean };

export class KurrentDBEventStore implements EventStore {
  private readonly client: KurrentDBClientPort;
  private readonly ownsClient: boolean;
  private readonly eventTypes: EventTypeRegistry;
  private readonly upcasters: UpcasterRegistry;
  private readonly subscriptions = new Set<Subscription>();
  private readonly now: () => Date;
  private closed = false;

  constructor(private readonly options: KurrentDBEventStoreOptions) {
    if (!options.client && !options.connectionString)
      throw new Error('KurrentDBEventStore needs a connectionString or a client');
    this.ownsClient = !options.client;
    this.client =
      options.client ?? KurrentDBClient.connectionString(options.connectionString as string);
    this.eventTypes =
      options.eventTypes instanceof EventTypeRegistry
        ? options.eventTypes
        : new EventTypeRegistry(options.eventTypes);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.now = options.now ?? (() => new Date());
  }

  // ------------------------------------------------------------------------------------------
  // append
  // ------------------------------------------------------------------------------------------

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const prepared = prepareAppend(streamId, events, this.eventTypes, this.options);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    const idempotency = options.idempotency;
    if (idempotency && (typeof idempotency.key !== 'string' || idempotency.key.length === 0)) {
      throw new InvalidEventError('An idempotency key must be a non-empty string');
    }
    const maxAttempts = this.options.maxAppendAttempts ?? 25;
    for (let attempt = 1; ; attempt++) {
      if (idempotency) {
        const record = await this.readKeyRecord(idempotency.key);
        if (record) return this.replayKey(record, idempotency.fingerprint);
      }
      const head = await this.readHead(streamId);
      if (
        head.tenantId !== undefined &&
        prepared.tenantId !== undefined &&
        head.tenantId !== prepared.tenantId
      ) {
        throw new TenantMismatchError(streamId, prepared.tenantId);
      }
      if (!expectationHolds(expected, head.version)) {
        const replay = await this.findAlreadyStored(streamId, prepared.events);
        if (replay) return replay;
        throw new WrongExpectedVersionError(streamId, expected, head.version);
      }
      if (prepared.events.length === 0 && !idempotency) {
        return { streamId, events: [], nextExpectedVersion: head.version, replayed: false };
      }
      const sealed = sealEvents(streamId, prepared.events, head.version, head.lastHash);
      const requests: AppendStreamRequest[] = [];
      if (sealed.length > 0) {
        requests.push({
          streamName: streamId,
          events: sealed.map(toKurrentEventData),
          expectedState: exactStreamState(head.version),
        });
        for (const event of sealed) {
          const claim: EventIdClaim = { streamId, streamVersion: event.streamVersion };
          requests.push({
            streamName: eventIdClaimStream(event.eventId),
            events: [jsonEvent({ type: EVENT_ID_CLAIMED_TYPE, data: { ...claim } })],
            expectedState: NO_STREAM,
          });
        }
      }
      if (idempotency) {
        const record: IdempotencyKeyRecord = {
          key: idempotency.key,
          streamId,
          fingerprint: idempotency.fingerprint ?? null,
          firstVersion: sealed.length > 0 ? head.version + 1 : 0,
          count: sealed.length,
        };
        requests.push({
          streamName: idempotencyStream(idempotency.key),
          events: [jsonEvent({ type: IDEMPOTENCY_KEY_RECORDED_TYPE, data: { ...record } })],
          expectedState: NO_STREAM,
        });
      }
      try {
        await this.client.multiStreamAppend(requests);
      } catch (error) {
        if (!isAppendConflict(error)) throw translateKurrentError(error, 'append', streamId);
        // Who refused? A claimed event id (replay or conflict), a recorded key (replayed on the
        // next turn), or the stream moved: retry while the expectation allows it.
        const replay = await this.findAlreadyStored(streamId, prepared.events);
        if (replay) return replay;
        if (attempt >= maxAttempts) {
          throw new WrongExpectedVersionError(
            streamId,
            expected,
            (await this.readHead(streamId)).version,
          );
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)),
        );
        continue;
      }
      const stored =
        sealed.length > 0 ? await this.readRange(streamId, head.version + 1, sealed.length) : [];
      return {
        streamId,
        events: stored.map((e) => this.upcast(e)),
        nextExpectedVersion: head.version + sealed.length,
        replayed: false,
      };
    }
  }

  /**
   * If every event id is already claimed, by this stream at consecutive versions in this order, the
   * append already happened: answer it from the log. A partial or different match is a conflict.
   */
  private async findAlreadyStored(
    streamId: string,
    events: readonly PreparedEvent[],
  ): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    const claims = await Promise.all(events.map((e) => this.readClaim(e.eventId)));
    if (claims.every((c) => c === undefined)) return undefined;
    const first = claims[0];
    const sameBatch =
      first !== undefined &&
      claims.every(
        (c, i) =>
          c !== undefined && c.streamId === streamId && c.streamVersion === first.streamVersion + i,
      );
    if (!sameBatch || !first) {
      const index = claims.findIndex((c) => c !== undefined);
      const clash = claims[index];
      const eventId = events[index]?.eventId ?? '';
      throw new EventIdConflictError(
        eventId,
        `Event id ${eventId} is already stored (${clash?.streamId ?? '?'} v${clash?.streamVersion ?? '?'}) but this append is not a retry of that one`,
      );
    }
    const stored = await this.readRange(streamId, first.streamVersion, events.length);
    const head = await this.readHead(streamId);
    return {
      streamId,
      events: stored.map((e) => this.upcast(e)),
      nextExpectedVersion: head.version,
      replayed: true,
    };
  }

  private async replayKey(
    record: IdempotencyKeyRecord,
    fingerprint: string | undefined,
  ): Promise<AppendResult> {
    if (
      fingerprint !== undefined &&
      record.fingerprint !== null &&
      record.fingerprint !== fingerprint
    ) {
      throw new IdempotencyKeyReusedError(record.key);
    }
    const events =
      record.count > 0
        ? (await this.readRange(record.streamId, record.firstVersion, record.count)).map((e) =>
            this.upcast(e),
          )
        : [];
    const last = events[events.length - 1];
    return {
      streamId: record.streamId,
      events,
      nextExpectedVersion: last?.streamVersion ?? 0,
      replayed: true,
    };
  }

  // ------------------------------------------------------------------------------------------
  // reads
  // ------------------------------------------------------------------------------------------

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    parseStreamId(streamId);
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(maxCount) || maxCount < 0)
      throw new RangeError('maxCount must be a non-negative integer');
    const [head, settings] = await Promise.all([
      this.readHead(streamId),
      this.readSettings(streamId),
    ]);
    if (!head.exists) return { streamId, events: [], streamVersion: 0 };
    if (options.tenantId !== undefined && head.tenantId !== options.tenantId) {
      throw new TenantMismatchError(streamId, options.tenantId);
    }
    const streamVersion = head.version;
    if (maxCount === 0) return { streamId, events: [], streamVersion };
    const forwards = (options.direction ?? 'forwards') === 'forwards';
    const lowest = Math.max(1, settings.truncateBefore);
    const from = forwards
      ? Math.max(options.fromVersion ?? 1, lowest)
      : Math.min(options.fromVersion ?? streamVersion, streamVersion);
    if (from < lowest || from > streamVersion) return { streamId, events: [], streamVersion };
    const now = this.now();
    const events: EventEnvelope[] = [];
    for await (const stored of this.iterateStream(
      streamId,
      from,
      forwards ? FORWARDS : BACKWARDS,
    )) {
      if (!forwards && stored.streamVersion < lowest) break;
      if (
        options.untilGlobalPosition !== undefined &&
        stored.globalPosition > options.untilGlobalPosition
      ) {
        if (forwards) break; // positions grow with versions within a stream
        continue;
      }
      if (!isVisible(stored.streamVersion, stored.created, settings, now)) continue;
      events.push(this.upcast(stored.envelope));
      if (events.length >= maxCount) break;
    }
    return { streamId, events, streamVersion };
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = Math.max(
      1,
      Math.min(
        options.batchSize ?? this.options.readBatchSize ?? DEFAULT_BATCH,
        options.maxCount ?? Infinity,
      ),
    );
    const matches = envelopeMatcher(options.filter);
    // Read the head first: every matching event at or before it is returned by the read below,
    // so an unfiltered-to-the-end page may move the checkpoint up to it.
    const head = await this.readAllHead();
    // Client-side filters (tenant, time) may reject server-matched events: bound the scan per page.
    const scanLimit = limit * 4 + 100;
    const events: EventEnvelope[] = [];
    let scanned = after;
    let scannedCount = 0;
    try {
      const read = this.client.readAll({
        fromPosition: after === 0 ? START : globalToPosition(after),
        direction: FORWARDS,
        maxCount: scanLimit + 1, // +1: the event at `after` itself (reads start inclusive)
        filter: toServerFilter(serverFilterSpec(options.filter), {
          maxSearchWindow: Math.max(limit, 32),
        }),
      });
      for await (const resolved of read) {
        const decoded = this.decodeAll(resolved);
        if (!decoded || decoded.position <= after) continue;
        scanned = decoded.position;
        scannedCount += 1;
        if (decoded.envelope && matches(decoded.envelope)) events.push(decoded.envelope);
        if (events.length >= limit || scannedCount >= scanLimit) break;
      }
    } catch (error) {
      throw translateKurrentError(error, 'readAll');
    }
    const full = events.length >= limit;
    if (full)
      return {
        events,
        checkpoint: events[events.length - 1]?.globalPosition ?? after,
        isEnd: false,
      };
    if (scannedCount >= scanLimit) return { events, checkpoint: scanned, isEnd: false };
    return { events, checkpoint: Math.max(after, scanned, head), isEnd: true };
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
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      {
        subscribeToAll: (o) => this.client.subscribeToAll(o),
        decode: (resolved) => this.decodeAll(resolved),
        isTransient: isTransientKurrentError,
        translate: (error) => translateKurrentError(error, 'subscribeToAll'),
      },
      handler,
      options,
      { batchSize: this.options.readBatchSize ?? DEFAULT_BATCH },
    );
    this.subscriptions.add(subscription);
    void subscription.done
      .catch(() => undefined)
      .finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  // ------------------------------------------------------------------------------------------
  // metadata, deletion, idempotency records
  // ------------------------------------------------------------------------------------------

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    this.assertOpen();
    parseStreamId(streamId);
    let head: Head;
    try {
      head = await this.readHead(streamId);
    } catch (error) {
      // A tombstoned stream's events are gone for good, and with them its tenant and version.
      if (error instanceof StreamDeletedError) {
        return toPortMetadata(
          streamId,
          { version: 0, tenantId: undefined, lastHash: null },
          DEFAULT_STREAM_SETTINGS,
          true,
        );
      }
      throw error;
    }
    if (!head.exists) return null;
    return toPortMetadata(streamId, head, await this.readSettings(streamId), false);
  }

  async setStreamMetadata(streamId: string, update: StreamMetadataUpdate): Promise<StreamMetadata> {
    this.assertOpen();
    parseStreamId(streamId);
    const maxAge = update.maxAgeSeconds;
    if (maxAge !== undefined && maxAge !== null && (!Number.isInteger(maxAge) || maxAge <= 0)) {
      throw new RangeError('maxAgeSeconds must be a positive integer or null');
    }
    const head = await this.readHead(streamId);
    if (!head.exists)
      throw new InvalidEventError(
        `Stream ${streamId} does not exist; append to it before setting metadata`,
      );
    const settings = await this.updateSettings(streamId, (s) =>
      maxAge === undefined ? s : { ...s, maxAgeSeconds: maxAge },
    );
    return toPortMetadata(streamId, head, settings, false);
  }

  async deleteStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    this.assertOpen();
    parseStreamId(streamId);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    const head = await this.readHead(streamId);
    if (!expectationHolds(expected, head.version))
      throw new WrongExpectedVersionError(streamId, expected, head.version);
    if (options.hard) {
      try {
        await this.client.tombstoneStream(streamId, {
          expectedRevision: exactStreamState(head.version),
        });
      } catch (error) {
        if (isAppendConflict(error)) {
          throw new WrongExpectedVersionError(
            streamId,
            expected,
            (await this.readHead(streamId)).version,
          );
        }
        throw translateKurrentError(error, 'deleteStream', streamId);
      }
      return;
    }
    if (!head.exists) return;
    await this.updateSettings(streamId, (s) => ({
      ...s,
      truncateBefore: Math.max(s.truncateBefore, head.version + 1),
    }));
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    this.assertOpen();
    const record = await this.readKeyRecord(key);
    if (!record) return null;
    const events =
      record.count > 0
        ? (await this.readRange(record.streamId, record.firstVersion, record.count)).map((e) =>
            this.upcast(e),
          )
        : [];
    return { key, streamId: record.streamId, fingerprint: record.fingerprint, events };
  }

  // ------------------------------------------------------------------------------------------
  // integrity
  // ------------------------------------------------------------------------------------------

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    this.assertOpen();
    parseStreamId(streamId);
    const events: StoredEventForVerification[] = [];
    for await (const stored of this.iterateStream(streamId, 1, FORWARDS))
      events.push(stored.envelope);
    const failures = verifyEvents(events);
    const first = events[0];
    if (first && first.streamVersion !== 1) {
      failures.unshift({
        globalPosition: first.globalPosition,
        streamId,
        streamVersion: first.streamVersion,
        eventId: first.eventId,
        reason: 'version_gap',
        message: `the stream starts at version ${first.streamVersion}, not 1`,
      });
    }
    return { ok: failures.length === 0, checkedEvents: events.length, failures };
  }

  async verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport> {
    this.assertOpen();
    const events: StoredEventForVerification[] = [];
    try {
      const read = this.client.readAll({
        // $all reads start at (and include) the given position.
        fromPosition: fromPosition <= 0 ? START : globalToPosition(fromPosition),
        direction: FORWARDS,
        filter: toServerFilter(serverFilterSpec()),
      });
      for await (const resolved of read) {
        const decoded = this.decodeAll(resolved, false);
        if (!decoded) continue;
        if (decoded.position > toPosition) break;
        if (decoded.position >= fromPosition && decoded.envelope) events.push(decoded.envelope);
      }
    } catch (error) {
      throw translateKurrentError(error, 'verifyRange');
    }
    const failures = verifyEvents(events);
    return { ok: failures.length === 0, checkedEvents: events.length, failures };
  }

  // ------------------------------------------------------------------------------------------
  // lifecycle and helpers
  // ------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }

  private upcast(envelope: EventEnvelope): EventEnvelope {
    return this.upcasters.upcast(envelope, this.eventTypes);
  }

  /** Version, tenant and hash-chain head from the stream's last event (read physically). */
  private async readHead(streamId: string): Promise<Head> {
    for await (const stored of this.iterateStream(streamId, 'end', BACKWARDS, 1)) {
      return {
        exists: true,
        version: stored.streamVersion,
        tenantId: stored.envelope.tenantId,
        lastHash: stored.envelope.hash,
      };
    }
    return { exists: false, version: 0, tenantId: undefined, lastHash: null };
  }

  /** `count` stored envelopes from `fromVersion` on (not upcast, ignoring read-time visibility). */
  private async readRange(
    streamId: string,
    fromVersion: number,
    count: number,
  ): Promise<EventEnvelope[]> {
    const events: EventEnvelope[] = [];
    for await (const stored of this.iterateStream(streamId, fromVersion, FORWARDS, count))
      events.push(stored.envelope);
    return events;
  }

  /** Decoded platform events of one stream; a missing stream is empty, a tombstoned one StreamDeletedError. */
  private async *iterateStream(
    streamId: string,
    fromVersion: number | 'end',
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount?: number,
  ): AsyncGenerator<{
    envelope: EventEnvelope;
    streamVersion: number;
    globalPosition: number;
    created: Date;
  }> {
    try {
      const read = this.client.readStream(streamId, {
        fromRevision: fromVersion === 'end' ? END : BigInt(fromVersion - 1),
        direction,
        ...(maxCount !== undefined ? { maxCount } : {}),
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const recorded = resolved.event;
        if (!recorded) continue;
        const envelope = fromKurrentRecordedEvent(recorded);
        if (!envelope) {
          throw new InvalidEventError(
            `Stream ${streamId} holds event ${recorded.id} that was not written by this platform`,
          );
        }
        yield {
          envelope,
          streamVersion: envelope.streamVersion,
          globalPosition: envelope.globalPosition,
          created: recorded.created,
        };
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      if (isStreamDeleted(error)) throw new StreamDeletedError(streamId);
      throw translateKurrentError(error, 'readStream', streamId);
    }
  }

  private decodeAll(
    resolved: AllStreamResolvedEvent,
    upcast = true,
  ): { position: number; envelope: EventEnvelope | undefined } | undefined {
    const recorded = resolved.event;
    if (!recorded?.position) return undefined;
    const envelope = fromKurrentRecordedEvent(recorded);
    return {
      position: positionToGlobal(recorded.position),
      envelope: envelope && upcast ? this.upcast(envelope) : envelope,
    };
  }

  private async readAllHead(): Promise<number> {
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        if (resolved.event?.position) return positionToGlobal(resolved.event.position);
      }
      return 0;
    } catch (error) {
      throw translateKurrentError(error, 'readAll');
    }
  }

  private async readFirstData<T>(stream: string): Promise<T | undefined> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        fromRevision: START,
        direction: FORWARDS,
        maxCount: 1,
      })) {
        return resolved.event?.data as T | undefined;
      }
      return undefined;
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw translateKurrentError(error, 'read', stream);
    }
  }

  private readClaim(eventId: string): Promise<EventIdClaim | undefined> {
    return this.readFirstData<EventIdClaim>(eventIdClaimStream(eventId));
  }

  private readKeyRecord(key: string): Promise<IdempotencyKeyRecord | undefined> {
    return this.readFirstData<IdempotencyKeyRecord>(idempotencyStream(key));
  }

  /**
   * The stream's metadata as stored (wire keys such as `$maxAge` kept verbatim) with the metadata
   * stream's revision. Read directly from `$$<stream>`: the client's getStreamMetadata reports a
   * commit position where an expected revision is needed for the optimistic write below.
   */
  private async readSettingsWithRevision(streamId: string): Promise<{
    settings: AdapterStreamSettings;
    raw: Record<string, unknown> | undefined;
    revision: bigint | undefined;
  }> {
    try {
      for await (const resolved of this.client.readStream(metastreamOf(streamId), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        const event = resolved.event;
        if (!event) continue;
        const raw =
          event.isJson &&
          typeof event.data === 'object' &&
          event.data !== null &&
          !Array.isArray(event.data)
            ? (event.data as Record<string, unknown>)
            : undefined;
        return { settings: readAdapterSettings(raw), raw, revision: event.revision };
      }
    } catch (error) {
      if (!isStreamNotFound(error))
        throw translateKurrentError(error, 'getStreamMetadata', streamId);
    }
    return { settings: DEFAULT_STREAM_SETTINGS, raw: undefined, revision: undefined };
  }

  private async readSettings(streamId: string): Promise<AdapterStreamSettings> {
    return (await this.readSettingsWithRevision(streamId)).settings;
  }

  /** Read-modify-write of the stream metadata, optimistic on the metadata stream's revision. */
  private async updateSettings(
    streamId: string,
    change: (settings: AdapterStreamSettings) => AdapterStreamSettings,
  ): Promise<AdapterStreamSettings> {
    for (let attempt = 1; ; attempt++) {
      const { settings, raw, revision } = await this.readSettingsWithRevision(streamId);
      const next = change(settings);
      try {
        await this.client.setStreamMetadata(streamId, writeAdapterSettings(raw, next), {
          expectedRevision: revision === undefined ? NO_STREAM : revision,
        });
        return next;
      } catch (error) {
        if (!isAppendConflict(error) || attempt >= 10)
          throw translateKurrentError(error, 'setStreamMetadata', streamId);
      }
    }
  }
}
