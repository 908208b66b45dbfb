import fc from 'fast-check';
import type { Decider, DomainEvent } from '../decider';
import type { EventEnvelope } from '../envelope';
import type {
  AppendResult,
  EventStore,
  ReadStreamOptions,
  ReadStreamResult,
  StreamMetadata,
} from '../event-store';
import { AggregateSnapshotter, type AggregateSnapshotterOptions } from './aggregate-snapshotter';
import { InMemorySnapshotStore } from './in-memory-snapshot.store';
import { crossesSnapshotInterval } from './snapshot-interval';

// A decider whose state depends on event order, so an off-by-one in the tail shows up.
type Ev =
  | DomainEvent<'test.Added', { amount: number }>
  | DomainEvent<'test.Renamed', { name: string }>
  | DomainEvent<'test.Reset', Record<string, never>>;
interface St {
  total: number;
  count: number;
  names: string[];
}
const decider: Decider<St, never, Ev> = {
  initialState: { total: 0, count: 0, names: [] },
  decide: () => [],
  evolve: (s, e) => {
    switch (e.type) {
      case 'test.Added':
        return { ...s, total: s.total * 2 + e.data.amount, count: s.count + 1 };
      case 'test.Renamed':
        return { ...s, names: [...s.names.slice(-2), e.data.name], count: s.count + 1 };
      case 'test.Reset':
        return { ...s, total: 0, count: s.count + 1 };
      default: {
        const never: never = e;
        return never;
      }
    }
  },
};
const fullReplay = (events: readonly Ev[]): St =>
  events.reduce(decider.evolve, decider.initialState);

const eventArb: fc.Arbitrary<Ev> = fc.oneof(
  fc
    .integer({ min: -1000, max: 1000 })
    .map((amount) => ({ type: 'test.Added' as const, data: { amount } })),
  fc.string({ maxLength: 5 }).map((name) => ({ type: 'test.Renamed' as const, data: { name } })),
  fc.constant({ type: 'test.Reset' as const, data: {} }),
);

/** Just enough of an event store for the snapshotter: streams, versions, metadata. */
class FakeStreams implements Pick<EventStore, 'readStream' | 'getStreamMetadata'> {
  readonly streams = new Map<string, EventEnvelope[]>();
  readonly metadata = new Map<string, Partial<StreamMetadata>>();
  reads: ReadStreamOptions[] = [];

  append(streamId: string, events: readonly Ev[], tenantId = 't1'): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    const appended = events.map((e, i): EventEnvelope => ({
      eventId: `00000000-0000-4000-8000-${String(stream.length + i + 1).padStart(12, '0')}`,
      type: e.type,
      schemaVersion: 1,
      streamId,
      streamVersion: stream.length + i + 1,
      globalPosition: 0,
      tenantId,
      occurredAt: '2025-01-01T00:00:00.000Z',
      actor: { kind: 'system', name: 'test' },
      correlationId: 'c',
      causationId: 'c',
      data: e.data,
      hash: '',
      previousHash: null,
    }));
    stream.push(...appended);
    this.streams.set(streamId, stream);
    return { streamId, events: appended, nextExpectedVersion: stream.length, replayed: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.reads.push(options);
    const stream = this.streams.get(streamId) ?? [];
    const from = options.fromVersion ?? 1;
    const events = stream
      .filter((e) => e.streamVersion >= from)
      .slice(0, options.maxCount ?? Infinity);
    return { streamId, events, streamVersion: stream.length };
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    const stream = this.streams.get(streamId);
    if (!stream) return null;
    return {
      streamId,
      tenantId: stream[0]?.tenantId ?? 't1',
      version: stream.length,
      truncateBefore: 0,
      softDeleted: false,
      tombstoned: false,
      maxAgeSeconds: null,
      ...this.metadata.get(streamId),
    };
  }
}

const STREAM = 'test.Counter-1';
const ctx = { tenantId: 't1' };

function setup(overrides: Partial<AggregateSnapshotterOptions<St, Ev>> = {}) {
  const events = new FakeStreams();
  const snapshots = new InMemorySnapshotStore();
  const errors: string[] = [];
  const snapshotter = new AggregateSnapshotter<St, Ev>({
    events,
    snapshots,
    decider,
    stateSchemaVersion: 'counter-1',
    everyNEvents: 3,
    onError: (_e, c) => errors.push(c.phase),
    ...overrides,
  });
  const append = async (batch: readonly Ev[]): Promise<void> => {
    snapshotter.afterAppend(STREAM, events.append(STREAM, batch));
    await snapshotter.whenIdle();
  };
  return { events, snapshots, snapshotter, errors, append };
}

describe('AggregateSnapshotter', () => {
  it('snapshot + tail equals full replay for random event sequences, batches and intervals (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(eventArb, { minLength: 1, maxLength: 7 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        async (batches, everyNEvents, pageSize) => {
          const { snapshotter, append, errors } = setup({ everyNEvents, pageSize });
          for (const batch of batches) await append(batch);
          const all = batches.flat();

          const loaded = await snapshotter.load(STREAM, ctx);

          expect(loaded.state).toEqual(fullReplay(all));
          expect(loaded.version).toBe(all.length);
          // The property is only meaningful if snapshots were really used.
          if (all.length >= everyNEvents) expect(loaded.fromSnapshotVersion).toBeGreaterThan(0);
          else expect(loaded.fromSnapshotVersion).toBe(0);
          expect(errors).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writes a snapshot when an append crosses the interval and reads only the tail after it', async () => {
    const { append, snapshots, snapshotter, events } = setup();
    await append([
      { type: 'test.Added', data: { amount: 1 } },
      { type: 'test.Added', data: { amount: 2 } },
    ]);
    expect(snapshots.all()).toEqual([]);
    await append([
      { type: 'test.Added', data: { amount: 3 } },
      { type: 'test.Reset', data: {} },
    ]);
    expect(snapshots.all()).toEqual([
      expect.objectContaining({
        streamId: STREAM,
        tenantId: 't1',
        streamVersion: 4,
        stateSchemaVersion: 'counter-1',
      }),
    ]);

    events.reads = [];
    const loaded = await snapshotter.load(STREAM, ctx);
    expect(loaded).toMatchObject({ version: 4, fromSnapshotVersion: 4 });
    expect(events.reads).toEqual([expect.objectContaining({ fromVersion: 5, tenantId: 't1' })]);
  });

  it('ignores snapshots of another state-schema version (a changed evolve)', async () => {
    const { append, snapshots, events } = setup();
    const history: Ev[] = [1, 2, 3, 4].map((amount) => ({ type: 'test.Added', data: { amount } }));
    await append(history);
    expect(snapshots.all()).toHaveLength(1);

    // v2 of the aggregate counts differently: a v1 snapshot would give the wrong state.
    const v2: Decider<St, never, Ev> = {
      ...decider,
      evolve: (s, e) => ({ ...decider.evolve(s, e), count: s.count + 10 }),
    };
    const loaded = await new AggregateSnapshotter<St, Ev>({
      events,
      snapshots,
      decider: v2,
      stateSchemaVersion: 'counter-2',
      everyNEvents: 3,
    }).load(STREAM, ctx);

    expect(loaded.fromSnapshotVersion).toBe(0);
    expect(loaded.state).toEqual(history.reduce(v2.evolve, v2.initialState));
  });

  it.each([
    ['soft-deleted', { softDeleted: true, truncateBefore: 5 }],
    ['truncated', { truncateBefore: 3 }],
    ['owned by another tenant', { tenantId: 't2' }],
    ['subject to max age', { maxAgeSeconds: 60 }],
  ])('falls back to a full replay when the stream is %s', async (_label, metadata) => {
    const { append, events, snapshotter } = setup();
    await append([1, 2, 3].map((amount) => ({ type: 'test.Added', data: { amount } })));
    events.metadata.set(STREAM, metadata);
    expect((await snapshotter.load(STREAM, ctx)).fromSnapshotVersion).toBe(0);
  });

  it('never fails because of the snapshot store: save and load errors are reported, state still correct', async () => {
    const { append, snapshots, snapshotter, errors } = setup();
    jest.spyOn(snapshots, 'save').mockRejectedValue(new Error('disk full'));
    const history: Ev[] = [1, 2, 3, 4].map((amount) => ({ type: 'test.Added', data: { amount } }));
    await append(history);
    jest.spyOn(snapshots, 'load').mockRejectedValue(new Error('connection reset'));

    expect((await snapshotter.load(STREAM, ctx)).state).toEqual(fullReplay(history));
    expect(errors).toEqual(['save', 'load']);
  });

  it('refuses to snapshot a state that is not plain JSON instead of storing a lossy copy', async () => {
    type DatedState = { at: Date | null };
    const dated: Decider<DatedState, never, Ev> = {
      initialState: { at: null },
      decide: () => [],
      evolve: () => ({ at: new Date(0) }),
    };
    const events = new FakeStreams();
    const snapshots = new InMemorySnapshotStore();
    const errors: unknown[] = [];
    const snapshotter = new AggregateSnapshotter<DatedState, Ev>({
      events,
      snapshots,
      decider: dated,
      stateSchemaVersion: 'dated-1',
      everyNEvents: 1,
      onError: (e) => errors.push(e),
    });
    snapshotter.afterAppend(STREAM, events.append(STREAM, [{ type: 'test.Reset', data: {} }]));
    await snapshotter.whenIdle();

    expect(snapshots.all()).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ code: 'SNAPSHOT_STATE_NOT_JSON' })]);
  });

  it('rejects an invalid configuration at construction', () => {
    expect(() => setup({ everyNEvents: 0 })).toThrow(RangeError);
    expect(() => setup({ stateSchemaVersion: '' })).toThrow(RangeError);
  });
});

describe('crossesSnapshotInterval', () => {
  it.each([
    [0, 1, 3, false],
    [2, 3, 3, true],
    [2, 7, 3, true],
    [3, 5, 3, false],
    [5, 6, 3, true],
    [0, 1, 1, true],
  ])('%i → %i with N=%i: %s', (from, to, n, expected) => {
    expect(crossesSnapshotInterval(from, to, n)).toBe(expected);
  });
});
