// Live mode for projections that read the event store's global log directly (source: 'store'):
// a catch-up subscription from the target's checkpoint, filtered to the handled types. Global
// order means one poison event under `halt` stops the whole projection until it is retried.
import type { EventStore } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import { Backoff, errorMessage, sleep } from '@crm/messaging';
import { applyWithRetry } from '../apply/apply-with-retry';
import type { ProjectionApplier } from '../apply/projection-applier';
import type { ParkedEventRepository } from '../parking/parked-event.repository';
import type { ProjectionTarget } from '../targets/projection-target';
import type { ProjectionTargetRepository } from '../targets/projection-target.repository';
import type { AliasLookup } from '../targets/shared-alias-reader';

export type LiveEnd = 'stopped' | 'target-changed';

export interface StoreLiveDeps {
  readonly store: EventStore;
  readonly targets: ProjectionTargetRepository;
  readonly parking: ParkedEventRepository;
  readonly logger: Logger;
  readonly batchSize?: number;
  /** How often to look for a resolved halt / an alias switch. */
  readonly pollIntervalMs?: number;
  /** The worker's shared alias reads (ADR 0430); default: this runner reads its own alias. */
  readonly aliasOf?: AliasLookup;
}

export interface StoreLiveState {
  halted: string | undefined;
  checkpoint: number;
}

class Halted extends Error {}
class TargetChanged extends Error {}

export async function runStoreLive(
  applier: ProjectionApplier,
  initial: ProjectionTarget,
  deps: StoreLiveDeps,
  signal: AbortSignal,
  state: StoreLiveState,
): Promise<LiveEnd> {
  const definition = applier.definition;
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  const backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 5000 });
  const aliasOf = deps.aliasOf ?? ((projection: string) => deps.targets.alias(projection));
  const aliasMoved = async (): Promise<boolean> =>
    (await aliasOf(definition.name))?.targetId !== initial._id;
  // After a halt in this run, wait for the parked event to be resolved (`retry`) before reading
  // again. A fresh start does not wait: it re-reads the event, which may apply now (a fix deployed).
  let haltedOn: string | undefined;
  while (!signal.aborted) {
    try {
      if (await aliasMoved()) return 'target-changed';
      if (haltedOn) {
        const parked = await deps.parking.get(haltedOn);
        if (parked?.status === 'parked') {
          state.halted = haltedOn;
          await sleep(pollIntervalMs, signal);
          continue;
        }
        haltedOn = undefined;
      }
      state.halted = undefined;
      const target = (await deps.targets.target(initial._id)) ?? initial;
      state.checkpoint = target.storeCheckpoint;
      let lastAliasCheck = Date.now();
      const subscription = deps.store.subscribeToAll(
        async (events, context) => {
          if (Date.now() - lastAliasCheck > pollIntervalMs) {
            lastAliasCheck = Date.now();
            if (await aliasMoved()) throw new TargetChanged();
          }
          if (events.length > 0) {
            const outcome = await applyWithRetry(
              applier,
              target,
              events,
              () => ({ kind: 'store' }),
              { signal, logger: deps.logger },
            );
            if (outcome.halted) {
              const before =
                outcome.done > 0 ? events[outcome.done - 1]!.globalPosition : state.checkpoint;
              await deps.targets.saveStoreCheckpoint(target._id, before);
              state.checkpoint = before;
              haltedOn = outcome.halted._id;
              state.halted = haltedOn;
              throw new Halted();
            }
          }
          await deps.targets.saveStoreCheckpoint(target._id, context.checkpoint);
          state.checkpoint = context.checkpoint;
          backoff.reset();
        },
        {
          after: target.storeCheckpoint,
          filter: { eventTypes: definition.eventTypes },
          notifyCheckpointOnly: true,
          batchSize: deps.batchSize ?? 500,
        },
      );
      const stop = (): void => void subscription.stop();
      signal.addEventListener('abort', stop, { once: true });
      // A stop requested during the awaits above fired before this listener existed: without this
      // check the live subscription would wait for new events forever and the worker never stop.
      if (signal.aborted) stop();
      const aliasWatch = watchAlias(
        aliasMoved,
        pollIntervalMs,
        signal,
        () => void subscription.stop(),
      );
      try {
        await subscription.done;
        if (await aliasMoved()) return 'target-changed';
      } finally {
        signal.removeEventListener('abort', stop);
        aliasWatch.cancel();
      }
    } catch (error) {
      if (error instanceof TargetChanged) return 'target-changed';
      if (error instanceof Halted || signal.aborted) continue;
      const delay = backoff.next();
      deps.logger.warn(
        { projection: definition.name, err: errorMessage(error), retryInMs: delay },
        'store subscription failed; resuming from the checkpoint',
      );
      await sleep(delay, signal);
    }
  }
  return 'stopped';
}

// An idle log calls no handler, so the alias is also watched from the side.
function watchAlias(
  moved: () => Promise<boolean>,
  intervalMs: number,
  signal: AbortSignal,
  onMoved: () => void,
): { cancel(): void } {
  let cancelled = false;
  void (async () => {
    while (!cancelled && !signal.aborted) {
      await sleep(intervalMs, signal);
      if (cancelled) return;
      if (await moved().catch(() => false)) {
        onMoved();
        return;
      }
    }
  })();
  return {
    cancel: () => {
      cancelled = true;
    },
  };
}
