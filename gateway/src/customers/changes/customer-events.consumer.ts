// Feeds the change hub from Kafka `crm.customers.events`. Each gateway instance uses its own
// consumer group (CRM_GATEWAY_KAFKA_GROUP) because every instance must see every event for its own
// WebSocket subscribers; it starts at the latest offset, as subscriptions are live-only. Malformed
// messages are skipped with a warning: a bad record must not stop live updates for everyone.
// A record whose key and tenant header name a customer nobody watches is dropped before its JSON
// value is parsed: during an import every row's events pass here while no one subscribes.
// Fetches and offset commits are batched (ADR 0366): with kafkajs' defaults every relay batch cost
// the gateway a fetch and an offset commit (11 % of its CPU in P9, and broker work per commit),
// for a live-only feed whose committed offset only matters across a restart.
import { headerValue } from '@crm/messaging';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { type Logger } from 'pino';
import { type CustomerChange } from './customer-change.model';
import { type CustomerChangeHub } from './customer-change-hub';

const CUSTOMER_STREAM_PREFIX = 'customers.Customer-';

/**
 * How the feed reads Kafka: the broker holds a fetch until 64 KiB are ready or 100 ms passed, so a
 * change reaches its subscribers at most ~100 ms later than with an immediate answer, and a busy
 * topic costs one fetch per 100 ms instead of one per relay batch.
 */
export const CHANGE_FEED_FETCH = { minBytes: 64 * 1024, maxWaitTimeInMs: 100 } as const;
/**
 * Offsets are committed by the feed itself every 5 s and when it stops: kafkajs' auto-commit
 * commits after every batch of every partition whatever its interval says. A restarted gateway
 * resumes from its last commit, so it skips through at most 5 s more of records (dropped unparsed
 * unless a subscriber watches them).
 */
export const CHANGE_FEED_COMMIT_INTERVAL_MS = 5_000;

/**
 * False when the record's key (streamId) and `tenantId` header show it is about a customer no
 * subscriber of this gateway watches; true when it may matter (or cannot be told without parsing).
 */
export function mayConcernAWatcher(
  message: Pick<KafkaMessage, 'key' | 'headers'>,
  isWatched: (tenantId: string, customerId: string) => boolean,
): boolean {
  const streamId = message.key?.toString('utf8');
  const tenantId = headerValue(message.headers, 'tenantId');
  if (streamId === undefined || tenantId === undefined) return true;
  if (!streamId.startsWith(CUSTOMER_STREAM_PREFIX)) return false;
  return isWatched(tenantId, streamId.slice(CUSTOMER_STREAM_PREFIX.length));
}

/** The change announced by one Kafka record, or null when it is not a customer event. */
export function changeFromKafkaMessage(
  message: Pick<KafkaMessage, 'key' | 'value'>,
): CustomerChange | null {
  if (!message.value) return null;
  let envelope: Record<string, unknown>;
  try {
    envelope = JSON.parse(message.value.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const streamId =
    typeof envelope['streamId'] === 'string' ? envelope['streamId'] : message.key?.toString('utf8');
  if (!streamId?.startsWith(CUSTOMER_STREAM_PREFIX)) return null;
  const { tenantId, eventId, type, streamVersion, occurredAt, correlationId, data } = envelope;
  if (typeof tenantId !== 'string' || typeof eventId !== 'string' || typeof type !== 'string')
    return null;
  const change: CustomerChange = {
    customerId: streamId.slice(CUSTOMER_STREAM_PREFIX.length),
    tenantId,
    eventId,
    eventType: type,
    streamVersion: typeof streamVersion === 'number' ? streamVersion : 0,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : '',
    correlationId: typeof correlationId === 'string' ? correlationId : '',
  };
  if (data !== null && typeof data === 'object' && 'ownerUserId' in data && 'teamId' in data) {
    change.ownership = {
      ownerUserId:
        typeof data.ownerUserId === 'string' && data.ownerUserId !== '' ? data.ownerUserId : null,
      teamId: typeof data.teamId === 'string' && data.teamId !== '' ? data.teamId : null,
    };
  }
  return change;
}

export class CustomerEventsConsumer {
  private consumer: Consumer | null = null;
  private running = false;
  private stopped = true;
  /** Per partition, the offset of the next record to read: what the next commit stores. */
  private readonly positions = new Map<number, string>();
  private commitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: { brokers: readonly string[]; groupId: string; topic: string },
    private readonly hub: CustomerChangeHub,
    private readonly logger: Logger,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Connects in the background and keeps trying (the topic may not be provisioned yet, Kafka may be
   * restarting); kafkajs itself restarts a consumer that crashes after it has started.
   */
  start(): void {
    this.stopped = false;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let delayMs = 500;
    while (!this.stopped && !this.running) {
      try {
        await this.connectAndRun();
        return;
      } catch (error) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = null;
        this.logger.warn(
          { err: error, retryInMs: delayMs },
          'customer events consumer could not start; live subscriptions wait for it',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        delayMs = Math.min(delayMs * 2, 15_000);
      }
    }
  }

  private async connectAndRun(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'crm-gateway',
      brokers: [...this.options.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 5 },
    });
    const consumer = kafka.consumer({ groupId: this.options.groupId, ...CHANGE_FEED_FETCH });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) =>
      this.logger.warn(
        { err: e.payload.error, groupId: this.options.groupId },
        'customer events consumer crashed',
      ),
    );
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        this.positions.set(partition, (BigInt(message.offset) + 1n).toString());
        if (
          !mayConcernAWatcher(message, (tenant, customer) => this.hub.isWatched(tenant, customer))
        )
          return;
        const change = changeFromKafkaMessage(message);
        if (change) this.hub.publish(change);
        else
          this.logger.debug(
            { topic: this.options.topic, offset: message.offset },
            'skipped a record that is not a customer event',
          );
      },
    });
    this.running = true;
    this.commitTimer = setInterval(
      () => void this.commitPositions(),
      CHANGE_FEED_COMMIT_INTERVAL_MS,
    ).unref();
    this.logger.info(
      { topic: this.options.topic, groupId: this.options.groupId },
      'consuming customer change events',
    );
  }

  private async commitPositions(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.positions.size === 0) return;
    const offsets = [...this.positions].map(([partition, offset]) => ({
      topic: this.options.topic,
      partition,
      offset,
    }));
    this.positions.clear();
    await consumer
      .commitOffsets(offsets)
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'customer events consumer could not commit its offsets'),
      );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    if (this.commitTimer) clearInterval(this.commitTimer);
    this.commitTimer = null;
    await this.commitPositions();
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }
}
