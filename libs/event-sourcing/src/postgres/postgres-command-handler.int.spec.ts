// The decider runtime against the real store: concurrent commands on one aggregate all land
// (conflicts are re-decided), and idempotency keys hold under concurrent duplicates.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { systemRuntime } from '../clock';
import { CommandHandler } from '../command-handler';
import type { Decider } from '../decider';
import { ConcurrencyError } from '../errors/event-store-errors';
import { loadStateAt } from '../temporal/load-state-at';
import { PostgresEventStore } from './postgres-event-store';

type Event = { type: 'loyalty.PointsEarned'; data: { points: number } };
const account: Decider<number, { points: number }, Event> = {
  initialState: 0,
  decide: (command) => [{ type: 'loyalty.PointsEarned', data: { points: command.points } }],
  evolve: (balance, event) => balance + event.data.points,
};
const meta = { tenantId: 'tenant-1', actor: { kind: 'system' as const, name: 'test' } };

describe('CommandHandler on PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_handler' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: 'loyalty.PointsEarned', schemaVersion: 1 }],
      poolConfig: { max: 12 },
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('lands every one of 10 concurrent commands on the same aggregate, re-deciding conflicts', async () => {
    const handler = new CommandHandler({
      decider: account,
      store,
      runtime: systemRuntime,
      maxRetries: 20,
    });
    const streamId = `loyalty.Account-${uuidv7()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => handler.handle(streamId, { points: i + 1 }, meta)),
    );
    expect(results.some((r) => r.attempts > 1)).toBe(true);
    const { events } = await store.readStream(streamId);
    expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await expect(
      loadStateAt(store, account, streamId, { globalPosition: Number.MAX_SAFE_INTEGER }),
    ).resolves.toMatchObject({ state: 55 });
  });

  it('surfaces ConcurrencyError when the retry budget is exhausted', async () => {
    const handler = new CommandHandler({
      decider: account,
      store,
      runtime: systemRuntime,
      maxRetries: 0,
    });
    const streamId = `loyalty.Account-${uuidv7()}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => handler.handle(streamId, { points: 1 }, meta)),
    );
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    failed.forEach((o) => expect(o.reason).toBeInstanceOf(ConcurrencyError));
    const { streamVersion } = await store.readStream(streamId);
    expect(streamVersion).toBe(outcomes.length - failed.length);
  });

  it('appends once for concurrent duplicates of a command with one idempotency key', async () => {
    const handler = new CommandHandler({
      decider: account,
      store,
      runtime: systemRuntime,
      maxRetries: 5,
    });
    const streamId = `loyalty.Account-${uuidv7()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        handler.handle(streamId, { points: 7 }, { ...meta, idempotencyKey: 'earn-once' }),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.events[0]?.eventId)).size).toBe(1);
    expect((await store.readStream(streamId)).streamVersion).toBe(1);
  });
});
