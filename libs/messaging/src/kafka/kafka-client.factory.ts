// One place that builds kafkajs clients the platform's way: our logger instead of kafkajs'
// console output, retry settings that survive a broker restart, and the Java-compatible
// partitioner (murmur2, so a Java client keyed by streamId picks the same partition).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { LogEntry, ProducerConfig, RetryOptions } from 'kafkajs';
import type { Logger } from '../logger';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
  readonly retry?: RetryOptions;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/**
 * How the platform produces events (the relay, `audit replay --to-topic`): idempotent with one
 * request in flight, so a retry can neither duplicate nor reorder within a partition; topics are
 * never auto-created; murmur2 partitioning like Java clients, so keys land where theirs do.
 */
export const ORDERED_IDEMPOTENT_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // kafkajs' own retries are short; the callers (relay, consumer runner) retry forever on top.
    retry: options.retry ?? { initialRetryTime: 300, maxRetryTime: 5000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => forward(options.logger, entry),
  });
}

function forward(logger: Logger, { namespace, level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, ...fields } = log;
  const line = { kafkajs: namespace, ...fields };
  switch (level) {
    case logLevel.ERROR:
      // kafkajs logs every failed connection attempt as ERROR while a broker is down; the callers
      // report the outage once with context, so these are warnings.
      logger.warn(line, message);
      break;
    case logLevel.WARN:
      logger.warn(line, message);
      break;
    case logLevel.INFO:
      logger.info(line, message);
      break;
    case logLevel.DEBUG:
    case logLevel.NOTHING:
      logger.debug(line, message);
      break;
  }
}
