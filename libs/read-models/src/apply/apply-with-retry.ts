// Applies a batch until it succeeds: while MongoDB is unreachable the same batch is retried with
// backoff (it is idempotent), so an outage delays the read model but never skips an event.
import type { EventEnvelope } from '@crm/event-sourcing';
import { Backoff, errorMessage, sleep } from '@crm/messaging';
import type { Logger } from '@crm/messaging';
import type { ParkedSource } from '../parking/parked-event';
import type { ProjectionTarget } from '../targets/projection-target';
import type { ApplyOutcome, ProjectionApplier } from './projection-applier';

export class ApplyAbortedError extends Error {
  constructor() {
    super('stopped while waiting for MongoDB');
    this.name = 'ApplyAbortedError';
  }
}

export interface RetryHooks {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Called between attempts (Kafka: heartbeat so the group keeps the partition). */
  readonly between?: () => Promise<void>;
  /** Return false to give up (Kafka: the partition was taken away during a rebalance). */
  readonly stillOwned?: () => boolean;
}

export async function applyWithRetry(
  applier: ProjectionApplier,
  target: ProjectionTarget,
  events: readonly EventEnvelope[],
  sourceOf: (index: number) => ParkedSource,
  hooks: RetryHooks,
): Promise<ApplyOutcome> {
  const backoff = new Backoff({ initialDelayMs: 200, maxDelayMs: 5000 });
  for (;;) {
    if (hooks.signal.aborted || (hooks.stillOwned && !hooks.stillOwned()))
      throw new ApplyAbortedError();
    try {
      const outcome = await applier.apply(target, events, sourceOf);
      if (backoff.attempts > 0)
        hooks.logger.info(
          { projection: applier.definition.name, attempts: backoff.attempts },
          'MongoDB reachable again; batch applied',
        );
      return outcome;
    } catch (error) {
      const delay = backoff.next();
      hooks.logger.warn(
        {
          projection: applier.definition.name,
          err: errorMessage(error),
          attempt: backoff.attempts,
          retryInMs: delay,
        },
        'applying a batch failed; retrying it',
      );
      await hooks.between?.().catch(() => undefined);
      await sleep(delay, hooks.signal);
    }
  }
}
