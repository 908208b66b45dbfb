// P3's contenders, each run in its own process (like the relay service): our KafkaRelay (store
// subscription → sendBatch with acks = all → checkpoint) and a raw kafkajs producer sending the very
// same messages with the same batch size, acks and producer settings, without reading a store.
import { PostgresEventStore } from '@crm/event-sourcing';
import {
  KafkaRelay,
  RelayCheckpointRepository,
  ensureRelaySchema,
  silentLogger,
  toKafkaMessage,
} from '@crm/messaging';
import { topicForEventType } from '@crm/contracts';
import { Partitioners } from 'kafkajs';
import type { Message } from 'kafkajs';
import { Pool } from 'pg';
import type { ChildContext } from '../harness/child';
import { benchKafka, benchProvisioner } from '../harness/kafka';
import { elapsedMs, nowNs, sleep } from '../harness/timer';
import { BENCH_EVENT_TYPE } from '../harness/workload';
import { BENCH_EVENT_TYPES } from './ours-append';

export interface RelayInput {
  readonly url: string;
  readonly brokers: readonly string[];
  readonly namespace: string;
  readonly batchSize: number;
  readonly relayName: string;
  /** Events published before the clock starts (JIT, producer connection, first metadata). */
  readonly warmUpEvents: number;
  /** Events to relay from the start of the log (catch-up: stop once they are all published). */
  readonly totalEvents: number;
}

export interface ThroughputOutput {
  readonly events: number;
  readonly wallMs: number;
}

async function openStore(url: string): Promise<{ store: PostgresEventStore; pool: Pool }> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = await PostgresEventStore.create({
    pool,
    eventTypes: BENCH_EVENT_TYPES,
    migrate: false,
  });
  await ensureRelaySchema(pool);
  return { store, pool };
}

function relayFor(input: RelayInput, store: PostgresEventStore) {
  const kafka = benchKafka(input.brokers, `bench-relay-${input.relayName}`);
  const provisioner = benchProvisioner(kafka);
  const relay = new KafkaRelay({
    store,
    kafka,
    provisioner,
    checkpoints: new RelayCheckpointRepository(input.relayName),
    logger: silentLogger,
    topicNamespace: input.namespace,
    batchSize: input.batchSize,
  });
  return { relay, provisioner };
}

/** Ours, catch-up: relays the whole seeded log; timed from `warmUpEvents` published to all published. */
export async function relayCatchUp(input: RelayInput): Promise<ThroughputOutput> {
  const { store, pool } = await openStore(input.url);
  const { relay, provisioner } = relayFor(input, store);
  await provisioner.ensure([topicForEventType(BENCH_EVENT_TYPE, input.namespace)]); // not part of the timing
  const stop = new AbortController();
  const running = relay.run(pool, stop.signal);
  try {
    let start: bigint | undefined;
    let startCount = 0;
    let lastProgress = Date.now();
    let lastCount = 0;
    for (;;) {
      const { publishedEvents, lastError } = relay.status();
      if (start === undefined && publishedEvents >= input.warmUpEvents) {
        start = nowNs();
        startCount = publishedEvents;
      }
      if (publishedEvents >= input.totalEvents) {
        return { events: publishedEvents - startCount, wallMs: elapsedMs(start!) };
      }
      if (publishedEvents > lastCount) {
        lastCount = publishedEvents;
        lastProgress = Date.now();
      } else if (Date.now() - lastProgress > 60_000) {
        throw new Error(
          `relay made no progress for 60 s at ${publishedEvents} events (last error: ${lastError ?? 'none'})`,
        );
      }
      await sleep(1);
    }
  } finally {
    stop.abort();
    await running.catch(() => undefined);
    await store.close();
    await pool.end();
  }
}

/** Baseline, catch-up: the same messages (read and mapped before the clock starts), same batches. */
export async function rawProduceCatchUp(input: RelayInput): Promise<ThroughputOutput> {
  const { store, pool } = await openStore(input.url);
  const topic = topicForEventType(BENCH_EVENT_TYPE, input.namespace);
  const batches: Message[][] = [];
  try {
    let batch: Message[] = [];
    for await (const event of store.readAll({
      batchSize: input.batchSize,
      maxCount: input.totalEvents,
    })) {
      batch.push(toKafkaMessage(event));
      if (batch.length === input.batchSize) {
        batches.push(batch);
        batch = [];
      }
    }
    if (batch.length > 0) batches.push(batch);
  } finally {
    await store.close();
    await pool.end();
  }
  const kafka = benchKafka(input.brokers, 'bench-raw-producer');
  await benchProvisioner(kafka).ensure([topic]);
  // The relay's producer settings: idempotent, one request in flight (ordering), no auto-creation.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    let sent = 0;
    let start: bigint | undefined;
    let startCount = 0;
    for (const messages of batches) {
      if (start === undefined && sent >= input.warmUpEvents) {
        start = nowNs();
        startCount = sent;
      }
      await producer.sendBatch({ topicMessages: [{ topic, messages }], acks: -1, timeout: 30_000 });
      sent += messages.length;
    }
    return { events: sent - startCount, wallMs: elapsedMs(start!) };
  } finally {
    await producer.disconnect();
  }
}

/** Ours, steady state: relays from the current checkpoint until the parent stops it. */
export async function relayUntilStopped(
  input: RelayInput,
  context: ChildContext,
): Promise<{ published: number }> {
  const { store, pool } = await openStore(input.url);
  const { relay, provisioner } = relayFor(input, store);
  await provisioner.ensure([topicForEventType(BENCH_EVENT_TYPE, input.namespace)]);
  const stop = new AbortController();
  const running = relay.run(pool, stop.signal);
  try {
    // Ready once the relay has started its subscription (checkpoint loaded).
    while (!relay.status().running) await sleep(5);
    context.notify('ready');
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      context.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const { lastError, publishedEvents } = relay.status();
    if (lastError) throw new Error(`relay failed: ${lastError}`);
    return { published: publishedEvents };
  } finally {
    stop.abort();
    await running.catch(() => undefined);
    await store.close();
    await pool.end();
  }
}
