// The PostgreSQL adapter of the EventStore port. Schema: ./migrations; design: docs/event-store.md.
//
// Append = one round trip (ADR 0120): event_store.append_to_stream (migration 0002) allocates the
// positions (transaction id and positions together, see 0001), checks the expected version under
// the stream row lock, computes the hash chain, inserts the events and stores the stream head and
// the idempotency key. Replay checks (known key? ids already stored?) run only when an attempt
// conflicted. Subscribers are woken after commit (AppendNotifier), not inside the transaction.
import { Pool } from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import type {
  AppendLimits,
  PreparedAppend,
  PreparedEvent,
  SealedEvent,
} from '../append-preparation';
import { prepareAppend, sealEvents } from '../append-preparation';
import type { EventEnvelope, NewEvent } from '../envelope';
import {
  EventIdConflictError,
  EventStoreError,
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
  ExpectedVersion,
  IdempotencyRecord,
  IntegrityReport,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  ReadStreamResult,
  StreamAppend,
  StreamMetadata,
  StreamMetadataUpdate,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import type { EventTypeDefinition } from '../event-types/event-type-registry';
import { EventTypeRegistry } from '../event-types/event-type-registry';
import { replayOfIdempotencyRecord } from '../idempotency-replay';
import { verifyEvents } from '../integrity/event-hash';
import { parseStreamId } from '../stream-id';
import { startPollingSubscription } from '../subscriptions/polling-subscription';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { normaliseExpectedVersion, versionMatches } from '../expected-version';
import { AppendNotifier } from './append-notifier';
import type { AppendRow } from './append-statement';
import { appendStatement, sealedFromRow } from './append-statement';
import type { EventRow } from './event-row';
import { EVENT_COLUMNS, rowToStoredEnvelope } from './event-row';
import { buildGlobalLogQuery } from './global-log-query';
import { migrateEventStore } from './migrations';
import { isConnectionError, toUnavailable, uniqueViolationOf } from './pg-errors';
import { POSTGRES_SESSION_BOUNDS, surviveConnectionLoss } from './session-bounds';
import { EVENT_STORE_CHANNEL, WakeUpListener } from './wake-up-listener';

export interface PostgresEventStoreOptions extends AppendLimits {
  /** Connection string, or pass a `pool` (then the caller owns and closes it). */
  readonly connectionString?: string;
  readonly pool?: Pool;
  /** Extra pg pool settings when the store creates the pool (default max 10 connections). */
  readonly poolConfig?: PoolConfig;
  /** The event types this store accepts on append (and upcasts to on read). */
  readonly eventTypes: EventTypeRegistry | readonly EventTypeDefinition[];
  readonly upcasters?: UpcasterRegistry;
  /** Events per readAll page / subscription batch; default 500. */
  readonly readBatchSize?: number;
  /** Subscription poll interval when no notification arrives; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Apply pending migrations in `create()`; default true. */
  readonly migrate?: boolean;
  /** For tests only: runs inside the append transaction just before COMMIT (e.g. to delay it). */
  readonly testHooks?: {
    beforeCommit?(client: PoolClient, events: readonly SealedEvent[]): Promise<void>;
  };
}

interface StreamRow {
  stream_id: string;
  tenant_id: string;
  version: string;
  truncate_before: string;
  tombstoned: boolean;
  max_age_seconds: number | null;
}

const DEFAULT_BATCH = 500;

export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly eventTypes: EventTypeRegistry;
  private readonly upcasters: UpcasterRegistry;
  private readonly listener: WakeUpListener;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  /** Creates the store and (by default) applies pending migrations. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    if (options.migrate ?? true) {
      try {
        await store.migrate();
      } catch (error) {
        await store.close();
        throw isConnectionError(error) ? toUnavailable(error, 'migration') : error;
      }
    }
    return store;
  }

  constructor(private readonly options: PostgresEventStoreOptions) {
    if (!options.pool && !options.connectionString)
      throw new Error('PostgresEventStore needs a connectionString or a pool');
    this.ownsPool = !options.pool;
    this.pool =
      options.pool ??
      new Pool({
        max: 10,
        ...POSTGRES_SESSION_BOUNDS,
        ...options.poolConfig,
        connectionString: options.connectionString,
      });
    // Clients report ended connections as 'error' events; without a listener Node would crash.
    surviveConnectionLoss(this.pool);
    this.eventTypes =
      options.eventTypes instanceof EventTypeRegistry
        ? options.eventTypes
        : new EventTypeRegistry(options.eventTypes);
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    const { connectionString, ...rest } = { ...this.pool.options } as PoolConfig;
    this.notifier = new AppendNotifier(() =>
      this.pool.query(`SELECT pg_notify('${EVENT_STORE_CHANNEL}', '')`),
    );
    this.listener = new WakeUpListener({
      ...rest,
      ...(connectionString ? { connectionString } : {}),
    });
  }

  async migrate(): Promise<void> {
    await migrateEventStore(this.pool);
  }

  // ------------------------------------------------------------------------------------------
  // append
  // ------------------------------------------------------------------------------------------

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const prepared = prepareAppend(streamId, events, this.eventTypes, this.options);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    const idempotency = options.idempotency;
    if (idempotency && (typeof idempotency.key !== 'string' || idempotency.key.length === 0)) {
      throw new InvalidEventError('An idempotency key must be a non-empty string');
    }
    if (prepared.events.length === 0 && !idempotency) {
      // Nothing to write; still answer with the stream's version (and honour the expectation).
      const stream = await this.withClient('append', (client) =>
        this.readStreamRow(client, streamId),
      );
      const version = this.checkStreamForWrite(streamId, stream, undefined);
      if (!versionMatches(expected, version))
        throw new WrongExpectedVersionError(streamId, expected, version);
      return { streamId, events: [], nextExpectedVersion: version, replayed: false };
    }
    for (let attempt = 0; ; attempt++) {
      // The first attempt is optimistic: it does not look for an earlier copy of these events,
      // which saves a round trip on every append. A retried append (same event ids) then fails on
      // the unique event id or on the expected version, and the next attempt looks it up and
      // answers as a replay.
      const lookForReplay = attempt > 0;
      try {
        return await this.withClient('append', async (client) => {
          const replay = lookForReplay
            ? await this.findReplay(client, streamId, prepared.events, idempotency)
            : undefined;
          return replay ?? (await this.appendOnce(client, prepared, expected, idempotency));
        });
      } catch (error) {
        const constraint = uniqueViolationOf(error);
        // A concurrent append stored the same event ids or key first: answer as a replay of it.
        if (
          (constraint === 'events_event_id_key' || constraint === 'idempotency_keys_pkey') &&
          attempt < 2
        )
          continue;
        if (!lookForReplay && error instanceof WrongExpectedVersionError) continue;
        throw error;
      }
    }
  }

  /** One call of append_to_stream, autocommitted (inside BEGIN/COMMIT only for the test hook). */
  private async appendOnce(
    client: PoolClient,
    prepared: PreparedAppend,
    expected: ExpectedVersion,
    idempotency: AppendOptions['idempotency'],
  ): Promise<AppendResult> {
    const { streamId } = prepared.stream;
    const statement = appendStatement(prepared, expected, idempotency);
    const hooks = this.options.testHooks;
    let row: AppendRow | undefined;
    if (hooks?.beforeCommit) {
      await client.query('BEGIN');
      try {
        row = (await client.query<AppendRow>(statement)).rows[0];
        if (row?.outcome === 'appended')
          await hooks.beforeCommit(client, sealedFromRow(prepared, row));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } else {
      row = (await client.query<AppendRow>(statement)).rows[0];
    }
    if (!row) throw new Error('event_store.append_to_stream returned no row');
    const version = Number(row.stream_version);
    switch (row.outcome) {
      case 'appended':
        break;
      case 'stream_deleted':
        throw new StreamDeletedError(streamId);
      case 'tenant_mismatch':
        throw new TenantMismatchError(streamId, prepared.tenantId ?? '');
      case 'wrong_expected_version':
        throw new WrongExpectedVersionError(streamId, expected, version);
      default: {
        const unknown: never = row.outcome;
        throw new Error(`event_store.append_to_stream: unknown outcome ${String(unknown)}`);
      }
    }
    const positions = (row.positions ?? []).map(Number);
    if (positions.length > 0) this.notifier.notify();
    const events = sealedFromRow(prepared, row).map((event, i) =>
      this.upcasters.upcast(
        { ...envelopeOf(event), globalPosition: positions[i] ?? 0 },
        this.eventTypes,
      ),
    );
    return { streamId, events, nextExpectedVersion: version, replayed: false };
  }

  /**
   * An earlier copy of this append, when one is stored: the result of its idempotency key (or
   * IdempotencyKeyReusedError for a different fingerprint), else the same events by id.
   */
  private async findReplay(
    client: PoolClient,
    streamId: string,
    events: readonly PreparedEvent[],
    idempotency: AppendOptions['idempotency'],
  ): Promise<AppendResult | undefined> {
    if (idempotency) {
      const record = await this.loadIdempotencyRecord(client, idempotency.key);
      if (record)
        return replayOfIdempotencyRecord(record, idempotency.key, idempotency.fingerprint);
    }
    return this.findAlreadyStored(client, streamId, events);
  }

  /**
   * Many streams in one transaction (see the port): one position allocation for the whole batch,
   * each stream's row claimed with its expected version (in stream-id order, so two batches
   * sharing streams wait for each other instead of deadlocking), then the same sealed insert as
   * `append` per stream. Never answers replays: a conflict anywhere rolls everything back.
   */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const parts = appends.map((a) => {
      const prepared = prepareAppend(a.streamId, a.events, this.eventTypes, this.options);
      const idempotency = a.options?.idempotency;
      if (idempotency && (typeof idempotency.key !== 'string' || idempotency.key.length === 0))
        throw new InvalidEventError('An idempotency key must be a non-empty string');
      if (prepared.events.length === 0)
        throw new InvalidEventError(`appendMany: no events for ${a.streamId}`);
      const expected = normaliseExpectedVersion(a.options?.expectedVersion ?? 'any');
      return { prepared, expected, idempotency };
    });
    const streamIds = new Set(parts.map((p) => p.prepared.stream.streamId));
    if (streamIds.size !== parts.length)
      throw new InvalidEventError('appendMany: a stream appears twice in one batch');
    if (parts.length === 0) return [];
    const total = parts.reduce((n, p) => n + p.prepared.events.length, 0);
    return this.withClient('appendMany', async (client) => {
      // BEGIN and the allocation in one round trip (a simple query: `total` is a counted integer),
      // one range of positions for the whole batch instead of one nextval per event.
      try {
        const allocation = (await client.query(
          `BEGIN; SELECT event_store.allocate_position_range(${String(total)}) AS first_position`,
        )) as unknown as [unknown, { rows: { first_position: string }[] }];
        const first = Number(allocation[1].rows[0]?.first_position);
        const positions = Array.from({ length: total }, (_, i) => first + i);
        const claims = await this.claimMany(client, parts);
        let offset = 0;
        const written = parts.map(({ prepared, idempotency }) => {
          const { streamId, context, category } = prepared.stream;
          const claimed = claims.get(streamId)!;
          const sealed = sealEvents(
            streamId,
            prepared.events,
            claimed.previousVersion,
            claimed.previousHash,
          );
          const at = positions.slice(offset, offset + sealed.length);
          offset += sealed.length;
          const next = claimed.previousVersion + sealed.length;
          return { streamId, context, category, sealed, at, next, idempotency };
        });
        await this.insertSealedMany(client, written);
        await this.options.testHooks?.beforeCommit?.(
          client,
          written.flatMap((w) => w.sealed),
        );
        await client.query('COMMIT');
        this.notifier.notify();
        return written.map(({ streamId, sealed, at, next }) => ({
          streamId,
          events: sealed.map((event, i) =>
            this.upcasters.upcast(
              { ...envelopeOf(event), globalPosition: at[i] ?? 0 },
              this.eventTypes,
            ),
          ),
          nextExpectedVersion: next,
          replayed: false,
        }));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const constraint = uniqueViolationOf(error);
        if (constraint === 'events_event_id_key')
          throw new EventIdConflictError(
            '',
            'appendMany: an event id of the batch is already stored',
          );
        if (constraint === 'idempotency_keys_pkey')
          throw new EventIdConflictError(
            '',
            'appendMany: an idempotency key of the batch is already stored',
          );
        throw error;
      }
    });
  }

  /**
   * Claims every stream of an appendMany. New streams ('no_stream', the bulk case) are created in
   * one statement; the others are claimed one by one as `append` does. Stream-id order, so two
   * batches sharing streams wait for each other instead of deadlocking.
   */
  private async claimMany(
    client: PoolClient,
    parts: readonly { prepared: ReturnType<typeof prepareAppend>; expected: ExpectedVersion }[],
  ): Promise<Map<string, { previousVersion: number; previousHash: string | null }>> {
    const claims = new Map<string, { previousVersion: number; previousHash: string | null }>();
    const ordered = [...parts].sort((a, b) =>
      a.prepared.stream.streamId < b.prepared.stream.streamId ? -1 : 1,
    );
    const fresh = ordered.filter((p) => p.expected === 'no_stream');
    if (fresh.length > 0) {
      const { rows } = await client.query<{ stream_id: string }>(
        `INSERT INTO event_store.streams (stream_id, version, category, tenant_id)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) ORDER BY 1
         ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
        [
          fresh.map((p) => p.prepared.stream.streamId),
          fresh.map((p) => p.prepared.events.length),
          fresh.map((p) => p.prepared.stream.category),
          fresh.map((p) => p.prepared.tenantId ?? ''),
        ],
      );
      const created = new Set(rows.map((r) => r.stream_id));
      for (const { prepared } of fresh) {
        const { streamId } = prepared.stream;
        if (!created.has(streamId)) {
          // Refused: say why, from the row as it is now.
          const stream = await this.readStreamRow(client, streamId);
          const version = this.checkStreamForWrite(streamId, stream, prepared.tenantId ?? '');
          throw new WrongExpectedVersionError(streamId, 'no_stream', version);
        }
        claims.set(streamId, { previousVersion: 0, previousHash: null });
      }
    }
    for (const { prepared, expected } of ordered) {
      if (expected === 'no_stream') continue;
      const { streamId, category } = prepared.stream;
      claims.set(
        streamId,
        await this.claimStreamVersions(
          client,
          streamId,
          category,
          prepared.tenantId ?? '',
          prepared.events.length,
          expected,
        ),
      );
    }
    return claims;
  }

  /** The insert of `append_to_stream` for many streams: one statement (events, stream hashes, keys). */
  private async insertSealedMany(
    client: PoolClient,
    streams: readonly {
      streamId: string;
      context: string;
      category: string;
      sealed: readonly SealedEvent[];
      at: readonly number[];
      idempotency: AppendOptions['idempotency'];
    }[],
  ): Promise<void> {
    const events = streams.flatMap((s) => s.sealed.map((e, i) => ({ e, at: s.at[i], s })));
    const keyed = streams.filter((s) => s.idempotency);
    await client.query(
      `WITH inserted AS (
        INSERT INTO event_store.events (global_position, event_id, stream_version, type, schema_version, tenant_id,
          occurred_at, actor, correlation_id, causation_id, data, hash, previous_hash, stream_id, context, category)
        SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bigint[], $4::text[], $5::int[], $6::text[],
          $7::timestamptz[], $8::jsonb[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::text[],
          $14::text[], $15::text[], $16::text[])
        RETURNING global_position),
      stream AS (
        UPDATE event_store.streams s SET last_hash = u.hash
          FROM unnest($17::text[], $18::text[]) AS u(stream_id, hash) WHERE s.stream_id = u.stream_id),
      idem AS (
        INSERT INTO event_store.idempotency_keys (idempotency_key, stream_id, fingerprint, event_ids)
        SELECT k.key, k.stream_id, k.fingerprint,
               ARRAY(SELECT jsonb_array_elements_text(k.event_ids)::uuid)
          FROM jsonb_to_recordset($19::jsonb) AS k(key text, stream_id text, fingerprint text, event_ids jsonb))
      SELECT 1`,
      [
        events.map(({ at }) => at),
        events.map(({ e }) => e.eventId),
        events.map(({ e }) => e.streamVersion),
        events.map(({ e }) => e.type),
        events.map(({ e }) => e.schemaVersion),
        events.map(({ e }) => e.tenantId),
        events.map(({ e }) => e.occurredAt),
        events.map(({ e }) => JSON.stringify(e.actor)),
        events.map(({ e }) => e.correlationId),
        events.map(({ e }) => e.causationId),
        events.map(({ e }) => e.dataJson),
        events.map(({ e }) => e.hash),
        events.map(({ e }) => e.previousHash),
        events.map(({ s }) => s.streamId),
        events.map(({ s }) => s.context),
        events.map(({ s }) => s.category),
        streams.map((s) => s.streamId),
        streams.map((s) => s.sealed[s.sealed.length - 1]?.hash ?? null),
        JSON.stringify(
          keyed.map((s) => ({
            key: s.idempotency!.key,
            stream_id: s.streamId,
            fingerprint: s.idempotency!.fingerprint ?? null,
            event_ids: s.sealed.map((e) => e.eventId),
          })),
        ),
      ],
    );
  }

  /**
   * Event-id idempotency: if every event id is already stored, in this stream and in this order,
   * the append already happened (e.g. a retry after a lost connection) and is answered from the
   * log. A partial or different match is a conflict, never a silent partial write.
   */
  private async findAlreadyStored(
    client: PoolClient,
    streamId: string,
    events: readonly PreparedEvent[],
  ): Promise<AppendResult | undefined> {
    if (events.length === 0) return undefined;
    const ids = events.map((e) => e.eventId);
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
      [ids],
    );
    if (rows.length === 0) return undefined;
    const stored = rows.map(rowToStoredEnvelope);
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    const sameBatch =
      stored.length === ids.length &&
      ids.every((id, i) => {
        const e = byId.get(id);
        const first = byId.get(ids[0] ?? '');
        return (
          e !== undefined &&
          first !== undefined &&
          e.streamId === streamId &&
          e.streamVersion === first.streamVersion + i
        );
      });
    if (!sameBatch) {
      const clash = stored[0];
      throw new EventIdConflictError(
        clash?.eventId ?? '',
        `Event id ${clash?.eventId ?? '?'} is already stored (${clash?.streamId ?? '?'} v${clash?.streamVersion ?? '?'}) but this append is not a retry of that one`,
      );
    }
    const replayed = ids.map((id) =>
      this.upcasters.upcast(byId.get(id) as EventEnvelope, this.eventTypes),
    );
    const stream = await this.readStreamRow(client, streamId);
    return {
      streamId,
      events: replayed,
      nextExpectedVersion: Number(stream?.version ?? 0),
      replayed: true,
    };
  }

  /** Takes the stream row lock and reserves `n` versions, honouring the expected version. */
  private async claimStreamVersions(
    client: PoolClient,
    streamId: string,
    category: string,
    tenantId: string,
    n: number,
    expected: ExpectedVersion,
  ): Promise<{ previousVersion: number; previousHash: string | null }> {
    const returning =
      'RETURNING (version - $2)::text AS previous_version, last_hash AS previous_hash';
    let result;
    if (expected === 'no_stream') {
      result = await client.query<{ previous_version: string; previous_hash: string | null }>(
        `INSERT INTO event_store.streams (stream_id, version, category, tenant_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (stream_id) DO NOTHING ${returning}`,
        [streamId, n, category, tenantId],
      );
    } else if (expected === 'any') {
      result = await client.query<{ previous_version: string; previous_hash: string | null }>(
        `INSERT INTO event_store.streams AS s (stream_id, version, category, tenant_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2, updated_at = now()
           WHERE NOT s.tombstoned AND s.tenant_id = EXCLUDED.tenant_id
         ${returning}`,
        [streamId, n, category, tenantId],
      );
    } else {
      // 'stream_exists' or an exact version: the stream row must exist.
      result = await client.query<{ previous_version: string; previous_hash: string | null }>(
        `UPDATE event_store.streams SET version = version + $2, updated_at = now()
         WHERE stream_id = $1 AND NOT tombstoned AND tenant_id = $3
           AND ${expected === 'stream_exists' ? 'version > 0' : 'version = $4'}
         ${returning}`,
        expected === 'stream_exists' ? [streamId, n, tenantId] : [streamId, n, tenantId, expected],
      );
    }
    const row = result.rows[0];
    if (row)
      return { previousVersion: Number(row.previous_version), previousHash: row.previous_hash };
    // Refused: say why, from the row as it is now.
    const stream = await this.readStreamRow(client, streamId);
    const version = this.checkStreamForWrite(streamId, stream, tenantId);
    throw new WrongExpectedVersionError(streamId, expected, version);
  }

  // ------------------------------------------------------------------------------------------
  // reads
  // ------------------------------------------------------------------------------------------

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    parseStreamId(streamId);
    const direction = options.direction ?? 'forwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(maxCount) || maxCount < 0)
      throw new RangeError('maxCount must be a non-negative integer');
    return this.withClient('readStream', async (client) => {
      const stream = await this.readStreamRow(client, streamId);
      if (!stream) return { streamId, events: [], streamVersion: 0 };
      if (stream.tombstoned) throw new StreamDeletedError(streamId);
      if (options.tenantId !== undefined && stream.tenant_id !== options.tenantId) {
        throw new TenantMismatchError(streamId, options.tenantId);
      }
      const streamVersion = Number(stream.version);
      if (maxCount === 0) return { streamId, events: [], streamVersion };
      const forwards = direction === 'forwards';
      const from = options.fromVersion ?? (forwards ? 1 : streamVersion);
      // Bounded by the version read above: the two statements see different snapshots under READ
      // COMMITTED, and events appended in between must not be returned with the older version
      // (a loader would fold them and label the state with that version: snapshots double-count).
      const { rows } = await client.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM event_store.events
         WHERE stream_id = $1 AND stream_version ${forwards ? '>=' : '<='} $2 AND stream_version >= $3
           AND stream_version <= $7
           AND ($4::bigint IS NULL OR global_position <= $4)
           AND ($5::integer IS NULL OR recorded_at >= now() - make_interval(secs => $5))
         ORDER BY stream_version ${forwards ? 'ASC' : 'DESC'}
         LIMIT $6`,
        [
          streamId,
          from,
          Number(stream.truncate_before),
          options.untilGlobalPosition ?? null,
          stream.max_age_seconds,
          Math.min(maxCount, 2 ** 31 - 1),
          streamVersion,
        ],
      );
      return { streamId, events: rows.map((row) => this.decode(row)), streamVersion };
    });
  }

  async readAllPage(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0;
    const limit = Math.max(
      1,
      Math.min(
        options.batchSize ?? this.options.readBatchSize ?? DEFAULT_BATCH,
        options.maxCount ?? Infinity,
      ),
    );
    const query = buildGlobalLogQuery(after, limit, options.filter);
    const { rows } = await this.withClient('readAll', (client) =>
      client.query<
        Partial<EventRow> & { scanned_head: string | null; visible_head: string | null }
      >(query.text, query.values),
    );
    const events = rows
      .filter((row) => row.global_position != null)
      .map((row) => this.decode(row as EventRow));
    const last = events[events.length - 1];
    const full = events.length >= limit;
    const head = Number(rows[0]?.scanned_head ?? 0);
    const checkpoint = full
      ? (last?.globalPosition ?? after)
      : Math.max(after, last?.globalPosition ?? 0, head);
    const pending = !full && Number(rows[0]?.visible_head ?? 0) > checkpoint;
    return { events, checkpoint, isEnd: !full, pending };
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

  /**
   * Resolves when new events may be readable (an append's notification), after `timeoutMs`, or
   * when `signal` aborts: what `subscribeToAll` waits on, for a reader that pages the log itself
   * (the projections worker's shared reader, ADR 0430).
   */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void> {
    return this.listener.wait(timeoutMs, signal);
  }

  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new Error('The event store is closed');
    const subscription = startPollingSubscription(
      {
        readAllPage: (o) => this.readAllPage(o),
        waitForAppend: (ms, signal) => this.listener.wait(ms, signal),
        isTransient: (error) => error instanceof EventStoreError && error.retriable,
      },
      handler,
      options,
      {
        batchSize: this.options.readBatchSize ?? DEFAULT_BATCH,
        pollIntervalMs: this.options.pollIntervalMs ?? 1000,
      },
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
    parseStreamId(streamId);
    const row = await this.withClient('getStreamMetadata', (client) =>
      this.readStreamRow(client, streamId),
    );
    return row ? toMetadata(row) : null;
  }

  async setStreamMetadata(streamId: string, update: StreamMetadataUpdate): Promise<StreamMetadata> {
    parseStreamId(streamId);
    const maxAge = update.maxAgeSeconds;
    if (maxAge !== undefined && maxAge !== null && (!Number.isInteger(maxAge) || maxAge <= 0)) {
      throw new RangeError('maxAgeSeconds must be a positive integer or null');
    }
    return this.withClient('setStreamMetadata', async (client) => {
      const { rows } = await client.query<StreamRow>(
        `UPDATE event_store.streams SET max_age_seconds = CASE WHEN $2 THEN $3::integer ELSE max_age_seconds END, updated_at = now()
         WHERE stream_id = $1 AND NOT tombstoned RETURNING *`,
        [streamId, maxAge !== undefined, maxAge ?? null],
      );
      const row = rows[0];
      if (row) return toMetadata(row);
      const existing = await this.readStreamRow(client, streamId);
      if (existing?.tombstoned) throw new StreamDeletedError(streamId);
      throw new InvalidEventError(
        `Stream ${streamId} does not exist; append to it before setting metadata`,
      );
    });
  }

  async deleteStream(streamId: string, options: DeleteStreamOptions = {}): Promise<void> {
    parseStreamId(streamId);
    const expected = normaliseExpectedVersion(options.expectedVersion ?? 'any');
    await this.withClient('deleteStream', async (client) => {
      await client.query('BEGIN');
      try {
        const stream = await this.readStreamRow(client, streamId, true);
        const version = this.checkStreamForWrite(streamId, stream, undefined);
        if (!versionMatches(expected, version))
          throw new WrongExpectedVersionError(streamId, expected, version);
        if (stream) {
          await client.query(
            options.hard
              ? 'UPDATE event_store.streams SET tombstoned = true, updated_at = now() WHERE stream_id = $1'
              : 'UPDATE event_store.streams SET truncate_before = version + 1, updated_at = now() WHERE stream_id = $1',
            [streamId],
          );
        } else if (options.hard) {
          // Tombstoning a stream that never existed still reserves its id forever.
          const { category } = parseStreamId(streamId);
          await client.query(
            `INSERT INTO event_store.streams (stream_id, category, tenant_id, version, tombstoned) VALUES ($1, $2, '', 0, true)`,
            [streamId, category],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    return this.withClient('findIdempotencyRecord', (client) =>
      this.loadIdempotencyRecord(client, key),
    );
  }

  private async loadIdempotencyRecord(
    client: PoolClient,
    key: string,
  ): Promise<IdempotencyRecord | null> {
    const { rows } = await client.query<{
      stream_id: string;
      fingerprint: string | null;
      event_ids: string[];
    }>(
      'SELECT stream_id, fingerprint, event_ids FROM event_store.idempotency_keys WHERE idempotency_key = $1',
      [key],
    );
    const row = rows[0];
    if (!row) return null;
    const events = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`,
      [row.event_ids],
    );
    return {
      key,
      streamId: row.stream_id,
      fingerprint: row.fingerprint,
      events: events.rows.map((r) => this.decode(r)),
    };
  }

  // ------------------------------------------------------------------------------------------
  // integrity
  // ------------------------------------------------------------------------------------------

  async verifyStream(streamId: string): Promise<IntegrityReport> {
    parseStreamId(streamId);
    return this.verifyQuery(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`,
      (last) => [streamId, last?.streamVersion ?? 0],
      true,
    );
  }

  async verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport> {
    return this.verifyQuery(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
      (last) => [last?.globalPosition ?? fromPosition - 1, toPosition],
      false,
    );
  }

  /** Pages through stored rows (never upcast: the hash covers the stored form). */
  private async verifyQuery(
    sql: string,
    params: (last: { streamVersion: number; globalPosition: number } | undefined) => unknown[],
    wholeStream: boolean,
  ): Promise<IntegrityReport> {
    const pageSize = 1000;
    const failures: ReturnType<typeof verifyEvents> = [];
    let checked = 0;
    let last: ReturnType<typeof rowToStoredEnvelope> | undefined;
    for (;;) {
      const { rows } = await this.withClient('verify', (client) =>
        client.query<EventRow>(sql, [...params(last), pageSize]),
      );
      const events = rows.map(rowToStoredEnvelope);
      // Carry the last event of the previous page so chain links across pages are checked too.
      const checkedWithPrevious = last ? [last, ...events] : events;
      const pageFailures = verifyEvents(checkedWithPrevious).filter(
        (f) => !last || f.globalPosition !== last.globalPosition,
      );
      if (wholeStream && !last && events[0] && events[0].streamVersion !== 1) {
        pageFailures.unshift({
          globalPosition: events[0].globalPosition,
          streamId: events[0].streamId,
          streamVersion: events[0].streamVersion,
          eventId: events[0].eventId,
          reason: 'version_gap',
          message: `the stream starts at version ${events[0].streamVersion}, not 1`,
        });
      }
      failures.push(...pageFailures);
      checked += events.length;
      last = events[events.length - 1] ?? last;
      if (events.length < pageSize) break;
    }
    return { ok: failures.length === 0, checkedEvents: checked, failures };
  }

  // ------------------------------------------------------------------------------------------
  // lifecycle and helpers
  // ------------------------------------------------------------------------------------------

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.listener.close();
    await this.notifier.close();
    if (this.ownsPool) await this.pool.end();
  }

  private decode(row: EventRow): EventEnvelope {
    const { ...envelope } = rowToStoredEnvelope(row);
    return this.upcasters.upcast(envelope, this.eventTypes);
  }

  private async readStreamRow(
    client: PoolClient,
    streamId: string,
    forUpdate = false,
  ): Promise<StreamRow | undefined> {
    const { rows } = await client.query<StreamRow>(
      `SELECT stream_id, tenant_id, version::text, truncate_before::text, tombstoned, max_age_seconds
       FROM event_store.streams WHERE stream_id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [streamId],
    );
    return rows[0];
  }

  /** Throws for streams that cannot take writes; returns the current version (0 if none). */
  private checkStreamForWrite(
    streamId: string,
    stream: StreamRow | undefined,
    tenantId: string | undefined,
  ): number {
    if (!stream) return 0;
    if (stream.tombstoned) throw new StreamDeletedError(streamId);
    if (tenantId !== undefined && stream.tenant_id !== tenantId)
      throw new TenantMismatchError(streamId, tenantId);
    return Number(stream.version);
  }

  /** Runs `work` on a pooled client; connection failures surface as EventStoreUnavailableError. */
  private async withClient<T>(
    operation: string,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    if (this.closed) throw new Error('The event store is closed');
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toUnavailable(error, operation);
    }
    let broken: unknown;
    // A checked-out client reports a dropped connection as an 'error' event (e.g. between two
    // statements of a transaction); unhandled, it would crash the process.
    const onError = (error: unknown): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      if (isConnectionError(error) || broken !== undefined) {
        broken ??= error;
        throw toUnavailable(error, operation);
      }
      throw error;
    } finally {
      client.off('error', onError);
      // A client whose connection failed must not go back to the pool.
      client.release(broken === undefined ? undefined : broken instanceof Error ? broken : true);
    }
  }
}

function envelopeOf(event: SealedEvent): Omit<EventEnvelope, 'globalPosition'> {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}

function toMetadata(row: StreamRow): StreamMetadata {
  const version = Number(row.version);
  const truncateBefore = Number(row.truncate_before);
  return {
    streamId: row.stream_id,
    tenantId: row.tenant_id,
    version,
    truncateBefore,
    softDeleted: truncateBefore > version,
    tombstoned: row.tombstoned,
    maxAgeSeconds: row.max_age_seconds,
  };
}
