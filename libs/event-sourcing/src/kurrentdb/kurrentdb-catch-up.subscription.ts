// A catch-up subscription on KurrentDB's $all, resumed from the port's checkpoint (a global
// position). The server filters by stream name / event type; the exact GlobalLogFilter is applied
// here. Events are handed to the handler in batches of what is already buffered (at most
// `batchSize`), and the next event is not pulled until the handler's promise settles, so the
// client's stream buffer and gRPC flow control apply back-pressure. A dropped connection
// resubscribes from the last completed checkpoint; a handler error ends the subscription.
//
// KurrentDB writes $all with a single writer and delivers it in log order, so there is no
// "late commit" gap to guard against as on PostgreSQL.
import {
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import type { EventEnvelope } from '../envelope';
import type { SubscribeOptions, Subscription, SubscriptionHandler } from '../event-store';
import { envelopeMatcher, serverFilterSpec, toServerFilter } from './kurrentdb-filter';
import { globalToPosition } from './kurrentdb-event.mapper';

export interface CatchUpSource {
  subscribeToAll(options: SubscribeToAllOptions): AllStreamSubscription;
  /** Position and (if it is a platform event) the upcast envelope of a resolved event. */
  decode(
    resolved: AllStreamResolvedEvent,
  ): { position: number; envelope: EventEnvelope | undefined } | undefined;
  isTransient(error: unknown): boolean;
  translate(error: unknown): unknown;
}

export interface CatchUpDefaults {
  readonly batchSize: number;
  readonly maxRetryDelayMs?: number;
}

/**
 * Cancels the server side and ends the local stream: the client's unsubscribe() only cancels the
 * gRPC call, which does not always end the readable a `for await` is waiting on.
 */
async function close(subscription: AllStreamSubscription): Promise<void> {
  await subscription.unsubscribe().catch(() => undefined);
  subscription.destroy();
}

/** Marks an error as the handler's own, which always ends the subscription. */
class HandlerFailed extends Error {
  constructor(readonly error: unknown) {
    super('subscription handler failed', { cause: error });
  }
}

export function startCatchUpSubscription(
  source: CatchUpSource,
  handler: SubscriptionHandler,
  options: SubscribeOptions,
  defaults: CatchUpDefaults,
): Subscription {
  const batchSize = Math.max(1, options.batchSize ?? defaults.batchSize);
  const maxRetryDelayMs = defaults.maxRetryDelayMs ?? 2000;
  const matches = envelopeMatcher(options.filter);
  const spec = serverFilterSpec(options.filter);
  let checkpoint = options.after ?? 0;
  let live = false;
  let stopped = false;
  let current: AllStreamSubscription | undefined;
  let wake: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const deliver = async (events: EventEnvelope[], next: number): Promise<void> => {
    if (events.length > 0 || (options.notifyCheckpointOnly && next > checkpoint)) {
      try {
        await handler(events, { checkpoint: next, isLive: live });
      } catch (error) {
        throw new HandlerFailed(error);
      }
    }
    checkpoint = Math.max(checkpoint, next);
  };

  const runOnce = async (): Promise<void> => {
    const subscription = source.subscribeToAll({
      fromPosition: checkpoint === 0 ? START : globalToPosition(checkpoint),
      filter: toServerFilter(spec),
    });
    current = subscription;
    subscription.on('caughtUp', () => {
      live = true;
    });
    subscription.on('fellBehind', () => {
      live = false;
    });
    try {
      let batch: EventEnvelope[] = [];
      let scanned = checkpoint;
      for await (const resolved of subscription) {
        if (stopped) return;
        const decoded = source.decode(resolved);
        // The subscription starts after the checkpoint; anything at or before it was delivered.
        if (!decoded || decoded.position <= checkpoint) continue;
        scanned = Math.max(scanned, decoded.position);
        if (decoded.envelope && matches(decoded.envelope)) batch.push(decoded.envelope);
        if (batch.length >= batchSize || subscription.readableLength === 0) {
          const events = batch;
          batch = [];
          await deliver(events, scanned);
        }
      }
    } finally {
      current = undefined;
      await close(subscription);
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    while (!stopped) {
      try {
        await runOnce();
        failures = 0; // the server ended the stream: resubscribe from the checkpoint
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.error;
        if (stopped) return;
        if (!source.isTransient(error)) throw source.translate(error);
        failures += 1;
      }
      if (!stopped)
        await sleep(
          failures === 0 ? 50 : Math.min(maxRetryDelayMs, 50 * 2 ** Math.min(failures, 6)),
        );
    }
  };

  const done = run();
  done.catch(() => undefined); // nobody may await `done`; a failure must not become unhandled
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      if (current) await close(current);
      await done.catch(() => undefined);
    },
    done,
    checkpoint: () => checkpoint,
  };
}
