// ADR 0120: an append is one statement sent to PostgreSQL, and migration 0002 upgrades a store
// written by the earlier adapter (several statements per append) without breaking its chains.
import { createThrowawayPostgresDatabase, recordStatements } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { sealEvents, prepareAppend } from '../append-preparation';
import { EventTypeRegistry } from '../event-types/event-type-registry';
import { REGISTERED_TYPE, registeredEvent } from '../testing/registered-event';
import { loadMigrations, migrateEventStore } from './migrations';
import { PostgresEventStore } from './postgres-event-store';

const eventTypes = [{ type: REGISTERED_TYPE, schemaVersion: 1 }];
const stream = (): string => `customers.Customer-${uuidv7()}`;

describe('PostgresEventStore: one round trip per append', () => {
  let database: ThrowawayDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  const statements: string[] = [];

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_round_trip' });
    pool = new Pool({ connectionString: database.url, max: 2 });
    recordStatements(pool, statements);
    store = await PostgresEventStore.create({ pool, eventTypes });
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  const appendStatements = (): string[] =>
    statements.filter((s) => !s.startsWith('SELECT pg_notify'));

  it.each([
    ['a new stream, one event', 'no_stream' as const, 1],
    ['an exact expected version, one event', 1, 1],
    ['an exact expected version, 100 events', 1, 100],
    ['expected version any', 'any' as const, 3],
  ])('sends one statement for %s', async (_, expectedVersion, count) => {
    const streamId = stream();
    if (expectedVersion !== 'no_stream')
      await store.append(streamId, [registeredEvent('first')], { expectedVersion: 'no_stream' });
    statements.length = 0;
    const result = await store.append(
      streamId,
      Array.from({ length: count }, (_, i) => registeredEvent(`n${i}`)),
      { expectedVersion, idempotency: { key: `key-${streamId}`, fingerprint: 'f' } },
    );
    expect(appendStatements()).toHaveLength(1);
    expect(result.events).toHaveLength(count);
    await expect(store.verifyStream(streamId)).resolves.toMatchObject({ ok: true });
  });

  it('still refuses a stale expected version with a typed error, writing nothing', async () => {
    const streamId = stream();
    await store.append(streamId, [registeredEvent('a'), registeredEvent('b')]);
    await expect(
      store.append(streamId, [registeredEvent('c')], { expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actualVersion: 2 });
    expect((await store.readStream(streamId)).events).toHaveLength(2);
  });

  it('appendMany of new streams: four round trips whatever the batch, positions as one range', async () => {
    const streams = Array.from({ length: 50 }, () => stream());
    statements.length = 0;
    const results = await store.appendMany(
      streams.map((streamId) => ({
        streamId,
        events: [registeredEvent('a'), registeredEvent('b')],
        options: { expectedVersion: 'no_stream' as const, idempotency: { key: `k-${streamId}` } },
      })),
    );
    // BEGIN with the allocation, the stream claims, the insert, COMMIT.
    expect(appendStatements()).toHaveLength(4);
    expect(appendStatements()[0]).toMatch(
      /^BEGIN; SELECT event_store\.allocate_position_range\(100\)/,
    );
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
    for (const streamId of streams.slice(0, 3))
      await expect(store.verifyStream(streamId)).resolves.toMatchObject({ ok: true });
  });
});

describe('migration 0002 upgrades an existing store', () => {
  let database: ThrowawayDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_upgrade' });
    pool = new Pool({ connectionString: database.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** An append exactly as the adapter before ADR 0120 wrote it (allocation, claim, insert). */
  async function appendAsBefore(client: PoolClient, streamId: string, names: string[]) {
    const prepared = prepareAppend(
      streamId,
      names.map((n) => registeredEvent(n)),
      new EventTypeRegistry(eventTypes),
    );
    await client.query('BEGIN');
    const { rows } = await client.query<{ positions: string[] }>(
      'SELECT event_store.allocate_positions($1) AS positions',
      [names.length],
    );
    const claim = await client.query<{ previous_version: string; previous_hash: string | null }>(
      `INSERT INTO event_store.streams AS s (stream_id, version, category, tenant_id) VALUES ($1, $2, 'customers.Customer', 'tenant-a')
       ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2
       RETURNING (version - $2)::text AS previous_version, last_hash AS previous_hash`,
      [streamId, names.length],
    );
    const head = claim.rows[0]!;
    const sealed = sealEvents(
      streamId,
      prepared.events,
      Number(head.previous_version),
      head.previous_hash,
    );
    for (const [i, e] of sealed.entries()) {
      await client.query(
        `INSERT INTO event_store.events (global_position, event_id, stream_id, stream_version, context, category, type,
           schema_version, tenant_id, occurred_at, actor, correlation_id, causation_id, data, hash, previous_hash)
         VALUES ($1, $2, $3, $4, 'customers', 'customers.Customer', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          rows[0]!.positions[i],
          e.eventId,
          streamId,
          e.streamVersion,
          e.type,
          e.schemaVersion,
          e.tenantId,
          e.occurredAt,
          JSON.stringify(e.actor),
          e.correlationId,
          e.causationId,
          e.dataJson,
          e.hash,
          e.previousHash,
        ],
      );
    }
    await client.query('UPDATE event_store.streams SET last_hash = $2 WHERE stream_id = $1', [
      streamId,
      sealed[sealed.length - 1]!.hash,
    ]);
    await client.query('COMMIT');
  }

  it('continues the streams, chains and positions written before it', async () => {
    const [first] = loadMigrations();
    await migrateEventStore(pool, [first!]);
    const streamId = stream();
    const client = await pool.connect();
    try {
      await appendAsBefore(client, streamId, ['Ada', 'Grace']);
    } finally {
      client.release();
    }

    const store = await PostgresEventStore.create({ pool, eventTypes });
    try {
      const result = await store.append(streamId, [registeredEvent('Edsger')], {
        expectedVersion: 2,
      });
      expect(result.events[0]).toMatchObject({ streamVersion: 3, globalPosition: 3 });
      await expect(store.verifyStream(streamId)).resolves.toEqual({
        ok: true,
        checkedEvents: 3,
        failures: [],
      });
      await expect(store.verifyRange(1, 3)).resolves.toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  });
});
