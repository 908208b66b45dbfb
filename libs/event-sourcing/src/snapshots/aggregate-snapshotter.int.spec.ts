// Snapshots against the real PostgreSQL: the PostgreSQL event store, the PostgreSQL snapshot
// store and the command handler wired as a service would wire them.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Pool } from 'pg';
import {
  createThrowawayPostgresDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import { loadAggregate } from '../aggregate-loader';
import { systemRuntime } from '../clock';
import { CommandHandler } from '../command-handler';
import type { Decider, DomainEvent } from '../decider';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { AggregateSnapshotter } from './aggregate-snapshotter';
import { PostgresSnapshotStore } from './postgres-snapshot.store';
import { describeSnapshotStoreContract } from './snapshot.store.contract';
import { SNAPSHOTS_TABLE, migrateSnapshotSchema } from './snapshot.migration';

type Command =
  { type: 'Add'; amount: number } | { type: 'Rename'; name: string } | { type: 'Reset' };
type Event =
  | DomainEvent<'test.Added', { amount: number }>
  | DomainEvent<'test.Renamed', { name: string }>
  | DomainEvent<'test.ResetDone', Record<string, never>>;
interface State {
  total: number;
  count: number;
  names: string[];
}

const decider: Decider<State, Command, Event> = {
  initialState: { total: 0, count: 0, names: [] },
  decide: (command) => {
    switch (command.type) {
      case 'Add':
        return [{ type: 'test.Added', data: { amount: command.amount } }];
      case 'Rename':
        return [{ type: 'test.Renamed', data: { name: command.name } }];
      case 'Reset':
        return [{ type: 'test.ResetDone', data: {} }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
  evolve: (s, e) => {
    switch (e.type) {
      case 'test.Added':
        return { ...s, total: s.total * 3 + e.data.amount, count: s.count + 1 };
      case 'test.Renamed':
        return { ...s, names: [...s.names.slice(-2), e.data.name], count: s.count + 1 };
      case 'test.ResetDone':
        return { ...s, total: 0, count: s.count + 1 };
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.integer({ min: -50, max: 50 }).map((amount) => ({ type: 'Add' as const, amount })),
  fc.string({ maxLength: 6 }).map((name) => ({ type: 'Rename' as const, name })),
  fc.constant({ type: 'Reset' as const }),
);

const metadata = {
  tenantId: 'tenant-snap',
  actor: { kind: 'system' as const, name: 'snapshot-test' },
};

let db: ThrowawayDatabase;
let pool: Pool;
let events: PostgresEventStore;
let snapshots: PostgresSnapshotStore;
/** Snapshot failures are swallowed by design; the tests below assert there were none. */
const snapshotErrors: unknown[] = [];

beforeAll(async () => {
  await testInfrastructure({ require: ['postgres'] }); // fails loudly when PostgreSQL is down
  db = await createThrowawayPostgresDatabase({ prefix: 'snap' });
  pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // an idle client killed by a server restart must not crash jest
  await Promise.all([migrateSnapshotSchema(pool), migrateSnapshotSchema(pool)]);
  events = await PostgresEventStore.create({
    pool,
    eventTypes: ['test.Added', 'test.Renamed', 'test.ResetDone'].map((type) => ({
      type,
      schemaVersion: 1,
    })),
  });
  snapshots = new PostgresSnapshotStore(pool);
});

afterAll(async () => {
  await events?.close();
  await pool?.end();
  await db?.drop();
});

function wire(everyNEvents: number, stateSchemaVersion = 'counter-1') {
  const snapshotter = new AggregateSnapshotter<State, Event>({
    events,
    snapshots,
    decider,
    stateSchemaVersion,
    everyNEvents,
    onError: (error) => snapshotErrors.push(error),
  });
  const handler = new CommandHandler<State, Command, Event>({
    decider,
    store: snapshotter.observe(events),
    loadState: snapshotter.loadState,
    runtime: systemRuntime,
  });
  return { snapshotter, handler };
}

describeSnapshotStoreContract('PostgreSQL', async () => ({
  store: snapshots,
  prefix: `test.Thing-${randomUUID()}-`,
}));

describe('snapshots with the PostgreSQL event store and the command handler', () => {
  it('snapshot + tail equals full replay for random command sequences (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(commandArb, { maxLength: 25 }),
        fc.integer({ min: 1, max: 7 }),
        async (commands, everyNEvents) => {
          const streamId = `test.Counter-${randomUUID()}`;
          const { snapshotter, handler } = wire(everyNEvents);
          for (const command of commands) await handler.handle(streamId, command, metadata);
          await snapshotter.whenIdle();

          const fromSnapshot = await snapshotter.load(streamId, metadata);
          const replayed = await loadAggregate(events, decider, streamId, {
            tenantId: metadata.tenantId,
          });

          expect(fromSnapshot.state).toEqual(replayed.state);
          expect(fromSnapshot.version).toBe(replayed.version);
          if (commands.length >= everyNEvents)
            expect(fromSnapshot.fromSnapshotVersion).toBeGreaterThan(0);
          expect(snapshotErrors).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);

  it('a new state-schema version ignores old snapshots and writes its own', async () => {
    const streamId = `test.Counter-${randomUUID()}`;
    const v1 = wire(2, 'counter-1');
    for (const amount of [1, 2, 3])
      await v1.handler.handle(streamId, { type: 'Add', amount }, metadata);
    await v1.snapshotter.whenIdle();

    const v2 = wire(2, 'counter-2');
    expect((await v2.snapshotter.load(streamId, metadata)).fromSnapshotVersion).toBe(0);
    await v2.handler.handle(streamId, { type: 'Reset' }, metadata);
    await v2.snapshotter.whenIdle();

    const { rows } = await pool.query(
      `SELECT state_schema_version, stream_version FROM ${SNAPSHOTS_TABLE} WHERE stream_id = $1 ORDER BY 1`,
      [streamId],
    );
    expect(rows).toEqual([
      { state_schema_version: 'counter-1', stream_version: '2' },
      { state_schema_version: 'counter-2', stream_version: '4' },
    ]);
  });

  it('a soft-deleted stream is not resurrected from its snapshot', async () => {
    const streamId = `test.Counter-${randomUUID()}`;
    const { snapshotter, handler } = wire(2);
    for (const amount of [5, 6]) await handler.handle(streamId, { type: 'Add', amount }, metadata);
    await snapshotter.whenIdle();
    await events.deleteStream(streamId);

    const loaded = await snapshotter.load(streamId, metadata);
    expect(loaded).toMatchObject({ state: decider.initialState, fromSnapshotVersion: 0 });
  });

  it('a failing snapshot store never fails a command', async () => {
    const streamId = `test.Counter-${randomUUID()}`;
    const broken = new AggregateSnapshotter<State, Event>({
      events,
      snapshots: {
        load: () => Promise.reject(new Error('snapshot table gone')),
        save: () => Promise.reject(new Error('snapshot table gone')),
        delete: () => Promise.reject(new Error('snapshot table gone')),
        pruneSchemaVersions: () => Promise.reject(new Error('snapshot table gone')),
      },
      decider,
      stateSchemaVersion: 'counter-1',
      everyNEvents: 1,
      onError: () => undefined,
    });
    const handler = new CommandHandler<State, Command, Event>({
      decider,
      store: broken.observe(events),
      loadState: broken.loadState,
      runtime: systemRuntime,
    });
    for (const amount of [1, 2, 3])
      await handler.handle(streamId, { type: 'Add', amount }, metadata);
    await broken.whenIdle();
    expect((await broken.load(streamId, metadata)).state.total).toBe(((0 * 3 + 1) * 3 + 2) * 3 + 3);
  });
});
