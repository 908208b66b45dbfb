// Live mode for projections fed by Kafka (the default): one consumer group per projection version
// (`crm.projections.<name>.v<version>`), batches per partition, checkpoints in MongoDB.
//
// The MongoDB checkpoint of the target (next offset per partition) is the truth; the group's
// committed offsets are only a hint that keeps restarts short. Every batch is compared with the
// checkpoint: messages below it are skipped, and a batch that starts above it (a new target
// built by a rebuild, a restart after the commit lagged) makes the consumer seek back. So restarts,
// rebalances and alias switches all resume exactly where the target stands.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import { Backoff, errorMessage, fromKafkaMessage, sleep } from '@crm/messaging';
import type { Consumer, EachBatchPayload, IMemberAssignment, Kafka } from 'kafkajs';
import { ApplyAbortedError, applyWithRetry } from '../apply/apply-with-retry';
import type { ProjectionApplier } from '../apply/projection-applier';
import type { ParkedEventRepository } from '../parking/parked-event.repository';
import type { ProjectionTarget } from '../targets/projection-target';
import { topicPartitionKey } from '../targets/projection-target';
import type { ProjectionTargetRepository } from '../targets/projection-target.repository';
import { kafkaOffsetOf } from '../targets/projection-target.repository';
import { captureEndOffsets, consumerGroupOf, topicsOf, watermarks } from './projection-topics';
import type { LiveEnd } from './store-live-source';
import type { AliasLookup } from '../targets/shared-alias-reader';

export interface KafkaLiveDeps {
  readonly kafka: Kafka;
  readonly targets: ProjectionTargetRepository;
  readonly parking: ParkedEventRepository;
  readonly logger: Logger;
  readonly topicNamespace?: string;
  /** How often to look for an alias switch or a resolved halt; default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** The worker's shared alias reads (ADR 0430) for the periodic look; a forced look reads its own. */
  readonly aliasOf?: AliasLookup;
  readonly partitionsConsumedConcurrently?: number;
  /** kafkajs session timeout; default 30 s. */
  readonly sessionTimeoutMs?: number;
}

export interface KafkaLiveState {
  /** `topic|partition` → parked id, for partitions stopped at a poison event. */
  readonly halted: Map<string, string>;
  /** `topic|partition` → high watermark − next offset, as of the last batch. */
  readonly lagByPartition: Map<string, number>;
}

const RETENTION_HALT = 'retention:';

export class KafkaLiveSource {
  private readonly next = new Map<string, number>();
  private readonly seekedTo = new Map<string, number>();
  /** `topic|partition` → the target's checkpoint as last read from the read-model store. */
  private readonly checkpointRead = new Map<string, number>();
  private lastAliasCheck = 0;
  private ended: LiveEnd | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly applier: ProjectionApplier,
    private readonly target: ProjectionTarget,
    private readonly deps: KafkaLiveDeps,
    readonly state: KafkaLiveState,
  ) {}

  /** Consumes until `signal` aborts ('stopped') or the alias moves to another target ('target-changed'). */
  async run(signal: AbortSignal): Promise<LiveEnd> {
    const definition = this.applier.definition;
    const topics = topicsOf(definition, this.deps.topicNamespace);
    const backoff = new Backoff({ initialDelayMs: 500, maxDelayMs: 10_000 });
    while (!signal.aborted && !this.ended) {
      const consumer = this.deps.kafka.consumer({
        groupId: consumerGroupOf(definition, this.deps.topicNamespace),
        sessionTimeout: this.deps.sessionTimeoutMs ?? 30_000,
        heartbeatInterval: 3000,
        maxWaitTimeInMs: 500,
        allowAutoTopicCreation: false,
      });
      // After a rebalance another worker may have moved our partitions on: re-read checkpoints,
      // and start every assigned partition there rather than at the group's committed offset.
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        this.next.clear();
        this.seekedTo.clear();
        void this.seekToCheckpoints(consumer, event.payload.memberAssignment);
      });
      let crashed: Error | undefined;
      consumer.on(consumer.events.CRASH, (event) => {
        // kafkajs restarts by itself on retriable errors; otherwise we rebuild the consumer.
        if (!event.payload.restart) {
          crashed = event.payload.error;
          this.wake?.();
        }
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        this.next.clear();
        this.seekedTo.clear();
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.deps.partitionsConsumedConcurrently ?? 1,
          eachBatch: async (payload) => {
            try {
              await this.onBatch(consumer, payload, signal);
            } catch (error) {
              // Stopping or losing the partition mid-batch: the next owner resumes from the checkpoint.
              if (!(error instanceof ApplyAbortedError)) throw error;
            }
          },
        });
        backoff.reset();
        this.deps.logger.info(
          { projection: definition.name, target: this.target._id, topics },
          'projection consuming Kafka',
        );
        await this.superviseUntilDone(consumer, signal, () => crashed);
        if (crashed) throw crashed;
      } catch (error) {
        if (signal.aborted || this.ended) break;
        const delay = backoff.next();
        this.deps.logger.warn(
          { projection: definition.name, err: errorMessage(error), retryInMs: delay },
          'Kafka consumer failed; reconnecting',
        );
        await sleep(delay, signal);
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
    }
    return this.ended ?? 'stopped';
  }

  /**
   * Between batches: resumes halted partitions once their parked event is resolved, watches the
   * alias, and measures the lag over every partition of the topics (not only those this instance
   * has seen a batch of, so an idle or not-yet-fetched partition cannot hide behind a 0).
   */
  private async superviseUntilDone(
    consumer: Consumer,
    signal: AbortSignal,
    crashed: () => Error | undefined,
  ): Promise<void> {
    const intervalMs = this.deps.pollIntervalMs ?? 1000;
    const topics = topicsOf(this.applier.definition, this.deps.topicNamespace);
    let lastLag = 0;
    while (!signal.aborted && !this.ended && !crashed()) {
      if (Date.now() - lastLag >= 2000) {
        lastLag = Date.now();
        await this.measureLag(topics).catch((error: unknown) =>
          this.deps.logger.debug({ err: errorMessage(error) }, 'could not measure Kafka lag'),
        );
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        void sleep(intervalMs, signal).then(resolve);
      });
      this.wake = undefined;
      if (signal.aborted || this.ended || crashed()) return;
      try {
        await this.checkAlias(true);
        for (const [key, parkedId] of [...this.state.halted]) {
          if (parkedId.startsWith(RETENTION_HALT)) continue; // only a rebuild repairs that
          const parked = await this.deps.parking.get(parkedId);
          if (parked && parked.status === 'parked') continue;
          const [topic, partition] = splitKey(key);
          this.state.halted.delete(key);
          const next = this.next.get(key);
          if (next !== undefined) consumer.seek({ topic, partition, offset: String(next) });
          consumer.resume([{ topic, partitions: [partition] }]);
          this.deps.logger.info(
            { projection: this.applier.definition.name, topic, partition },
            'parked event resolved; partition resumed',
          );
        }
      } catch (error) {
        this.deps.logger.warn({ err: errorMessage(error) }, 'projection supervisor check failed');
      }
    }
  }

  private async measureLag(topics: readonly string[]): Promise<void> {
    const ends = await captureEndOffsets(this.deps.kafka, topics);
    // The read-model store may be what is down (a read then waits for server selection): after a
    // second the last checkpoint read stands, so the lag keeps growing with the topic instead of
    // reading 0 (batches fail before they measure it).
    const read = this.deps.targets.target(this.target._id).catch((error: unknown) => {
      this.deps.logger.debug({ err: errorMessage(error) }, 'could not read the checkpoint');
      return undefined;
    });
    const target = await Promise.race([read, sleep(1000).then(() => undefined)]);
    for (const [key, end] of ends) {
      const [topic, partition] = splitKey(key);
      const stored = target ? kafkaOffsetOf(target, topic, partition) : undefined;
      if (stored !== undefined) this.checkpointRead.set(key, stored);
      const next = Math.max(this.checkpointRead.get(key) ?? 0, this.next.get(key) ?? 0);
      this.state.lagByPartition.set(key, Math.max(0, end - next));
    }
  }

  private async checkAlias(force = false): Promise<void> {
    const intervalMs = this.deps.pollIntervalMs ?? 1000;
    if (!force && Date.now() - this.lastAliasCheck < intervalMs) return;
    this.lastAliasCheck = Date.now();
    const name = this.applier.definition.name;
    const alias =
      !force && this.deps.aliasOf
        ? await this.deps.aliasOf(name)
        : await this.deps.targets.alias(name);
    if (alias?.targetId !== this.target._id) {
      this.ended = 'target-changed';
      this.wake?.();
    }
  }

  private async onBatch(
    consumer: Consumer,
    payload: EachBatchPayload,
    signal: AbortSignal,
  ): Promise<void> {
    const { batch } = payload;
    const key = topicPartitionKey(batch.topic, batch.partition);
    const owned = (): boolean =>
      !signal.aborted && !this.ended && payload.isRunning() && !payload.isStale();
    if (!owned() || this.state.halted.has(key)) return;
    await this.checkAlias();
    if (this.ended) return;

    const next = await this.nextOffset(batch.topic, batch.partition);
    this.deps.logger.debug(
      {
        topic: batch.topic,
        partition: batch.partition,
        first: batch.firstOffset(),
        last: batch.lastOffset(),
        next,
        size: batch.messages.length,
      },
      'batch',
    );
    const highWatermark = Number(batch.highWatermark);
    this.state.lagByPartition.set(key, Math.max(0, highWatermark - next));
    const first = Number(batch.firstOffset() ?? next);
    if (first > next) {
      await this.rewind(consumer, batch.topic, batch.partition, next);
      return;
    }
    this.seekedTo.delete(key);
    const fresh = batch.messages.filter((m) => Number(m.offset) >= next);
    if (fresh.length === 0) {
      // Already applied (a redelivery): move kafkajs' fetch position past it. Without a resolved
      // offset kafkajs fetches from its last committed one, which may lag after a broker restart.
      payload.resolveOffset(batch.lastOffset());
      return;
    }

    const events: EventEnvelope[] = [];
    const offsets: number[] = [];
    for (const message of fresh) {
      try {
        events.push(fromKafkaMessage(message));
        offsets.push(Number(message.offset));
      } catch (error) {
        // Not an event envelope: only the relay writes these topics, so this is a foreign
        // producer's message. It cannot be projected nor parked as an event; log and move on.
        this.deps.logger.error(
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            err: errorMessage(error),
          },
          'skipping a message that is not an event',
        );
      }
    }
    const outcome = await applyWithRetry(
      this.applier,
      this.target,
      events,
      (index) => ({
        kind: 'kafka',
        topic: batch.topic,
        partition: batch.partition,
        offset: offsets[index]!,
      }),
      { signal, logger: this.deps.logger, between: () => payload.heartbeat(), stillOwned: owned },
    );
    const lastOffset = Number(fresh[fresh.length - 1]!.offset);
    const newNext = outcome.halted ? offsets[outcome.done]! : lastOffset + 1;
    await this.saveOffset(batch.topic, batch.partition, newNext, signal, payload);
    if (newNext > first) payload.resolveOffset(String(newNext - 1));
    this.state.lagByPartition.set(key, Math.max(0, highWatermark - newNext));
    // The group's committed offset is only a hint for the next start (the checkpoint above rules).
    await consumer
      .commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(newNext) }])
      .catch((error: unknown) => {
        this.deps.logger.debug(
          { err: errorMessage(error) },
          'committing the group offset failed (the MongoDB checkpoint rules)',
        );
      });
    this.deps.logger.debug(
      { topic: batch.topic, partition: batch.partition, newNext },
      'batch done',
    );
    if (outcome.halted) {
      consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
      this.state.halted.set(key, outcome.halted._id);
      this.deps.logger.error(
        {
          projection: this.applier.definition.name,
          topic: batch.topic,
          partition: batch.partition,
          parkedId: outcome.halted._id,
        },
        'partition halted at a poison event',
      );
    }
  }

  /**
   * The group's committed offsets belong to whichever target consumed last (after an alias switch,
   * the old one, possibly at the very end of every partition). A batch that starts above the
   * checkpoint makes `onBatch` seek back, but no batch comes when nothing new is published, so
   * the new target would wait for the next event. Seeking on assignment covers that case; a batch
   * fetched before this seek lands is still checked against the checkpoint in `onBatch`.
   */
  private async seekToCheckpoints(
    consumer: Consumer,
    assignment: IMemberAssignment,
  ): Promise<void> {
    try {
      for (const [topic, partitions] of Object.entries(assignment)) {
        for (const partition of partitions) {
          const next = await this.nextOffset(topic, partition);
          consumer.seek({ topic, partition, offset: String(next) });
        }
      }
    } catch (error) {
      this.deps.logger.warn(
        { projection: this.applier.definition.name, err: errorMessage(error) },
        'could not seek the assigned partitions to the checkpoint; batches will rewind instead',
      );
    }
  }

  private async nextOffset(topic: string, partition: number): Promise<number> {
    const key = topicPartitionKey(topic, partition);
    const known = this.next.get(key);
    if (known !== undefined) return known;
    const target = await this.deps.targets.target(this.target._id);
    let next = kafkaOffsetOf(target, topic, partition);
    if (next === undefined) {
      // A partition (or topic) that did not exist when the target was built: all of it is new.
      const low = (await watermarks(this.deps.kafka, topic)).get(partition)?.low ?? 0;
      next = await this.deps.targets.initKafkaOffset(this.target._id, topic, partition, low);
    }
    this.next.set(key, next);
    return next;
  }

  private async rewind(
    consumer: Consumer,
    topic: string,
    partition: number,
    next: number,
  ): Promise<void> {
    const key = topicPartitionKey(topic, partition);
    if (this.seekedTo.get(key) === next) {
      // We already sought there and Kafka still starts later: retention deleted those messages.
      const low = (await watermarks(this.deps.kafka, topic)).get(partition)?.low ?? 0;
      if (low > next) {
        consumer.pause([{ topic, partitions: [partition] }]);
        this.state.halted.set(key, `${RETENTION_HALT}${key}`);
        this.deps.logger.error(
          {
            projection: this.applier.definition.name,
            topic,
            partition,
            checkpoint: next,
            earliest: low,
          },
          'Kafka no longer holds events this projection has not applied; rebuild it from the store (cli rebuild)',
        );
        return;
      }
    }
    this.seekedTo.set(key, next);
    consumer.seek({ topic, partition, offset: String(next) });
  }

  private async saveOffset(
    topic: string,
    partition: number,
    next: number,
    signal: AbortSignal,
    payload: EachBatchPayload,
  ): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 200, maxDelayMs: 5000 });
    for (;;) {
      try {
        await this.deps.targets.saveKafkaOffset(this.target._id, topic, partition, next);
        this.next.set(topicPartitionKey(topic, partition), next);
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        const delay = backoff.next();
        this.deps.logger.warn(
          { err: errorMessage(error), retryInMs: delay },
          'saving the projection checkpoint failed; retrying',
        );
        await payload.heartbeat().catch(() => undefined);
        await sleep(delay, signal);
      }
    }
  }
}

function splitKey(key: string): [string, number] {
  const bar = key.lastIndexOf('|');
  return [key.slice(0, bar), Number(key.slice(bar + 1))];
}
