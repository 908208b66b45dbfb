// Runs one projection in a worker: makes sure a target of the projection's version serves reads
// (building one from the store first if needed: a new projection, a new version), then keeps it
// live from Kafka or from the store, following alias switches made by rebuilds.
import type { EventStore } from '@crm/event-sourcing';
import type { Logger, StoreHead } from '@crm/messaging';
import { Backoff, errorMessage, sleep } from '@crm/messaging';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { IdempotentWriter } from '../apply/idempotent-writer';
import { ProjectionApplier } from '../apply/projection-applier';
import type { AppliedBatchObserver } from '../apply/projection-applier';
import { ParkedEventRepository } from '../parking/parked-event.repository';
import type { ProjectionDefinition } from '../projection/projection-definition';
import { ProjectionHaltedError, ProjectionRebuilder } from '../rebuild/projection-rebuilder';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import type { AliasLookup } from '../targets/shared-alias-reader';
import { KafkaLiveSource } from './kafka-live-source';
import type { KafkaLiveState } from './kafka-live-source';
import { runStoreLive } from './store-live-source';
import type { StoreLiveState } from './store-live-source';

export interface ProjectionRunnerDeps {
  readonly connection: Connection;
  readonly store: EventStore;
  readonly storeHead: StoreHead;
  readonly logger: Logger;
  /** Required for projections whose source is Kafka. */
  readonly kafka?: Kafka;
  readonly topicNamespace?: string;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** kafkajs session timeout (how fast a dead worker's partitions move); default 30 s. */
  readonly sessionTimeoutMs?: number;
  /** Told of every applied batch (the worker's metrics and spans). */
  readonly onApplied?: AppliedBatchObserver;
  /** The worker's shared alias reads for the live sources' periodic look (ADR 0430). */
  readonly aliasOf?: AliasLookup;
}

export type RunnerPhase = 'starting' | 'building' | 'live' | 'halted' | 'idle' | 'stopped';

export interface RunnerStatus {
  readonly projection: string;
  readonly version: number;
  readonly source: 'kafka' | 'store';
  readonly phase: RunnerPhase;
  readonly targetId: string | undefined;
  /** Events (store) or messages (Kafka) not yet applied, as last measured. */
  readonly lag: number | undefined;
  readonly halted: readonly string[];
  readonly lastError: string | undefined;
}

export class ProjectionRunner {
  readonly applier: ProjectionApplier;
  private readonly targets: ProjectionTargetRepository;
  private readonly parking: ParkedEventRepository;
  private readonly rebuilder: ProjectionRebuilder;
  private phase: RunnerPhase = 'starting';
  private targetId: string | undefined;
  private lastError: string | undefined;
  private buildLag: number | undefined;
  private readonly kafkaState: KafkaLiveState = { halted: new Map(), lagByPartition: new Map() };
  private readonly storeState: StoreLiveState = { halted: undefined, checkpoint: 0 };
  private storeHeadSeen = 0;
  private storePayloadsDropped = false;

  constructor(
    readonly definition: ProjectionDefinition,
    private readonly deps: ProjectionRunnerDeps,
  ) {
    if ((definition.source ?? 'kafka') === 'kafka' && !deps.kafka)
      throw new Error(`Projection ${definition.name} reads Kafka but no Kafka client was given`);
    this.targets = new ProjectionTargetRepository(deps.connection);
    this.parking = new ParkedEventRepository(deps.connection);
    this.applier = new ProjectionApplier(
      definition,
      new IdempotentWriter(deps.connection),
      this.parking,
      deps.logger,
      deps.onApplied,
    );
    this.rebuilder = new ProjectionRebuilder({
      store: deps.store,
      storeHead: deps.storeHead,
      targets: this.targets,
      logger: deps.logger,
      ...(deps.kafka ? { kafka: deps.kafka } : {}),
      ...(deps.topicNamespace !== undefined ? { topicNamespace: deps.topicNamespace } : {}),
      ...(deps.batchSize !== undefined ? { batchSize: deps.batchSize } : {}),
    });
  }

  status(): RunnerStatus {
    const source = this.definition.source ?? 'kafka';
    const halted =
      source === 'kafka'
        ? [...this.kafkaState.halted.values()]
        : this.storeState.halted
          ? [this.storeState.halted]
          : [];
    let lag: number | undefined;
    if (this.phase === 'building') lag = this.buildLag;
    else if (source === 'kafka')
      lag = [...this.kafkaState.lagByPartition.values()].reduce((a, b) => a + b, 0);
    else lag = Math.max(0, this.storeHeadSeen - this.storeState.checkpoint);
    return {
      projection: this.definition.name,
      version: this.definition.version,
      source,
      phase: halted.length > 0 && this.phase === 'live' ? 'halted' : this.phase,
      targetId: this.targetId,
      lag,
      halted,
      lastError: this.lastError,
    };
  }

  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 10_000 });
    const lagWatch = this.watchStoreHead(signal);
    try {
      while (!signal.aborted) {
        try {
          await this.step(signal);
          backoff.reset();
        } catch (error) {
          if (signal.aborted) break;
          this.lastError = errorMessage(error);
          const delay =
            error instanceof ProjectionHaltedError
              ? (this.deps.pollIntervalMs ?? 1000) * 5
              : backoff.next();
          this.deps.logger.error(
            { projection: this.definition.name, err: this.lastError, retryInMs: delay },
            'projection runner failed; resuming',
          );
          await sleep(delay, signal);
        }
      }
    } finally {
      this.phase = 'stopped';
      await lagWatch;
    }
  }

  private async step(signal: AbortSignal): Promise<void> {
    if (!this.storePayloadsDropped) {
      await this.parking.dropStorePayloads(this.definition.name);
      this.storePayloadsDropped = true;
    }
    const alias = await this.targets.alias(this.definition.name);
    if (!alias || alias.version < this.definition.version) {
      this.phase = 'building';
      this.deps.logger.info(
        { projection: this.definition.name, version: this.definition.version },
        'no serving target of this version: building one from the store',
      );
      const { target } = await this.rebuilder.rebuild(this.applier, {
        signal,
        onProgress: (p) => {
          this.targetId = p.targetId;
          this.buildLag = Math.max(0, p.head - p.checkpoint);
        },
      });
      this.targetId = target._id;
      return;
    }
    if (alias.version > this.definition.version) {
      // A newer deployment already serves a newer version; this (old) worker must not write.
      this.phase = 'idle';
      this.lastError = `v${alias.version} is serving; this worker runs v${this.definition.version} and stays idle`;
      await sleep((this.deps.pollIntervalMs ?? 1000) * 10, signal);
      return;
    }
    const target = await this.targets.target(alias.targetId);
    if (!target)
      throw new Error(
        `Alias of ${this.definition.name} points at missing target ${alias.targetId}`,
      );
    this.targetId = target._id;
    // An index declared after this target was built (a new query order) is created now.
    await this.targets.ensureIndexes(this.definition, target.collections);
    this.phase = 'live';
    this.lastError = undefined;
    if ((this.definition.source ?? 'kafka') === 'store') {
      await runStoreLive(
        this.applier,
        target,
        {
          store: this.deps.store,
          targets: this.targets,
          parking: this.parking,
          logger: this.deps.logger,
          ...(this.deps.batchSize !== undefined ? { batchSize: this.deps.batchSize } : {}),
          ...(this.deps.pollIntervalMs !== undefined
            ? { pollIntervalMs: this.deps.pollIntervalMs }
            : {}),
          ...(this.deps.aliasOf ? { aliasOf: this.deps.aliasOf } : {}),
        },
        signal,
        this.storeState,
      );
    } else {
      this.kafkaState.halted.clear();
      this.kafkaState.lagByPartition.clear();
      await new KafkaLiveSource(
        this.applier,
        target,
        {
          kafka: this.deps.kafka!,
          targets: this.targets,
          parking: this.parking,
          logger: this.deps.logger,
          ...(this.deps.topicNamespace !== undefined
            ? { topicNamespace: this.deps.topicNamespace }
            : {}),
          ...(this.deps.pollIntervalMs !== undefined
            ? { pollIntervalMs: this.deps.pollIntervalMs }
            : {}),
          ...(this.deps.aliasOf ? { aliasOf: this.deps.aliasOf } : {}),
          ...(this.deps.partitionsConsumedConcurrently !== undefined
            ? { partitionsConsumedConcurrently: this.deps.partitionsConsumedConcurrently }
            : {}),
          ...(this.deps.sessionTimeoutMs !== undefined
            ? { sessionTimeoutMs: this.deps.sessionTimeoutMs }
            : {}),
        },
        this.kafkaState,
      ).run(signal);
    }
  }

  private async watchStoreHead(signal: AbortSignal): Promise<void> {
    if ((this.definition.source ?? 'kafka') !== 'store') return;
    while (!signal.aborted) {
      this.storeHeadSeen = await this.deps.storeHead.position().catch(() => this.storeHeadSeen);
      await sleep(2000, signal);
    }
  }
}
