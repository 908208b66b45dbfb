// The in-process team state cache against the real PostgreSQL store: what it answers always equals
// a full replay of the stream, also after another process appended (the cached state is brought up
// to date by the tail), per tenant, and after the oldest entry was evicted.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type Decider, type DomainEvent } from '@crm/event-sourcing';
import {
  createThrowawayPostgresDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import { CachedStateLoader } from './cached-state-loader';

type Event = DomainEvent<'test.Added', { amount: number }>;
// Order-sensitive, so a missed or repeated event shows.
const decider: Pick<Decider<number[], never, Event>, 'evolve' | 'initialState'> = {
  initialState: [],
  evolve: (state, event) => [...state, event.data.amount],
};
const eventTypes = [{ type: 'test.Added', schemaVersion: 1 }];
const actor = { kind: 'system' as const, name: 'cache-test' };

let db: ThrowawayDatabase;
let pool: Pool;
let mine: PostgresEventStore;
let otherProcess: PostgresEventStore;

beforeAll(async () => {
  await testInfrastructure({ require: ['postgres'] });
  db = await createThrowawayPostgresDatabase({ prefix: 'sales_state_cache' });
  pool = new Pool({ connectionString: db.url, max: 4 });
  mine = await PostgresEventStore.create({ pool, eventTypes });
  otherProcess = await PostgresEventStore.create({
    pool: new Pool({ connectionString: db.url, max: 2 }),
    eventTypes,
  });
});
afterAll(async () => {
  await otherProcess?.close();
  await mine?.close();
  await pool?.end();
  await db?.drop();
});

async function append(store: PostgresEventStore, tenantId: string, streamId: string, n: number) {
  const { streamVersion } = await store.readStream(streamId, { tenantId });
  const event = {
    eventId: randomUUID(),
    type: 'test.Added',
    tenantId,
    occurredAt: new Date().toISOString(),
    actor,
    correlationId: 'cache-test',
    causationId: 'cache-test',
    data: { amount: n },
  };
  await store.append(streamId, [event], { expectedVersion: streamVersion });
}

async function replay(tenantId: string, streamId: string) {
  const { events, streamVersion } = await mine.readStream(streamId, { tenantId });
  return {
    state: events.reduce(
      (s, e) => decider.evolve(s, { type: 'test.Added', data: e.data } as Event),
      decider.initialState,
    ),
    version: streamVersion,
  };
}

describe('CachedStateLoader', () => {
  it('always answers what a full replay answers, whoever appended', async () => {
    const loader = new CachedStateLoader({ events: mine, decider, maxEntries: 2, pageSize: 3 });
    const tenants = ['tenant-a', 'tenant-b'];
    // One stream per tenant and team: a stream belongs to the tenant that wrote it first.
    const teams = [randomUUID(), randomUUID()];
    let n = 0;
    for (let round = 0; round < 8; round++) {
      for (const tenantId of tenants) {
        for (const streamId of teams.map((team) => `test.Team-${tenantId}-${team}`)) {
          // Sometimes several events at once (more than a page), sometimes by "another process".
          const count = round % 3 === 0 ? 4 : 1;
          for (let i = 0; i < count; i++)
            await append(round % 2 ? otherProcess : mine, tenantId, streamId, n++);
          expect(await loader.load(streamId, { tenantId })).toEqual(
            await replay(tenantId, streamId),
          );
        }
      }
    }
    expect(n).toBeGreaterThan(40);
  });
});
