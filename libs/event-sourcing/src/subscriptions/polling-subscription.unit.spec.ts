import type { EventEnvelope } from '../envelope';
import { EventStoreUnavailableError } from '../errors/event-store-errors';
import type { ReadAllOptions, ReadAllPage } from '../event-store';
import { startPollingSubscription } from './polling-subscription';

const event = (globalPosition: number): EventEnvelope => ({ globalPosition }) as EventEnvelope;

/** A log of `size` events served in pages, failing the first `failures` reads as unreachable. */
function source(size: number, failures = 0) {
  let failuresLeft = failures;
  const reads: number[] = [];
  return {
    reads,
    readAllPage: async ({ after = 0, batchSize = 2 }: ReadAllOptions): Promise<ReadAllPage> => {
      reads.push(after);
      if (failuresLeft-- > 0) throw new EventStoreUnavailableError('down');
      const events = Array.from(
        { length: Math.max(0, Math.min(batchSize, size - after)) },
        (_, i) => event(after + i + 1),
      );
      return { events, checkpoint: after + events.length, isEnd: after + events.length >= size };
    },
    waitForAppend: (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      }),
    isTransient: (e: unknown) => e instanceof EventStoreUnavailableError,
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('polling subscription', () => {
  it('delivers batches in order from the checkpoint and reports the checkpoint', async () => {
    const seen: number[] = [];
    const sub = startPollingSubscription(
      source(5),
      (events) => void seen.push(...events.map((e) => e.globalPosition)),
      { after: 1, batchSize: 2 },
      { batchSize: 2, pollIntervalMs: 10 },
    );
    await until(() => seen.length === 4);
    expect(seen).toEqual([2, 3, 4, 5]);
    expect(sub.checkpoint()).toBe(5);
    await sub.stop();
    await expect(sub.done).resolves.toBeUndefined();
  });

  it('awaits the handler before reading the next batch (back-pressure)', async () => {
    const src = source(6);
    let release: () => void = () => undefined;
    const sub = startPollingSubscription(
      src,
      () => new Promise<void>((r) => (release = r)),
      {},
      { batchSize: 2, pollIntervalMs: 10 },
    );
    await until(() => src.reads.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(src.reads).toEqual([0]);
    release();
    await until(() => src.reads.length === 2);
    const stopping = sub.stop(); // stop waits for the batch in progress…
    release(); // …which finishes here
    await stopping;
  });

  it('retries while the store is unreachable instead of failing', async () => {
    const seen: number[] = [];
    const src = source(2, 3);
    const sub = startPollingSubscription(
      src,
      (events) => void seen.push(...events.map((e) => e.globalPosition)),
      {},
      { batchSize: 5, pollIntervalMs: 10, maxRetryDelayMs: 5 },
    );
    await until(() => seen.length === 2);
    expect(src.reads.slice(0, 4)).toEqual([0, 0, 0, 0]);
    await sub.stop();
  });

  it('ends with the handler error and does not read further', async () => {
    const src = source(10);
    const sub = startPollingSubscription(
      src,
      () => Promise.reject(new Error('bad projection')),
      {},
      { batchSize: 2, pollIntervalMs: 10 },
    );
    await expect(sub.done).rejects.toThrow('bad projection');
    expect(src.reads).toEqual([0]);
    expect(sub.checkpoint()).toBe(0);
  });

  it('ends with a non-transient store error', async () => {
    const sub = startPollingSubscription(
      { ...source(1), readAllPage: () => Promise.reject(new Error('syntax error')) },
      () => undefined,
      {},
      { batchSize: 2, pollIntervalMs: 10 },
    );
    await expect(sub.done).rejects.toThrow('syntax error');
  });
});
