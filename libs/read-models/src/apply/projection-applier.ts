// Applies one ordered batch of events (one Kafka partition, or a page of the global log) to a
// target: filters the handled types, upcasts, asks the projection for its changes, writes them
// with the idempotent writer, and parks what cannot be applied according to the poison policy.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import { errorMessage } from '@crm/messaging';
import type { ParkedEvent, ParkedSource } from '../parking/parked-event';
import type { ParkedEventRepository } from '../parking/parked-event.repository';
import type { ProjectionDefinition } from '../projection/projection-definition';
import { changesOf } from '../projection/projection-definition';
import type { ProjectionTarget } from '../targets/projection-target';
import type { ChangeWriter, EventChanges } from './idempotent-writer';

export interface ApplyOutcome {
  /**
   * How many events from the start of the batch are done (applied, skipped, or parked under
   * `continue`): the checkpoint may move past exactly these.
   */
  readonly done: number;
  /** Set when a `halt` projection met a poison event: the batch stops at it (it is not done). */
  readonly halted?: ParkedEvent;
  readonly parked: readonly ParkedEvent[];
  readonly applied: number;
}

/**
 * Observer of each applied batch (metrics and spans: @crm/observability's projectionBatchApplied):
 * the events written, without skipped types and parked events. `startedAt` epoch ms, `started` hrtime.
 */
export type AppliedBatchObserver = (
  projection: string,
  applied: readonly EventEnvelope[],
  startedAt: number,
  started: bigint,
) => void;

export class ProjectionApplier {
  private readonly handled: ReadonlySet<string>;
  /** Per target, event ids parked and not yet resolved (loaded once, kept up to date here). */
  private readonly unresolved = new Map<string, Set<string>>();

  constructor(
    readonly definition: ProjectionDefinition,
    readonly writer: ChangeWriter,
    private readonly parking: ParkedEventRepository,
    private readonly logger: Logger,
    private readonly onApplied?: AppliedBatchObserver,
  ) {
    this.handled = new Set(definition.eventTypes);
  }

  /** The same projection, parking and observer, writing through `writer` (a rebuild's). */
  withWriter(writer: ChangeWriter): ProjectionApplier {
    return new ProjectionApplier(
      this.definition,
      writer,
      this.parking,
      this.logger,
      this.onApplied,
    );
  }

  handles(type: string): boolean {
    return this.handled.has(type);
  }

  /** Throws only for transient trouble (MongoDB unreachable): the caller retries the same batch. */
  async apply(
    target: ProjectionTarget,
    events: readonly EventEnvelope[],
    sourceOf: (index: number) => ParkedSource,
  ): Promise<ApplyOutcome> {
    if (!this.onApplied) return this.applyBatch(target, events, sourceOf);
    const startedAt = Date.now();
    const started = process.hrtime.bigint();
    const outcome = await this.applyBatch(target, events, sourceOf);
    const parked = new Set(outcome.parked.map((p) => p.eventId));
    const applied = events
      .slice(0, outcome.done)
      .filter((e) => this.handled.has(e.type) && !parked.has(e.eventId));
    this.onApplied(this.definition.name, applied, startedAt, started);
    return outcome;
  }

  private async applyBatch(
    target: ProjectionTarget,
    events: readonly EventEnvelope[],
    sourceOf: (index: number) => ParkedSource,
  ): Promise<ApplyOutcome> {
    const halt = this.definition.onPoison === 'halt';
    const items: (EventChanges & { index: number })[] = [];
    const rejected: { index: number; error: Error }[] = [];
    let end = events.length;
    for (let index = 0; index < events.length; index += 1) {
      const stored = events[index]!;
      if (!this.handled.has(stored.type)) continue;
      try {
        const event = this.definition.upcasters ? this.definition.upcasters.upcast(stored) : stored;
        items.push({ event, changes: changesOf(this.definition, event), index });
      } catch (error) {
        rejected.push({ index, error: asError(error) });
        // Nothing after a halting poison event may be written: it would overtake it.
        if (halt) {
          end = index;
          break;
        }
      }
    }
    const failures = await this.writer.write(target.collections, items);
    const indexOf = new Map(items.map((item) => [item.event.eventId, item.index]));
    for (const failure of failures)
      rejected.push({ index: indexOf.get(failure.event.eventId)!, error: failure.error });
    rejected.sort((a, b) => a.index - b.index);

    const parked: ParkedEvent[] = [];
    const unresolved = await this.unresolvedOf(target._id);
    let stop = end;
    for (const { index, error } of rejected) {
      if (index > end) break;
      const event = events[index]!;
      const entry = await this.parking.park(
        this.definition,
        target._id,
        event,
        error,
        sourceOf(index),
      );
      unresolved.add(event.eventId);
      parked.push(entry);
      this.logger.error(
        {
          projection: this.definition.name,
          target: target._id,
          parkedId: entry._id,
          eventId: event.eventId,
          type: event.type,
          globalPosition: event.globalPosition,
          err: errorMessage(error),
        },
        `projection ${this.definition.name} parked an event it cannot apply (${this.definition.onPoison})`,
      );
      if (halt) {
        stop = index;
        await this.resolveApplied(target._id, events, stop, parked, unresolved);
        return {
          done: index,
          halted: entry,
          parked,
          applied: countApplied(items, index, failures.length),
        };
      }
    }
    await this.resolveApplied(target._id, events, stop, parked, unresolved);
    return { done: events.length, parked, applied: items.length - failures.length };
  }

  // An event parked earlier that has now applied (the fix was deployed and the worker re-read
  // it, or `retry` ran) no longer needs attention: mark it resolved.
  private async resolveApplied(
    targetId: string,
    events: readonly EventEnvelope[],
    end: number,
    parkedNow: readonly ParkedEvent[],
    unresolved: Set<string>,
  ): Promise<void> {
    if (unresolved.size === 0) return;
    const stillFailing = new Set(parkedNow.map((p) => p.eventId));
    for (const event of events.slice(0, end)) {
      if (!unresolved.has(event.eventId) || stillFailing.has(event.eventId)) continue;
      await this.parking.markResolved(`${targetId}:${event.eventId}`);
      unresolved.delete(event.eventId);
      this.logger.info(
        { projection: this.definition.name, target: targetId, eventId: event.eventId },
        'a parked event applied now: resolved',
      );
    }
  }

  private async unresolvedOf(targetId: string): Promise<Set<string>> {
    let set = this.unresolved.get(targetId);
    if (!set) {
      set = new Set(
        (await this.parking.list({ targetId, status: 'parked' })).map((p) => p.eventId),
      );
      this.unresolved.set(targetId, set);
    }
    return set;
  }
}

function countApplied(items: readonly { index: number }[], before: number, failed: number): number {
  return Math.max(0, items.filter((item) => item.index < before).length - failed);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
