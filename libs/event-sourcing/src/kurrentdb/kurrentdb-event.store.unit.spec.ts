// The adapter's logic against the shared EventStore contract, with an in-process fake of the
// KurrentDB client (no server here). The real-server run is kurrentdb-event.store.int.spec.ts.
import { describeEventStoreContract } from '../testing/event-store.contract';
import { InMemoryKurrentDBClient } from './in-memory-kurrentdb.client';
import { KurrentDBEventStore } from './kurrentdb-event.store';

describeEventStoreContract('KurrentDB adapter on an in-process fake client', async (setup) => {
  const client = new InMemoryKurrentDBClient();
  const store = new KurrentDBEventStore({
    client: client.asClient(),
    eventTypes: setup.eventTypes,
    upcasters: setup.upcasters,
    maxEventBytes: setup.maxEventBytes,
  });
  return { store, dispose: () => store.close() };
});

describe('KurrentDB adapter specifics (fake client)', () => {
  const eventTypes = [{ type: 'contract.ThingHappened', schemaVersion: 1 }];
  const event = (tenantId = 't1', data: unknown = { n: 1 }) => ({
    eventId: crypto.randomUUID(),
    type: 'contract.ThingHappened',
    tenantId,
    occurredAt: '2025-03-01T10:00:00.000Z',
    actor: { kind: 'system' as const, name: 'test' },
    correlationId: 'c',
    causationId: 'c',
    data,
  });

  function setup() {
    const client = new InMemoryKurrentDBClient();
    return { client, store: new KurrentDBEventStore({ client: client.asClient(), eventTypes }) };
  }

  it('retries concurrent appends with expected version any at the revision it read (the hash chain never forks)', async () => {
    const { client, store } = setup();
    await Promise.all(Array.from({ length: 6 }, () => store.append('contract.Thing-1', [event()])));
    expect(client.conflicts).toBeGreaterThan(0);
    await expect(store.verifyStream('contract.Thing-1')).resolves.toMatchObject({
      ok: true,
      checkedEvents: 6,
    });
  });

  it('refuses to read a platform stream that another application wrote into', async () => {
    const { client, store } = setup();
    await store.append('contract.Thing-1', [event()]);
    await client.appendForeign('contract.Thing-1');
    await expect(store.readStream('contract.Thing-1')).rejects.toThrow(
      /not written by this platform/,
    );
  });

  it('skips foreign streams in the global log', async () => {
    const { client, store } = setup();
    await client.appendForeign('orders-1');
    await store.append('contract.Thing-1', [event()]);
    const all = [];
    for await (const e of store.readAll()) all.push(e.streamId);
    expect(all).toEqual(['contract.Thing-1']);
  });

  it('resubscribes from its checkpoint after a dropped connection, without loss or duplicates', async () => {
    const { client, store } = setup();
    const received: string[] = [];
    const subscription = store.subscribeToAll(
      (events) => void received.push(...events.map((e) => e.eventId)),
      { batchSize: 2 },
    );
    const written: string[] = [];
    for (let i = 0; i < 5; i++)
      written.push(
        ...(await store.append('contract.Thing-1', [event()])).events.map((e) => e.eventId),
      );
    await waitFor(() => received.length === 5);
    client.dropSubscriptions();
    for (let i = 0; i < 5; i++)
      written.push(
        ...(await store.append('contract.Thing-2', [event()])).events.map((e) => e.eventId),
      );
    await waitFor(() => received.length >= 10);
    await subscription.stop();
    expect(received).toEqual(written);
  });
});

async function waitFor(condition: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
