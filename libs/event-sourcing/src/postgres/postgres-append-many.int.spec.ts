// appendMany: many streams in one transaction, all or nothing, with the same hash chain, global
// positions and idempotency keys as append (bulk writers such as imports use it).
import { createThrowawayPostgresDatabase, eventually } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { REGISTERED_TYPE, registeredEvent } from '../testing/registered-event';
import { EventIdConflictError, WrongExpectedVersionError } from '../errors/event-store-errors';
import { PostgresEventStore } from './postgres-event-store';

const TYPE = REGISTERED_TYPE;
const registered = registeredEvent;

const stream = (): string => `customers.Customer-${uuidv7()}`;

describe('PostgresEventStore.appendMany', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_append_many' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: TYPE, schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('appends to many streams with contiguous positions, hash chains and idempotency keys', async () => {
    const existing = stream();
    await store.append(existing, [registered('Ada')]);
    const fresh = stream();
    const results = await store.appendMany([
      {
        streamId: fresh,
        events: [registered('Grace'), registered('Edsger')],
        options: { expectedVersion: 'no_stream', idempotency: { key: `k-${fresh}` } },
      },
      { streamId: existing, events: [registered('Barbara')], options: { expectedVersion: 1 } },
    ]);
    expect(results.map((r) => [r.streamId, r.nextExpectedVersion])).toEqual([
      [fresh, 2],
      [existing, 2],
    ]);
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect(positions).toEqual([positions[0]!, positions[0]! + 1, positions[0]! + 2]);
    for (const id of [fresh, existing])
      await expect(store.verifyStream(id)).resolves.toMatchObject({ ok: true, failures: [] });
    const read = await store.readStream(existing);
    expect(read.events.map((e) => e.data)).toEqual([{ name: 'Ada' }, { name: 'Barbara' }]);
    const record = await store.findIdempotencyRecord(`k-${fresh}`);
    expect(record?.events.map((e) => e.eventId)).toEqual(results[0]!.events.map((e) => e.eventId));
    // The global log shows them once every older transaction of the (shared) server has ended.
    const logged = await eventually(async () => {
      const page = await store.readAllPage({ after: positions[0]! - 1, maxCount: 10 });
      return page.events.length >= 3 && page.events.map((e) => e.globalPosition);
    });
    expect(logged).toEqual(positions);
  });

  it('writes nothing when one stream of the batch conflicts', async () => {
    const taken = stream();
    await store.append(taken, [registered('Ada')]);
    const innocent = stream();
    await expect(
      store.appendMany([
        {
          streamId: innocent,
          events: [registered('Grace')],
          options: { expectedVersion: 'no_stream' },
        },
        {
          streamId: taken,
          events: [registered('Edsger')],
          options: { expectedVersion: 'no_stream' },
        },
      ]),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect((await store.readStream(innocent)).events).toEqual([]);
    expect((await store.readStream(taken)).streamVersion).toBe(1);
  });

  it('writes nothing when an event id of the batch is already stored', async () => {
    const first = registered('Ada');
    await store.append(stream(), [first]);
    const innocent = stream();
    await expect(
      store.appendMany([
        { streamId: innocent, events: [registered('Grace')] },
        { streamId: stream(), events: [first] },
      ]),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    expect((await store.readStream(innocent)).events).toEqual([]);
  });
});
