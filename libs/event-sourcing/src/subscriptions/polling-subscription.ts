// A catch-up subscription built on any paged reader of the global log: read from the checkpoint to
// the head, hand each batch to the handler and await it (back-pressure), then wait for a wake-up
// hint or the poll interval. Store outages are retried with backoff; a handler error ends it.
import type {
  ReadAllOptions,
  ReadAllPage,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';

const PENDING_RECHECK_MS = 25;

export interface PollingSubscriptionSource {
  readAllPage(options: ReadAllOptions): Promise<ReadAllPage>;
  /** Resolves when new events may be readable, or after `timeoutMs`, or when `signal` aborts. */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Errors worth retrying (the store was unreachable); others end the subscription. */
  isTransient(error: unknown): boolean;
}

export interface PollingSubscriptionDefaults {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  /** Longest pause between retries while the store is unreachable. */
  readonly maxRetryDelayMs?: number;
}

export function startPollingSubscription(
  source: PollingSubscriptionSource,
  handler: SubscriptionHandler,
  options: SubscribeOptions,
  defaults: PollingSubscriptionDefaults,
): Subscription {
  const abort = new AbortController();
  const batchSize = options.batchSize ?? defaults.batchSize;
  const pollIntervalMs = options.pollIntervalMs ?? defaults.pollIntervalMs;
  const maxRetryDelayMs = defaults.maxRetryDelayMs ?? 2000;
  let checkpoint = options.after ?? 0;
  let live = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done, { once: true });
    });

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let page: ReadAllPage;
      try {
        page = await source.readAllPage({
          after: checkpoint,
          batchSize,
          ...(options.filter ? { filter: options.filter } : {}),
        });
        failures = 0;
      } catch (error) {
        if (!source.isTransient(error)) throw error;
        failures += 1;
        await sleep(Math.min(maxRetryDelayMs, 50 * 2 ** Math.min(failures, 6)));
        continue;
      }
      if (abort.signal.aborted) return;
      const moved = page.checkpoint > checkpoint;
      if (page.events.length > 0 || (moved && options.notifyCheckpointOnly)) {
        await handler(page.events, { checkpoint: page.checkpoint, isLive: live });
      }
      checkpoint = Math.max(checkpoint, page.checkpoint);
      if (page.isEnd) {
        live = true;
        // Committed events wait behind an older open transaction: look again soon, since the
        // notification for them has already been spent.
        await source.waitForAppend(
          page.pending ? Math.min(pollIntervalMs, PENDING_RECHECK_MS) : pollIntervalMs,
          abort.signal,
        );
      }
    }
  };

  const done = run();
  // Nobody may be awaiting `done`; a failure must still not crash the process as unhandled.
  done.catch(() => undefined);
  return {
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
    done,
    checkpoint: () => checkpoint,
  };
}
