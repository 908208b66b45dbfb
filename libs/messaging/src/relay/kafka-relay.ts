// The relay: forwards the store's global log to Kafka, `crm.<context>.events`, key = streamId.
//
// Guarantees (docs/delivery-guarantees.md):
// - at least once: the checkpoint moves only after Kafka acknowledged the batch (acks = all), and a
//   restart resumes from the checkpoint, so a crash between the two republishes (duplicates), never
//   skips;
// - per-stream order: the store hands events over in global order, each batch goes out with one
//   idempotent producer (maxInFlightRequests = 1, so retries cannot reorder), and the key pins a
//   stream to one partition;
// - back-pressure: one batch in flight to Kafka and, while catching up (full batches), one read
//   ahead of it: while batch N waits for Kafka's acknowledgement, the subscription reads and maps
//   batch N+1 (the store read and the JSON encoding overlap the broker round trip, ADR 0365); N+1
//   is sent only once N is acknowledged and checkpointed, so the order and the checkpoint rule
//   above hold. At the head of the log (short batches) it waits for each acknowledgement before
//   reading again, so what arrives meanwhile goes out together. While Kafka is down the relay
//   retries the same batch with backoff and reads at most one batch ahead.
import type { EventEnvelope, EventStore, SubscriptionContext } from '@crm/event-sourcing';
import { topicForEventType } from '@crm/contracts';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { Backoff, errorMessage, sleep } from '../backoff';
import type { BackoffOptions } from '../backoff';
import { toKafkaMessage } from '../kafka/event-message.mapper';
import { ORDERED_IDEMPOTENT_PRODUCER } from '../kafka/kafka-client.factory';
import type { Logger } from '../logger';
import type { TopicProvisioner } from '../topics/topic-provisioner';
import type { ContractGate } from './contract-gate';
import { OneBatchInFlight } from './one-batch-in-flight';
import type { Queryable, RelayCheckpointRepository } from './relay-checkpoint.repository';

export interface KafkaRelayOptions {
  readonly store: EventStore;
  readonly kafka: Kafka;
  readonly provisioner: TopicProvisioner;
  readonly checkpoints: RelayCheckpointRepository;
  readonly logger: Logger;
  /** Prefix of every topic name (tests use it to get their own topics). */
  readonly topicNamespace?: string;
  /** Events per store read and per Kafka sendBatch; default 500. */
  readonly batchSize?: number;
  readonly contractGate?: ContractGate;
  /** Backoff while Kafka is unreachable. */
  readonly retry?: BackoffOptions;
  /** Kafka request timeout for a batch; default 30 s. */
  readonly sendTimeoutMs?: number;
  /**
   * Observer of each batch once Kafka acknowledged it and the checkpoint moved (metrics and
   * spans: @crm/observability's relayBatchPublished). `startedAt` is epoch ms, `started` hrtime.
   */
  readonly onPublished?: (
    events: readonly EventEnvelope[],
    startedAt: number,
    started: bigint,
  ) => void;
}

export interface RelayStatus {
  readonly running: boolean;
  /** Every event at or below this global position has been acknowledged by Kafka. */
  readonly checkpoint: number;
  readonly publishedEvents: number;
  readonly publishedBatches: number;
  /** Consecutive failed sends of the current batch (0 when Kafka is healthy). */
  readonly failedAttempts: number;
  readonly lastError: string | undefined;
  readonly lastPublishedAt: Date | undefined;
}

export class KafkaRelay {
  private state: RelayStatus = {
    running: false,
    checkpoint: 0,
    publishedEvents: 0,
    publishedBatches: 0,
    failedAttempts: 0,
    lastError: undefined,
    lastPublishedAt: undefined,
  };
  private producer: Producer | undefined;

  constructor(private readonly options: KafkaRelayOptions) {}

  status(): RelayStatus {
    return this.state;
  }

  /**
   * Publishes from the stored checkpoint until `signal` aborts. `db` is the connection the
   * checkpoint is written through (the leader's lock connection: see leader election).
   * Resolves when stopped; rejects on an error that retrying cannot fix (contract violation,
   * checkpoint write failure = lost leadership, store failure).
   */
  async run(db: Queryable, signal: AbortSignal): Promise<void> {
    const { logger } = this.options;
    const start = await this.options.checkpoints.load(db);
    this.update({ running: true, checkpoint: start.position, lastError: undefined });
    logger.info({ checkpoint: start.position }, 'relay starting from checkpoint');
    const pipeline = new OneBatchInFlight();
    const batchSize = this.options.batchSize ?? 500;
    const subscription = this.options.store.subscribeToAll(
      async (events, context) => {
        if (signal.aborted) throw new RelayStoppedError();
        this.options.contractGate?.check(events);
        // Mapped while the previous batch is still on its way to Kafka.
        const topicMessages = this.groupByTopic(events);
        await pipeline.idle();
        pipeline.launch(this.publishAndCheckpoint(db, events, topicMessages, context, signal));
        // A short batch means the relay is at the head of the log: reading again now would fetch
        // a handful of events per Kafka request. Waiting for the acknowledgement lets the events
        // that arrive meanwhile travel together in the next batch, as before the pipeline.
        if (events.length < batchSize) await pipeline.idle();
      },
      { after: start.position, batchSize },
    );
    const stopped = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    try {
      // A batch that fails after the handler returned (checkpoint write = lost leadership) must
      // stop the relay even when no new event arrives to call the handler again.
      await Promise.race([subscription.done, stopped, pipeline.failed]);
    } catch (error) {
      if (!(error instanceof RelayStoppedError) && !signal.aborted) {
        this.update({ lastError: errorMessage(error) });
        throw error;
      }
    } finally {
      await subscription.stop();
      await pipeline.idle().catch(() => undefined);
      await this.disconnectProducer();
      this.update({ running: false });
      logger.info({ checkpoint: this.state.checkpoint }, 'relay stopped');
    }
  }

  /** Sends one batch, then moves the checkpoint past it: only then is it safe in Kafka. */
  private async publishAndCheckpoint(
    db: Queryable,
    events: readonly EventEnvelope[],
    topicMessages: TopicMessages[],
    context: SubscriptionContext,
    signal: AbortSignal,
  ): Promise<void> {
    const startedAt = Date.now();
    const started = process.hrtime.bigint();
    await this.publish(events, topicMessages, signal);
    await this.options.checkpoints.save(db, context.checkpoint);
    this.update({
      checkpoint: context.checkpoint,
      publishedEvents: this.state.publishedEvents + events.length,
      publishedBatches: this.state.publishedBatches + 1,
      lastPublishedAt: new Date(),
    });
    this.options.onPublished?.(events, startedAt, started);
  }

  private async publish(
    events: readonly EventEnvelope[],
    topicMessages: TopicMessages[],
    signal: AbortSignal,
  ): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 200, maxDelayMs: 5000, ...this.options.retry });
    for (;;) {
      if (signal.aborted) throw new RelayStoppedError();
      try {
        const unknown = topicMessages
          .map((t) => t.topic)
          .filter((topic) => !this.options.provisioner.isKnown(topic));
        if (unknown.length > 0) await this.options.provisioner.ensure(unknown);
        const producer = await this.connectedProducer();
        await producer.sendBatch({
          topicMessages,
          acks: -1,
          timeout: this.options.sendTimeoutMs ?? 30_000,
        });
        if (backoff.attempts > 0)
          this.options.logger.info(
            { attempts: backoff.attempts },
            'Kafka reachable again; batch published',
          );
        this.update({ failedAttempts: 0, lastError: undefined });
        return;
      } catch (error) {
        const delay = backoff.next();
        this.update({ failedAttempts: backoff.attempts, lastError: errorMessage(error) });
        this.options.logger.warn(
          {
            err: errorMessage(error),
            events: events.length,
            attempt: backoff.attempts,
            retryInMs: delay,
          },
          'publishing to Kafka failed; retrying the same batch',
        );
        // A fresh producer after a failure: the idempotent producer's sequence state may be
        // stale after a broker restart, and a new producer id is always safe (duplicates at worst).
        await this.disconnectProducer();
        await sleep(delay, signal);
      }
    }
  }

  private groupByTopic(events: readonly EventEnvelope[]): TopicMessages[] {
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const topic = topicForEventType(event.type, this.options.topicNamespace);
      let messages = byTopic.get(topic);
      if (!messages) byTopic.set(topic, (messages = []));
      messages.push(toKafkaMessage(event));
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.options.kafka.producer(ORDERED_IDEMPOTENT_PRODUCER);
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async disconnectProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private update(patch: Partial<RelayStatus>): void {
    this.state = { ...this.state, ...patch };
  }
}

/** Thrown inside the subscription handler to unwind it when the relay is asked to stop. */
class RelayStoppedError extends Error {
  constructor() {
    super('relay stopped');
    this.name = 'RelayStoppedError';
  }
}
