// Seeds a bench database with a global log: exactly the rows our adapter writes (same columns,
// same hash chain, same stream rows), inserted with large multi-row INSERTs so that seeding 1M
// events takes seconds, not the time of a million appends. Seeding is not what the scenarios
// measure. A seeded database is reused across bench invocations while its source and the
// event-store migrations are unchanged (recorded in public.bench_seed); scenarios that modify a
// store work on a copy (CREATE DATABASE … TEMPLATE, a file copy).
import { createHash } from 'node:crypto';
import { loadMigrations, migrateEventStore, parseStreamId } from '@crm/event-sourcing';
import { Client } from 'pg';
import type { Pool, PoolClient } from 'pg';
import { withDatabase } from './connections';
import {
  assertBenchDatabase,
  benchPool,
  databaseExists,
  dropDatabase,
  recreateDatabase,
} from './postgres';
import {
  BENCH_EVENT_TYPE,
  EVENT_INSERT_COLUMNS,
  benchPayload,
  eventRowValues,
  planEvent,
} from './workload';
import type { PlannedEvent } from './workload';

export interface SeedSource {
  /** Everything that determines the seeded content (part of the reuse fingerprint). */
  readonly description: Record<string, unknown>;
  readonly events: number;
  /** Prepares extra schema, then yields chunks of whole streams, each stream's events in order. */
  chunks(pool: Pool): AsyncIterable<readonly PlannedEvent[]>;
}

const ROWS_PER_STATEMENT = 1000;
const WIDTH = EVENT_INSERT_COLUMNS.length;

function fingerprint(source: SeedSource): string {
  const migrations = loadMigrations().map(
    (m) => `${m.name}:${createHash('sha256').update(m.sql).digest('hex')}`,
  );
  return createHash('sha256')
    .update(
      JSON.stringify({ description: source.description, events: source.events, migrations, v: 2 }),
    )
    .digest('hex');
}

export interface SeededDatabase {
  readonly url: string;
  readonly reused: boolean;
  readonly seedMs: number;
}

/** Makes sure `database` holds exactly what `source` generates; reuses it when it already does. */
export async function ensureSeeded(
  serverUrl: string,
  database: string,
  source: SeedSource,
  log: (m: string) => void,
): Promise<SeededDatabase> {
  const url = withDatabase(serverUrl, database);
  const wanted = fingerprint(source);
  if ((await databaseExists(serverUrl, database)) && (await hasFingerprint(url, wanted)))
    return { url, reused: true, seedMs: 0 };
  const t0 = Date.now();
  log(`seeding ${database} with ${source.events.toLocaleString('en-US')} events…`);
  await recreateDatabase(serverUrl, database);
  const pool = benchPool(url, 2);
  try {
    await migrateEventStore(pool);
    let seeded = 0;
    for await (const chunk of source.chunks(pool)) {
      await insertChunk(pool, chunk);
      seeded += chunk.length;
    }
    if (seeded !== source.events)
      throw new Error(`seed source produced ${seeded} events, expected ${source.events}`);
    await pool.query(
      'CREATE TABLE public.bench_seed (fingerprint text PRIMARY KEY, description jsonb NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())',
    );
    await pool.query('INSERT INTO public.bench_seed (fingerprint, description) VALUES ($1, $2)', [
      wanted,
      JSON.stringify({ ...source.description, events: source.events }),
    ]);
    // Fresh statistics and a vacuumed table (visibility map): what a long-running store has.
    await pool.query('VACUUM ANALYZE');
  } finally {
    await pool.end();
  }
  const seedMs = Date.now() - t0;
  log(`seeded ${database} in ${(seedMs / 1000).toFixed(1)} s`);
  return { url, reused: false, seedMs };
}

async function hasFingerprint(url: string, wanted: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM public.bench_seed WHERE fingerprint = $1', [
      wanted,
    ]);
    return rows.length > 0;
  } catch {
    return false; // no bench_seed table: an interrupted seed
  } finally {
    await client.end();
  }
}

async function insertChunk(pool: Pool, chunk: readonly PlannedEvent[]): Promise<void> {
  const heads = new Map<string, PlannedEvent>();
  for (const event of chunk) heads.set(event.streamId, event); // the last event of each stream
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < chunk.length; i += ROWS_PER_STATEMENT) {
      const rows = chunk.slice(i, i + ROWS_PER_STATEMENT);
      const tuples = rows.map(
        (_, r) => `(${EVENT_INSERT_COLUMNS.map((__, c) => `$${r * WIDTH + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO event_store.events (${EVENT_INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
        rows.flatMap(eventRowValues),
      );
    }
    const last = [...heads.values()];
    await client.query(
      `INSERT INTO event_store.streams (stream_id, category, tenant_id, version, last_hash)
       SELECT s, c, t, v, h FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS u(s, c, t, v, h)`,
      [
        last.map((e) => e.streamId),
        last.map((e) => parseStreamId(e.streamId).category),
        last.map((e) => e.event.tenantId),
        last.map((e) => e.streamVersion),
        last.map((e) => e.hash),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A copy of a seeded database (file-level copy by PostgreSQL; no other session may use the source). */
export async function cloneDatabase(
  serverUrl: string,
  source: string,
  target: string,
): Promise<string> {
  assertBenchDatabase(source);
  await dropDatabase(serverUrl, target);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${target} TEMPLATE ${source} STRATEGY FILE_COPY`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, target);
}

/** Bench events (`bench.ItemRecorded`), `eventsPerStream` per stream. */
export function benchLogSource(events: number, eventsPerStream: number): SeedSource {
  return {
    description: { kind: 'bench-log', type: BENCH_EVENT_TYPE, eventsPerStream },
    events,
    async *chunks() {
      let n = 0;
      let stream = 0;
      while (n < events) {
        const chunk: PlannedEvent[] = [];
        while (chunk.length < ROWS_PER_STATEMENT * 10 && n < events) {
          const streamId = `bench.Item-seed${stream++}`;
          let previousHash: string | null = null;
          for (let version = 1; version <= eventsPerStream && n < events; version++) {
            const planned = planEvent(
              streamId,
              version,
              previousHash,
              BENCH_EVENT_TYPE,
              benchPayload(n),
              n,
            );
            previousHash = planned.hash;
            chunk.push(planned);
            n++;
          }
        }
        yield chunk;
      }
    },
  };
}

/**
 * The log shared by P2 (read), P3 (relay) and P7 (append in a large store): 1M events with
 * --scale, 100k by default, 10 events per stream. Seeded once, reused while unchanged.
 */
export const SHARED_LOG_DATABASE = 'crm_bench_log';
export const SHARED_LOG_EVENTS_PER_STREAM = 10;

export function sharedLogEvents(scale: boolean): number {
  return scale ? 1_000_000 : 100_000;
}

export function ensureSharedLog(
  serverUrl: string,
  scale: boolean,
  log: (m: string) => void,
): Promise<SeededDatabase> {
  return ensureSeeded(
    serverUrl,
    SHARED_LOG_DATABASE,
    benchLogSource(sharedLogEvents(scale), SHARED_LOG_EVENTS_PER_STREAM),
    log,
  );
}
