import { AppliedPositionWatcher, StaleReadError } from './applied-position-watcher';

/** A checkpoint the test moves by hand, counting how often it is read. */
function checkpointSource(initial = 0) {
  const state = { checkpoint: initial, reads: 0, failWith: undefined as Error | undefined };
  const read = async (projection: string): Promise<number> => {
    expect(projection).toBe('customer-360');
    state.reads += 1;
    if (state.failWith) throw state.failWith;
    return state.checkpoint;
  };
  return { state, read };
}

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('AppliedPositionWatcher', () => {
  let watcher: AppliedPositionWatcher | undefined;
  afterEach(() => watcher?.close());

  it('answers at once when the checkpoint is already at or past the position', async () => {
    const { state, read } = checkpointSource(40);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 1000, pollIntervalMs: 5 });
    await expect(watcher.waitFor('customer-360', 40)).resolves.toBe(40);
    // Known to be applied now: later requests at or below it read nothing.
    const reads = state.reads;
    await expect(watcher.waitFor('customer-360', 12)).resolves.toBe(40);
    expect(state.reads).toBe(reads);
  });

  it('position 0 waits for nothing and reads nothing', async () => {
    const { state, read } = checkpointSource(0);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 1000 });
    await expect(watcher.waitFor('customer-360', 0)).resolves.toBe(0);
    expect(state.reads).toBe(0);
  });

  it('resolves once the checkpoint jumps past the position (filtered positions and gaps)', async () => {
    const { state, read } = checkpointSource(5);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 2000, pollIntervalMs: 5 });
    const waiting = watcher.waitFor('customer-360', 9);
    await later(30);
    state.checkpoint = 8;
    await later(30);
    state.checkpoint = 12; // 9 was never an event of this projection: the checkpoint skips it
    await expect(waiting).resolves.toBe(12);
  });

  it('gives up after the bound with StaleReadError naming the position reached', async () => {
    const { state, read } = checkpointSource(7);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 120, pollIntervalMs: 10 });
    const started = Date.now();
    const error = await watcher.waitFor('customer-360', 1_000_000).catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(error).toBeInstanceOf(StaleReadError);
    expect(error).toMatchObject({
      projection: 'customer-360',
      requestedPosition: 1_000_000,
      reachedPosition: 7,
    });
    expect(waited).toBeGreaterThanOrEqual(110);
    expect(waited).toBeLessThan(1000);
    // The shared loop stops once nobody waits.
    const reads = state.reads;
    await later(60);
    expect(state.reads).toBe(reads);
  });

  it('a per-call bound overrides the default', async () => {
    const { read } = checkpointSource(1);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 60_000, pollIntervalMs: 5 });
    await expect(watcher.waitFor('customer-360', 2, 30)).rejects.toBeInstanceOf(StaleReadError);
  });

  it('many concurrent requests share one poll loop', async () => {
    const { state, read } = checkpointSource(0);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 5000, pollIntervalMs: 20 });
    const waits = Array.from({ length: 200 }, (_, i) => watcher!.waitFor('customer-360', i + 1));
    await later(100);
    state.checkpoint = 200;
    await expect(Promise.all(waits)).resolves.toEqual(Array(200).fill(200));
    // ~120 ms at one read per 20 ms: a handful of reads, not one per request per tick.
    expect(state.reads).toBeLessThan(20);
  });

  it('reports the read failure, not a stale read, when the checkpoint cannot be read', async () => {
    const { state, read } = checkpointSource(0);
    state.failWith = new Error('MongoDB unreachable');
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 50, pollIntervalMs: 5 });
    await expect(watcher.waitFor('customer-360', 3)).rejects.toThrow('MongoDB unreachable');
  });

  it('refuses negative or fractional positions', async () => {
    const { read } = checkpointSource(0);
    watcher = new AppliedPositionWatcher(read, { timeoutMs: 50 });
    await expect(watcher.waitFor('customer-360', -1)).rejects.toBeInstanceOf(RangeError);
    await expect(watcher.waitFor('customer-360', 1.5)).rejects.toBeInstanceOf(RangeError);
  });
});
