// Reads while others write. The read horizon, shown directly: while an older transaction is open,
// newer committed events are held back from global reads (flagged `pending`), and they appear as
// soon as it ends. And stream reads answer with one consistent picture during appends: the events
// returned never go past the version returned with them (loaders label state with that version;
// a mismatch made snapshots double-count).
import { createThrowawayPostgresDatabase, eventually } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';
import { PostgresEventStore } from './postgres-event-store';

const event = (tenantId: string): NewEvent => ({
  eventId: uuidv7(),
  type: 'sales.LeadCaptured',
  tenantId,
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { kind: 'system', name: 't' },
  correlationId: 'c',
  causationId: 'c',
  data: {},
});

describe('global read horizon (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_horizon' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: 'sales.LeadCaptured', schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('holds back events committed after an older transaction that is still open', async () => {
    const tenant = `t-${uuidv7()}`;
    const before = await store.append(`sales.Lead-${uuidv7()}`, [event(tenant)]);
    const older = new Client({ connectionString: database.url });
    await older.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // an open transaction with an id
      const after = await store.append(`sales.Lead-${uuidv7()}`, [event(tenant)]);

      // The stream read sees it at once; the global log does not yet.
      expect((await store.readStream(after.streamId)).events).toHaveLength(1);
      const page = await store.readAllPage({
        after: before.events[0]!.globalPosition,
        filter: { tenantIds: [tenant] },
      });
      expect(page.events).toEqual([]);
      expect(page.pending).toBe(true);
      expect(page.checkpoint).toBeLessThan(after.events[0]!.globalPosition);

      await older.query('COMMIT');
      // (Other transactions of the cluster, e.g. other test files, may still hold it back briefly.)
      await eventually(
        async () => {
          const released = await store.readAllPage({
            after: before.events[0]!.globalPosition,
            filter: { tenantIds: [tenant] },
          });
          expect(released.events.map((e) => e.eventId)).toEqual([after.events[0]!.eventId]);
        },
        { timeoutMs: 10_000, description: 'release after the older transaction ended' },
      );
    } finally {
      await older.end();
    }
  });

  it('is not held back by an idle transaction in another database of the cluster', async () => {
    const elsewhere = await createThrowawayPostgresDatabase({ prefix: 'es_horizon_other' });
    const idle = new Client({ connectionString: elsewhere.url });
    await idle.connect();
    try {
      // A session of another database left idle in a transaction that has an id: a hung test,
      // a psql left open, another context's slow job. It can never write to this database.
      await idle.query('BEGIN');
      await idle.query('SELECT pg_current_xact_id()');
      const tenant = `t-${uuidv7()}`;
      const before = await store.append(`sales.Lead-${uuidv7()}`, [event(tenant)]);
      const after = await store.append(`sales.Lead-${uuidv7()}`, [event(tenant)]);
      await eventually(
        async () => {
          const page = await store.readAllPage({
            after: before.events[0]!.globalPosition - 1,
            filter: { tenantIds: [tenant] },
          });
          expect(page.events.map((e) => e.eventId)).toEqual([
            before.events[0]!.eventId,
            after.events[0]!.eventId,
          ]);
        },
        // Other test files' short transactions may hold the horizon a moment; the idle one never ends.
        { timeoutMs: 10_000, description: 'events readable while the other database idles' },
      );
    } finally {
      await idle.query('ROLLBACK').catch(() => undefined);
      await idle.end();
      await elsewhere.drop();
    }
  }, 30_000);

  it('bounds its own sessions: a connection idle in a transaction is ended by the server', async () => {
    const { rows } = await store.pool.query<{ idle_in_transaction_session_timeout: string }>(
      'SHOW idle_in_transaction_session_timeout',
    );
    expect(rows[0]!.idle_in_transaction_session_timeout).toBe('1min');
  });

  it('never returns stream events beyond the version it reports while appends continue', async () => {
    const tenant = `t-${uuidv7()}`;
    const streamId = `sales.Lead-${uuidv7()}`;
    let appending = true;
    const writer = (async () => {
      for (let i = 0; i < 400; i += 1) await store.append(streamId, [event(tenant)]);
      appending = false;
    })();
    let reads = 0;
    while (appending) {
      const page = await store.readStream(streamId);
      reads += 1;
      const last = page.events[page.events.length - 1];
      expect(last?.streamVersion ?? 0).toBe(page.streamVersion);
      expect(page.events).toHaveLength(page.streamVersion);
    }
    await writer;
    expect(reads).toBeGreaterThan(10);
  }, 60_000);
});
