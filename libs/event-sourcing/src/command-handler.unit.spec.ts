// The decider runtime: load → decide → append, retries on version conflicts, idempotency keys,
// injected clock and ids, pluggable state loading.
import type { NewEvent } from './envelope';
import type { Decider } from './decider';
import { CommandHandler } from './command-handler';
import {
  ConcurrencyError,
  IdempotencyKeyReusedError,
  WrongExpectedVersionError,
} from './errors/event-store-errors';
import type { AppendOptions, EventStore } from './event-store';
import { InMemoryEventStore } from './in-memory/in-memory-event-store';

// A tiny counter aggregate.
type Event =
  | { type: 'counters.CounterOpened'; data: { limit: number } }
  | { type: 'counters.CounterIncremented'; data: { by: number; at: string } };
type Command =
  | { type: 'Open'; limit: number }
  | { type: 'Increment'; by: number; at: string }
  | { type: 'Noop' };
type State = { status: 'None' } | { status: 'Open'; limit: number; value: number };

class LimitExceededError extends Error {}

const counter: Decider<State, Command, Event> = {
  initialState: { status: 'None' },
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        return state.status === 'None'
          ? [{ type: 'counters.CounterOpened', data: { limit: command.limit } }]
          : [];
      case 'Increment':
        if (state.status !== 'Open') throw new Error('not open');
        if (state.value + command.by > state.limit) throw new LimitExceededError();
        return [{ type: 'counters.CounterIncremented', data: { by: command.by, at: command.at } }];
      case 'Noop':
        return [];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'counters.CounterOpened':
        return { status: 'Open', limit: event.data.limit, value: 0 };
      case 'counters.CounterIncremented':
        return state.status === 'Open' ? { ...state, value: state.value + event.data.by } : state;
    }
  },
};

const eventTypes = [
  { type: 'counters.CounterOpened', schemaVersion: 1 },
  { type: 'counters.CounterIncremented', schemaVersion: 1 },
];
const meta = {
  tenantId: 'tenant-1',
  actor: { kind: 'user' as const, userId: 'u-1', roles: ['admin'] },
};
const STREAM = 'counters.Counter-1';

function deterministicRuntime(): { now(): Date; newId(): string } {
  let n = 0;
  return {
    now: () => new Date('2025-05-05T05:05:05.005Z'),
    newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  };
}

/** Lets a "concurrent writer" append right before the handler's next N appends. */
function racingStore(inner: EventStore, races: number): EventStore & { appends: number } {
  let remaining = races;
  const wrapper = Object.create(inner) as EventStore & { appends: number };
  wrapper.appends = 0;
  wrapper.append = async (
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ) => {
    wrapper.appends += 1;
    if (remaining > 0 && events.length > 0) {
      remaining -= 1;
      await inner.append(streamId, [
        {
          ...events[0]!,
          eventId: crypto.randomUUID(),
          type: 'counters.CounterIncremented',
          data: { by: 1, at: 'race' },
        },
      ]);
    }
    return inner.append(streamId, events, options);
  };
  return wrapper;
}

/** Counts the handler's reads of the store. */
function countingReads(inner: EventStore): EventStore & { reads: number } {
  const wrapper = Object.create(inner) as EventStore & { reads: number };
  wrapper.reads = 0;
  wrapper.readStream = (streamId, options) => {
    wrapper.reads += 1;
    return inner.readStream(streamId, options);
  };
  return wrapper;
}

describe('CommandHandler', () => {
  let store: InMemoryEventStore;
  let runtime: ReturnType<typeof deterministicRuntime>;
  beforeEach(() => {
    store = new InMemoryEventStore({ eventTypes });
    runtime = deterministicRuntime();
  });
  const handler = (s: EventStore = store, maxRetries?: number) =>
    new CommandHandler({
      decider: counter,
      store: s,
      runtime,
      ...(maxRetries !== undefined ? { maxRetries } : {}),
    });

  it('decides on the folded state and appends with envelope fields from the injected clock and ids', async () => {
    const h = handler();
    await h.handle(
      STREAM,
      { type: 'Open', limit: 10 },
      { ...meta, commandId: 'cmd-1', correlationId: 'req-1' },
    );
    const result = await h.handle(STREAM, { type: 'Increment', by: 3, at: 'x' }, meta);
    expect(result).toMatchObject({
      streamId: STREAM,
      nextExpectedVersion: 2,
      replayed: false,
      attempts: 1,
    });
    const { events } = await store.readStream(STREAM);
    expect(events[0]).toMatchObject({
      type: 'counters.CounterOpened',
      eventId: '00000000-0000-7000-8000-000000000001',
      occurredAt: '2025-05-05T05:05:05.005Z',
      causationId: 'cmd-1',
      correlationId: 'req-1',
      tenantId: 'tenant-1',
      actor: meta.actor,
    });
    // Without a command id the causation id is generated, and the correlation id defaults to it.
    expect(events[1]).toMatchObject({
      causationId: '00000000-0000-7000-8000-000000000002',
      correlationId: '00000000-0000-7000-8000-000000000002',
    });
  });

  it('propagates domain errors unchanged and appends nothing', async () => {
    const h = handler();
    await h.handle(STREAM, { type: 'Open', limit: 1 }, meta);
    await expect(
      h.handle(STREAM, { type: 'Increment', by: 2, at: 'x' }, meta),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect((await store.readStream(STREAM)).streamVersion).toBe(1);
  });

  it('does not append when the decider decides nothing', async () => {
    const s = racingStore(store, 0);
    await expect(handler(s).handle(STREAM, { type: 'Noop' }, meta)).resolves.toMatchObject({
      events: [],
      nextExpectedVersion: 0,
    });
    expect(s.appends).toBe(0);
  });

  it('re-reads and re-decides after a version conflict', async () => {
    await handler().handle(STREAM, { type: 'Open', limit: 10 }, meta);
    const s = racingStore(store, 2);
    const result = await handler(s, 3).handle(STREAM, { type: 'Increment', by: 5, at: 'x' }, meta);
    expect(result.attempts).toBe(3);
    const { events } = await store.readStream(STREAM);
    expect(events.map((e) => (e.data as { at?: string }).at ?? 'open')).toEqual([
      'open',
      'race',
      'race',
      'x',
    ]);
  });

  it('re-decides against the new state: a conflict can turn into a domain error', async () => {
    await handler().handle(STREAM, { type: 'Open', limit: 5 }, meta);
    const s = racingStore(store, 1); // the racer adds 1: 1 + 5 > 5
    await expect(
      handler(s).handle(STREAM, { type: 'Increment', by: 5, at: 'x' }, meta),
    ).rejects.toBeInstanceOf(LimitExceededError);
  });

  it('gives up with ConcurrencyError after maxRetries re-decisions', async () => {
    await handler().handle(STREAM, { type: 'Open', limit: 100 }, meta);
    const s = racingStore(store, 10);
    const error: unknown = await handler(s, 2)
      .handle(STREAM, { type: 'Increment', by: 1, at: 'x' }, meta)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: STREAM, attempts: 3 });
    expect((error as Error).cause).toBeInstanceOf(WrongExpectedVersionError);
    expect(s.appends).toBe(3);
  });

  it('refuses a negative retry budget', () => {
    expect(() => handler(store, -1)).toThrow(RangeError);
  });

  describe('idempotency keys', () => {
    it('returns the original events for a retried command and appends nothing', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      const first = await h.handle(
        STREAM,
        { type: 'Increment', by: 4, at: 'x' },
        { ...meta, idempotencyKey: 'k-1' },
      );
      const retry = await h.handle(
        STREAM,
        { type: 'Increment', by: 4, at: 'x' },
        { ...meta, idempotencyKey: 'k-1' },
      );
      expect(retry.replayed).toBe(true);
      expect(retry.events).toEqual(first.events);
      expect((await store.readStream(STREAM)).streamVersion).toBe(2);
    });

    it('replays even when deciding again would now fail', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 4 }, meta);
      await h.handle(
        STREAM,
        { type: 'Increment', by: 4, at: 'x' },
        { ...meta, idempotencyKey: 'k-full' },
      );
      await expect(
        h.handle(
          STREAM,
          { type: 'Increment', by: 4, at: 'x' },
          { ...meta, idempotencyKey: 'k-full' },
        ),
      ).resolves.toMatchObject({
        replayed: true,
      });
    });

    it('remembers commands that decided nothing', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 4 }, meta);
      await expect(
        h.handle(STREAM, { type: 'Open', limit: 4 }, { ...meta, idempotencyKey: 'k-open' }),
      ).resolves.toMatchObject({ events: [] });
      await expect(store.findIdempotencyRecord('tenant-1/k-open')).resolves.toMatchObject({
        events: [],
      });
    });

    it('refuses a key reused for a different command', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      await h.handle(
        STREAM,
        { type: 'Increment', by: 1, at: 'x' },
        { ...meta, idempotencyKey: 'k-2' },
      );
      await expect(
        h.handle(STREAM, { type: 'Increment', by: 2, at: 'x' }, { ...meta, idempotencyKey: 'k-2' }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    });

    it('scopes keys per tenant', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 10 }, { ...meta, idempotencyKey: 'same' });
      const other = await h.handle(
        'counters.Counter-2',
        { type: 'Open', limit: 10 },
        { ...meta, tenantId: 'tenant-2', idempotencyKey: 'same' },
      );
      expect(other.replayed).toBe(false);
    });

    it('answers a duplicate that raced the original with the original result', async () => {
      const h = handler();
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          h.handle(
            STREAM,
            { type: 'Increment', by: 1, at: 'x' },
            { ...meta, idempotencyKey: 'k-race' },
          ),
        ),
      );
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.events[0]?.eventId)).size).toBe(1);
      expect((await store.readStream(STREAM)).streamVersion).toBe(2);
    });
  });

  it('loads state through a pluggable loader (e.g. snapshots)', async () => {
    await handler().handle(STREAM, { type: 'Open', limit: 10 }, meta);
    const loads: string[] = [];
    const h = new CommandHandler({
      decider: counter,
      store,
      runtime,
      loadState: async (streamId, context) => {
        loads.push(`${streamId}@${context.tenantId}`);
        return { state: { status: 'Open' as const, limit: 10, value: 9 }, version: 1 };
      },
    });
    await expect(
      h.handle(STREAM, { type: 'Increment', by: 2, at: 'x' }, meta),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect(loads).toEqual([`${STREAM}@tenant-1`]);
  });

  it('prepareNew builds the append handle makes for a new stream, without touching the store', async () => {
    const metadata = { ...meta, commandId: 'cmd-1', idempotencyKey: 'k-1' };
    const prepared = handler().prepareNew(STREAM, { type: 'Open', limit: 3 }, metadata);
    expect(await store.readStream(STREAM)).toMatchObject({ events: [] });
    runtime = deterministicRuntime();
    const handled = await handler().handle(STREAM, { type: 'Open', limit: 3 }, metadata);
    const key = await store.findIdempotencyRecord('tenant-1/k-1');
    expect(prepared).toEqual({
      streamId: STREAM,
      events: handled.events.map(
        ({
          globalPosition: _p,
          streamId: _s,
          streamVersion: _v,
          schemaVersion: _sv,
          hash: _h,
          previousHash: _ph,
          ...e
        }) => e,
      ),
      options: {
        expectedVersion: 'no_stream',
        idempotency: { key: 'tenant-1/k-1', fingerprint: key!.fingerprint },
      },
    });
  });

  it('prepareNew decides nothing to append as undefined and lets decider errors through', () => {
    expect(handler().prepareNew(STREAM, { type: 'Noop' }, meta)).toBeUndefined();
    expect(() => handler().prepareNew(STREAM, { type: 'Increment', by: 1, at: 'x' }, meta)).toThrow(
      'not open',
    );
  });

  describe('recent states (ADR 0350)', () => {
    const remembering = (s: EventStore, maxStreams = 10) =>
      new CommandHandler({ decider: counter, store: s, runtime, recentStates: { maxStreams } });

    it('decides the next command on a stream on the state the last one left, without a read', async () => {
      const counted = countingReads(store);
      const h = remembering(counted);
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      const readsAfterOpen = counted.reads;
      for (let i = 0; i < 3; i++)
        await h.handle(STREAM, { type: 'Increment', by: 2, at: `${i}` }, meta);
      expect(counted.reads).toBe(readsAfterOpen);
      await expect(
        h.handle(STREAM, { type: 'Increment', by: 5, at: 'over' }, meta),
      ).rejects.toThrow(LimitExceededError);
      const { events } = await store.readStream(STREAM);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
    });

    it('catches a write by another process through the expected version, then re-reads', async () => {
      const h = remembering(store);
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      await h.handle(STREAM, { type: 'Increment', by: 1, at: 'a' }, meta);
      // Another replica appends behind this handler's back.
      await handler().handle(STREAM, { type: 'Increment', by: 4, at: 'elsewhere' }, meta);
      const result = await h.handle(STREAM, { type: 'Increment', by: 5, at: 'b' }, meta);
      expect(result).toMatchObject({ nextExpectedVersion: 4, attempts: 2 });
      // The remembered state now includes the other replica's write: 1 + 4 + 5 = 10, at the limit.
      await expect(h.handle(STREAM, { type: 'Increment', by: 1, at: 'c' }, meta)).rejects.toThrow(
        LimitExceededError,
      );
    });

    it('decides a refusal again on the stream as read: another process may have made it valid', async () => {
      const counted = countingReads(store);
      const h = remembering(counted);
      // Remembered as "no counter" (a no-op Noop on a fresh read)...
      await h.handle(STREAM, { type: 'Noop' }, meta);
      // ...then another replica opens it.
      await handler().handle(STREAM, { type: 'Open', limit: 10 }, meta);
      const reads = counted.reads;
      const result = await h.handle(STREAM, { type: 'Increment', by: 1, at: 'x' }, meta);
      expect(result).toMatchObject({ nextExpectedVersion: 2, attempts: 1 });
      expect(counted.reads).toBe(reads + 1);
    });

    it('keeps states per tenant and forgets the least recently used stream beyond its bound', async () => {
      const counted = countingReads(store);
      const h = remembering(counted, 1);
      await h.handle('counters.Counter-a', { type: 'Open', limit: 10 }, meta);
      await h.handle('counters.Counter-b', { type: 'Open', limit: 10 }, meta);
      const reads = counted.reads;
      await h.handle('counters.Counter-a', { type: 'Increment', by: 1, at: 'x' }, meta);
      expect(counted.reads).toBe(reads + 1); // a was forgotten when b came
      await h.handle('counters.Counter-a', { type: 'Increment', by: 1, at: 'y' }, meta);
      expect(counted.reads).toBe(reads + 1);
      // Another tenant never sees tenant-1's remembered state.
      await expect(
        h.handle(
          'counters.Counter-a',
          { type: 'Increment', by: 1, at: 'z' },
          { ...meta, tenantId: 'tenant-2' },
        ),
      ).rejects.toThrow();
    });

    it('forgets a stream whose command was answered from its idempotency record', async () => {
      const counted = countingReads(store);
      const h = remembering(counted);
      await h.handle(STREAM, { type: 'Open', limit: 10 }, meta);
      await h.handle(
        STREAM,
        { type: 'Increment', by: 1, at: 'k' },
        { ...meta, idempotencyKey: 'k-1' },
      );
      await h.handle(
        STREAM,
        { type: 'Increment', by: 1, at: 'k' },
        { ...meta, idempotencyKey: 'k-1' },
      );
      const { events } = await store.readStream(STREAM);
      expect(events).toHaveLength(2);
    });

    it('refuses a bound that is not a positive integer', () => {
      expect(() => remembering(store, 0)).toThrow(RangeError);
    });
  });

  describe('new streams (ADR 0355)', () => {
    it('creates a stream without reading it, expecting "no stream"', async () => {
      const counted = countingReads(store);
      const result = await handler(counted).handle(STREAM, { type: 'Open', limit: 3 }, meta, {
        newStream: true,
      });
      expect(counted.reads).toBe(0);
      expect(result).toMatchObject({ nextExpectedVersion: 1, attempts: 1 });
      expect((await store.readStream(STREAM)).events.map((e) => e.type)).toEqual([
        'counters.CounterOpened',
      ]);
    });

    it('decides again on the stream as read when it exists after all', async () => {
      await handler().handle(STREAM, { type: 'Open', limit: 3 }, meta);
      await handler().handle(STREAM, { type: 'Increment', by: 1, at: 'a' }, meta);
      const counted = countingReads(store);
      // Decided on the initial state, Open would append: the store refuses, the read shows the
      // counter open, and Open then decides nothing.
      const result = await handler(counted).handle(STREAM, { type: 'Open', limit: 9 }, meta, {
        newStream: true,
      });
      expect(result).toMatchObject({ events: [], nextExpectedVersion: 2, attempts: 2 });
      expect(counted.reads).toBe(1);
      expect((await store.readStream(STREAM)).events).toHaveLength(2);
    });

    it('decides a refusal or a no-op again on a read before answering it', async () => {
      await handler().handle(STREAM, { type: 'Open', limit: 3 }, meta);
      const counted = countingReads(store);
      // On the initial state Increment is refused ("not open"); on the stream as read it is valid.
      const result = await handler(counted).handle(
        STREAM,
        { type: 'Increment', by: 1, at: 'a' },
        meta,
        { newStream: true },
      );
      expect(result).toMatchObject({ nextExpectedVersion: 2, attempts: 1 });
      expect(counted.reads).toBe(1);
      const noop = await handler(counted).handle(STREAM, { type: 'Noop' }, meta, {
        newStream: true,
      });
      expect(noop).toMatchObject({ events: [], nextExpectedVersion: 2 });
    });
  });
});
