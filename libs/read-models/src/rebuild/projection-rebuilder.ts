// Rebuilds a projection from the event store into a new target while the current one keeps
// serving, then switches the alias. Resumable: a rebuild that was killed continues from its
// target's checkpoint when started again (the writes are idempotent, so re-applying the last
// batch is harmless), and the result equals an uninterrupted rebuild. Each page is written with
// one write per document (BatchedRebuildWriter, ADR 0465); the checkpoint moves only after the
// page's writes returned.
import type { EventStore } from '@crm/event-sourcing';
import type { Logger, StoreHead } from '@crm/messaging';
import type { Kafka } from 'kafkajs';
import { applyWithRetry } from '../apply/apply-with-retry';
import { BatchedRebuildWriter } from '../apply/batched-rebuild-writer';
import type { BatchedWriteStats } from '../apply/batched-rebuild-writer';
import { IdempotentWriter } from '../apply/idempotent-writer';
import type { ProjectionApplier } from '../apply/projection-applier';
import type { ParkedEvent } from '../parking/parked-event';
import type { ProjectionDefinition } from '../projection/projection-definition';
import type { ProjectionTarget } from '../targets/projection-target';
import type { ProjectionTargetRepository } from '../targets/projection-target.repository';
import { captureEndOffsets, topicsOf } from '../runner/projection-topics';

export interface RebuildProgress {
  readonly targetId: string;
  /** Global position applied through. */
  readonly checkpoint: number;
  /** Store head (refreshed as the rebuild goes). */
  readonly head: number;
  /** Checkpoint when this run started (a resumed rebuild starts above 0). */
  readonly startedAt: number;
  readonly eventsApplied: number;
  /** How this run's pages were written: batched, or left to the per-event writer. */
  readonly writes: Readonly<BatchedWriteStats>;
}

export interface RebuildOptions {
  /** Start a new target even if an unfinished one exists. */
  readonly fresh?: boolean;
  /** Switch the alias once caught up (default true). */
  readonly switchAlias?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildResult {
  readonly target: ProjectionTarget;
  readonly switched: boolean;
  readonly previousTargetId: string | null;
}

export class ProjectionHaltedError extends Error {
  constructor(readonly parked: ParkedEvent) {
    super(
      `Projection ${parked.projection} halted at event ${parked.eventId} (${parked.type}, global position ${parked.globalPosition}): ${parked.error}. ` +
        `Fix the cause, then: cli retry ${parked._id}`,
    );
    this.name = 'ProjectionHaltedError';
  }
}

export interface ProjectionRebuilderDeps {
  readonly store: EventStore;
  readonly storeHead: StoreHead;
  readonly targets: ProjectionTargetRepository;
  readonly logger: Logger;
  /** When the projection's live source is Kafka: where its topics end now (see projection-target.ts). */
  readonly kafka?: Kafka;
  readonly topicNamespace?: string;
  readonly batchSize?: number;
}

export class ProjectionRebuilder {
  constructor(private readonly deps: ProjectionRebuilderDeps) {}

  /** The unfinished target to resume, or a new one. */
  async prepareTarget(definition: ProjectionDefinition, fresh = false): Promise<ProjectionTarget> {
    const alias = await this.deps.targets.alias(definition.name);
    const building = fresh ? null : await this.deps.targets.findBuilding(definition);
    if (building && building._id !== alias?.targetId) return building;
    // Offsets first, head second: every event published before the offsets were read is at or
    // below the head read afterwards, so the catch-up covers it (see projection-target.ts).
    const kafkaOffsets =
      (definition.source ?? 'kafka') === 'kafka' && this.deps.kafka
        ? await captureEndOffsets(this.deps.kafka, topicsOf(definition, this.deps.topicNamespace))
        : new Map<string, number>();
    const buildHead = await this.deps.storeHead.position();
    const target = await this.deps.targets.createTarget(definition, { kafkaOffsets, buildHead });
    this.deps.logger.info(
      { projection: definition.name, target: target._id, buildHead },
      'rebuild: new target',
    );
    return target;
  }

  async rebuild(applier: ProjectionApplier, options: RebuildOptions = {}): Promise<RebuildResult> {
    const definition = applier.definition;
    const signal = options.signal ?? new AbortController().signal;
    let target = await this.prepareTarget(definition, options.fresh);
    target = await this.catchUp(applier, target, signal, options.onProgress);
    const alias = await this.deps.targets.alias(definition.name);
    const previousTargetId = alias?.targetId ?? null;
    if (options.switchAlias === false || signal.aborted)
      return { target, switched: false, previousTargetId };
    if (alias && alias.version > definition.version) {
      throw new Error(
        `Projection ${definition.name}: v${alias.version} is serving; refusing to switch back to v${definition.version}`,
      );
    }
    await this.deps.targets.activate(target, previousTargetId);
    this.deps.logger.info(
      { projection: definition.name, target: target._id, previous: previousTargetId },
      'rebuild: switched the alias',
    );
    return {
      target: (await this.deps.targets.target(target._id)) ?? target,
      switched: true,
      previousTargetId,
    };
  }

  /** Applies the store's log to the target from its checkpoint to the current head. */
  async catchUp(
    applier: ProjectionApplier,
    target: ProjectionTarget,
    signal: AbortSignal,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<ProjectionTarget> {
    const definition = applier.definition;
    const batchedWriter = batchedWriterFor(applier);
    const writes = batchedWriter?.stats ?? { batched: 0, perEvent: 0, documentsWritten: 0 };
    const rebuildApplier = batchedWriter ? applier.withWriter(batchedWriter) : applier;
    const startedAt = target.storeCheckpoint;
    let checkpoint = startedAt;
    let head = Math.max(target.buildHead, await this.deps.storeHead.position());
    let eventsApplied = 0;
    let lastHeadRead = Date.now();
    onProgress?.({ targetId: target._id, checkpoint, head, startedAt, eventsApplied, writes });
    while (!signal.aborted) {
      const page = await this.deps.store.readAllPage({
        after: checkpoint,
        batchSize: this.deps.batchSize ?? 1000,
        // Only the handled types: the store skips the rest server-side and the checkpoint still
        // moves past them.
        filter: { eventTypes: definition.eventTypes },
      });
      if (page.events.length > 0) {
        const outcome = await applyWithRetry(
          rebuildApplier,
          target,
          page.events,
          () => ({ kind: 'store' }),
          { signal, logger: this.deps.logger },
        );
        if (outcome.halted) {
          const before =
            outcome.done > 0 ? page.events[outcome.done - 1]!.globalPosition : checkpoint;
          await this.deps.targets.saveStoreCheckpoint(target._id, before);
          throw new ProjectionHaltedError(outcome.halted);
        }
        eventsApplied += page.events.length;
      }
      if (page.checkpoint > checkpoint) {
        await this.deps.targets.saveStoreCheckpoint(target._id, page.checkpoint);
        checkpoint = page.checkpoint;
      }
      if (Date.now() - lastHeadRead > 1000) {
        head = Math.max(head, await this.deps.storeHead.position());
        lastHeadRead = Date.now();
      }
      onProgress?.({
        targetId: target._id,
        checkpoint,
        head: Math.max(head, checkpoint),
        startedAt,
        eventsApplied,
        writes,
      });
      if (page.isEnd) break;
    }
    return (await this.deps.targets.target(target._id)) ?? target;
  }
}

/** The batched writer over the applier's live writer, when that is the MongoDB idempotent one. */
function batchedWriterFor(applier: ProjectionApplier): BatchedRebuildWriter | undefined {
  const live = applier.writer;
  return live instanceof IdempotentWriter
    ? new BatchedRebuildWriter(live.connection, live)
    : undefined;
}
