// An event stored in an old shape (a raw v1 row, as an older release wrote it) is read as the
// current v2 on every read path: stream reads, global reads, subscriptions and temporal loads.
import { createThrowawayPostgresDatabase, eventually } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { loadAggregate } from '../aggregate-loader';
import type { Decider } from '../decider';
import type { EventEnvelope } from '../envelope';
import { computeEventHash } from '../integrity/event-hash';
import { loadStateAt } from '../temporal/load-state-at';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';
import { PostgresEventStore } from './postgres-event-store';

const TYPE = 'customers.CustomerRegistered';
interface RegisteredV1 {
  fullName: string;
}
interface RegisteredV2 {
  name: { first: string; last: string };
}

const upcasters = new UpcasterRegistry([
  {
    type: TYPE,
    fromSchemaVersion: 1,
    upcast: (data: RegisteredV1): RegisteredV2 => {
      const [first = '', ...rest] = data.fullName.split(' ');
      return { name: { first, last: rest.join(' ') } };
    },
  },
]);

type Event = { type: typeof TYPE; data: RegisteredV2 };
const decider: Decider<{ first?: string }, never, Event> = {
  initialState: {},
  decide: () => [],
  evolve: (_state, event) => ({ first: event.data.name.first }),
};

describe('upcasting on every read path (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;
  const tenantId = `tenant-${uuidv7()}`;
  const streamId = `customers.Customer-${uuidv7()}`;
  const eventId = uuidv7();
  let position: number;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_upcast' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: TYPE, schemaVersion: 2 }],
      upcasters,
    });
    // What release 1 wrote: schema_version 1 and the v1 payload, with a valid hash of that form.
    const stored = {
      eventId,
      type: TYPE,
      schemaVersion: 1,
      streamId,
      streamVersion: 1,
      tenantId,
      occurredAt: '2024-06-01T08:00:00.000Z',
      actor: { kind: 'system' as const, name: 'legacy-import' },
      correlationId: 'c-1',
      causationId: 'c-1',
      data: { fullName: 'Ada King Lovelace' },
      previousHash: null,
    };
    const hash = computeEventHash(stored);
    const { rows } = await store.pool.query<{ global_position: string }>(
      `INSERT INTO event_store.events (event_id, stream_id, stream_version, context, category, type, schema_version, tenant_id,
         occurred_at, actor, correlation_id, causation_id, data, hash, previous_hash)
       VALUES ($1, $2, 1, 'customers', 'customers.Customer', $3, 1, $4, $5, $6, 'c-1', 'c-1', $7, $8, NULL)
       RETURNING global_position`,
      [
        eventId,
        streamId,
        TYPE,
        tenantId,
        stored.occurredAt,
        JSON.stringify(stored.actor),
        JSON.stringify(stored.data),
        hash,
      ],
    );
    position = Number(rows[0]!.global_position);
    await store.pool.query(
      `INSERT INTO event_store.streams (stream_id, category, tenant_id, version, last_hash) VALUES ($1, 'customers.Customer', $2, 1, $3)`,
      [streamId, tenantId, hash],
    );
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const expectV2 = (event: EventEnvelope | undefined): void => {
    expect(event).toMatchObject({
      eventId,
      type: TYPE,
      schemaVersion: 2,
      data: { name: { first: 'Ada', last: 'King Lovelace' } },
    });
  };

  it('readStream', async () => {
    expectV2((await store.readStream(streamId)).events[0]);
    expectV2((await store.readStream(streamId, { direction: 'backwards' })).events[0]);
  });

  it('readAll and readAllPage', async () => {
    const all: EventEnvelope[] = [];
    for await (const e of store.readAll({ filter: { tenantIds: [tenantId] } })) all.push(e);
    expectV2(all[0]);
    expectV2((await store.readAllPage({ after: position - 1 })).events[0]);
  });

  it('subscribeToAll', async () => {
    const received: EventEnvelope[] = [];
    const subscription = store.subscribeToAll((events) => void received.push(...events), {
      filter: { tenantIds: [tenantId] },
      pollIntervalMs: 50,
    });
    try {
      await eventually(() => received.length === 1, { timeoutMs: 5000, description: 'delivery' });
      expectV2(received[0]);
    } finally {
      await subscription.stop();
    }
  });

  it('aggregate and temporal loads', async () => {
    await expect(loadAggregate(store, decider, streamId)).resolves.toMatchObject({
      state: { first: 'Ada' },
      version: 1,
    });
    await expect(
      loadStateAt(store, decider, streamId, { globalPosition: position }),
    ).resolves.toMatchObject({ state: { first: 'Ada' } });
    await expect(
      loadStateAt(store, decider, streamId, { time: '2024-06-01T08:00:00.000Z' }),
    ).resolves.toMatchObject({ state: { first: 'Ada' } });
  });

  it('keeps the stored row (and its hash) as written', async () => {
    await expect(store.verifyStream(streamId)).resolves.toMatchObject({
      ok: true,
      checkedEvents: 1,
    });
    const { rows } = await store.pool.query(
      'SELECT schema_version, data FROM event_store.events WHERE event_id = $1',
      [eventId],
    );
    expect(rows[0]).toEqual({ schema_version: 1, data: { fullName: 'Ada King Lovelace' } });
  });

  it('appends new events at the current version only', async () => {
    const result = await store.append(streamId, [
      {
        eventId: uuidv7(),
        type: TYPE,
        tenantId,
        occurredAt: '2025-01-01T00:00:00.000Z',
        actor: { kind: 'system', name: 't' },
        correlationId: 'c',
        causationId: 'c',
        data: { name: { first: 'Grace', last: 'Hopper' } },
      },
    ]);
    expect(result.events[0]).toMatchObject({ schemaVersion: 2, streamVersion: 2 });
    await expect(store.verifyStream(streamId)).resolves.toMatchObject({
      ok: true,
      checkedEvents: 2,
    });
  });
});
