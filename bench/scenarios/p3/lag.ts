// P3 b) append→on-topic lag at a steady 1,000 events/s: events appended to a fresh store by an
// open-loop pacer, relayed by our relay in its own process, timed from the append's
// acknowledgement to their arrival at a consumer of the topic. The same consumer measures a raw
// producer sending at the same rate: the floor Kafka itself sets on this machine.
import { topicForEventType } from '@crm/contracts';
import { PostgresEventStore } from '@crm/event-sourcing';
import { toKafkaMessage } from '@crm/messaging';
import { Partitioners } from 'kafkajs';
import { startChild } from '../../harness/child';
import { LatencyHistogram } from '../../harness/histogram';
import type { LatencySummary } from '../../harness/histogram';
import { benchKafka, benchProvisioner, deleteBenchTopics } from '../../harness/kafka';
import { pace } from '../../harness/pacer';
import { benchPool, recreateDatabase } from '../../harness/postgres';
import type { ReportBuilder } from '../../harness/result';
import type { BenchContext } from '../../harness/scenario';
import { perSecond } from '../../harness/stats';
import { TopicProbe } from '../../harness/topic-probe';
import { ForeignTransactionWatch } from '../../harness/cluster-watch';
import { BENCH_EVENT_TYPE, benchPayload, planEvent } from '../../harness/workload';
import { BENCH_EVENT_TYPES } from '../../sides/ours-append';
import type { RelayInput } from '../../sides/relay-sides';
import { BATCH_SIZE, EVENTS_PER_TICK, RATE_PER_S, RELAY_SIDES as SIDES, TICK_MS } from './settings';

export async function lag(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  const server = ctx.connections.postgresUrl;
  const seconds = ctx.size(report, 'steady-state lag measurement (s per side and run)', 10, 60);
  const warmUpMs = 2000;
  report.setting('lag', {
    ratePerSecond: RATE_PER_S,
    eventsPerAppend: EVENTS_PER_TICK,
    appendEveryMs: TICK_MS,
    warmUpMs,
    measuredSeconds: seconds,
    consumer: 'kafkajs, fresh group, maxWaitTimeInMs 100',
    from: 'append acknowledged to the writer (ours) / before send (raw)',
    to: 'batch delivered to the consumer',
  });
  report.note(
    `Lag load: ${RATE_PER_S} events/s as one ${EVENTS_PER_TICK}-event append every ${TICK_MS} ms (open loop), distinct streams; the first ${warmUpMs} ms are not counted.`,
  );
  const kafka = benchKafka(ctx.connections.kafkaBrokers, 'bench-p3-lag');
  const figures = new Map<string, LatencySummary[]>();
  const achieved = new Map<string, number[]>();
  const record = (side: string, summary: LatencySummary, rate: number): void => {
    figures.set(side, [...(figures.get(side) ?? []), summary]);
    achieved.set(side, [...(achieved.get(side) ?? []), rate]);
    ctx.log(
      `lag ${side.padEnd(11)}: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms at ${rate.toFixed(0)} events/s`,
    );
  };
  const foreignTx: number[] = [];
  const prefix = `bench.p3.lag.${Date.now()}.`;
  const oursNs = `${prefix}ours.`;
  const rawNs = `${prefix}raw.`;
  const topics = {
    ours: topicForEventType(BENCH_EVENT_TYPE, oursNs),
    raw: topicForEventType(BENCH_EVENT_TYPE, rawNs),
  };
  await benchProvisioner(kafka).ensure(Object.values(topics));
  const probe = new TopicProbe(kafka, Object.values(topics), `${prefix}probe`);
  try {
    await probe.start();
    for (let run = 0; run < ctx.runs; run++) {
      const ours = await oursLag(ctx, server, probe, oursNs, run, seconds * 1000, warmUpMs);
      record('ours', ours.summary, ours.rate);
      foreignTx.push(ours.foreignTxMaxMs);
      const raw = await rawLag(kafka, probe, topics.raw, run, seconds * 1000, warmUpMs);
      record('raw kafkajs', raw.summary, raw.rate);
    }
  } finally {
    await probe.stop();
    await deleteBenchTopics(kafka, prefix);
  }
  for (const [side, summaries] of figures) {
    report.measure(
      'lag.p99',
      side,
      'append→on-topic lag at 1,000 events/s: p99',
      'ms',
      summaries.map((s) => s.p99Ms),
      { latency: summaries },
    );
    report.measure(
      'lag.rate',
      side,
      'achieved rate during the lag measurement',
      'events/s',
      achieved.get(side)!,
    );
  }
  report.measure(
    'lag.foreign-tx',
    'other databases (context)',
    'oldest write transaction open in another database of the cluster during the ours run',
    'ms',
    foreignTx,
  );
  const p99 = report.find('lag.p99', 'ours')?.median ?? null;
  const rate = report.find('lag.rate', 'ours')?.median ?? 0;
  report.goal(
    'append→on-topic lag p99 < 50 ms at 1,000 events/s',
    rate >= RATE_PER_S * 0.95 ? p99 : null,
    '<',
    50,
    'ms',
    rate >= RATE_PER_S * 0.95
      ? undefined
      : `the store sustained only ${rate.toFixed(0)} events/s, not 1,000`,
  );
}

async function oursLag(
  ctx: BenchContext,
  server: string,
  probe: TopicProbe,
  namespace: string,
  run: number,
  durationMs: number,
  warmUpMs: number,
): Promise<{ summary: LatencySummary; rate: number; foreignTxMaxMs: number }> {
  // A fresh store per run; the relay starts at its beginning and publishes only this run's events.
  const url = await recreateDatabase(server, 'crm_bench_p3_lag');
  const pool = benchPool(url, 8);
  const store = await PostgresEventStore.create({ pool, eventTypes: BENCH_EVENT_TYPES });
  const relay = startChild<{ published: number }>(SIDES, 'relayUntilStopped', {
    url,
    brokers: ctx.connections.kafkaBrokers,
    namespace,
    batchSize: BATCH_SIZE,
    relayName: 'bench-p3-lag',
    warmUpEvents: 0,
    totalEvents: 0,
  } satisfies RelayInput);
  const watch = new ForeignTransactionWatch(server);
  try {
    await relay.firstNotice;
    await watch.start();
    const appendedAt = new Map<string, number>();
    const start = performance.now();
    const paced = await pace({
      intervalMs: TICK_MS,
      durationMs: warmUpMs + durationMs,
      maxInFlight: 8,
      tick: async (k) => {
        const streamId = `bench.Item-lag${run}x${k}`;
        const events = Array.from(
          { length: EVENTS_PER_TICK },
          (_, i) =>
            planEvent(
              streamId,
              i + 1,
              null,
              BENCH_EVENT_TYPE,
              benchPayload(k * EVENTS_PER_TICK + i),
              k * EVENTS_PER_TICK + i,
            ).event,
        );
        await store.append(streamId, events, { expectedVersion: 'no_stream' });
        const now = performance.now();
        if (now - start >= warmUpMs) for (const e of events) appendedAt.set(e.eventId, now);
      },
    });
    const missing = await probe.waitFor(appendedAt.keys(), 30_000);
    if (missing > 0)
      throw new Error(`${missing} appended events never reached the topic within 30 s`);
    return {
      summary: lagSummary(appendedAt, probe.receivedAt),
      rate: perSecond(paced.ticks * EVENTS_PER_TICK, paced.wallMs),
      foreignTxMaxMs: await watch.stop(),
    };
  } finally {
    await watch.stop().catch(() => undefined);
    relay.stop();
    await relay.result.catch(() => undefined);
    await store.close();
    await pool.end();
  }
}

async function rawLag(
  kafka: ReturnType<typeof benchKafka>,
  probe: TopicProbe,
  topic: string,
  run: number,
  durationMs: number,
  warmUpMs: number,
): Promise<{ summary: LatencySummary; rate: number }> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const sentAt = new Map<string, number>();
    const start = performance.now();
    let position = 0;
    const paced = await pace({
      intervalMs: TICK_MS,
      durationMs: warmUpMs + durationMs,
      maxInFlight: 8,
      tick: async (k) => {
        const streamId = `bench.Item-lagraw${run}x${k}`;
        const messages = Array.from({ length: EVENTS_PER_TICK }, (_, i) => {
          const planned = planEvent(
            streamId,
            i + 1,
            null,
            BENCH_EVENT_TYPE,
            benchPayload(k * EVENTS_PER_TICK + i),
            k * EVENTS_PER_TICK + i,
          );
          return {
            ...planned.event,
            streamId,
            streamVersion: i + 1,
            globalPosition: ++position,
            schemaVersion: 1,
            hash: planned.hash,
            previousHash: null,
          };
        });
        const now = performance.now();
        await producer.sendBatch({
          topicMessages: [{ topic, messages: messages.map(toKafkaMessage) }],
          acks: -1,
        });
        if (now - start >= warmUpMs) for (const m of messages) sentAt.set(m.eventId, now);
      },
    });
    const missing = await probe.waitFor(sentAt.keys(), 30_000);
    if (missing > 0)
      throw new Error(`${missing} produced messages never reached the consumer within 30 s`);
    return {
      summary: lagSummary(sentAt, probe.receivedAt),
      rate: perSecond(paced.ticks * EVENTS_PER_TICK, paced.wallMs),
    };
  } finally {
    await producer.disconnect();
  }
}

function lagSummary(
  from: ReadonlyMap<string, number>,
  to: ReadonlyMap<string, number>,
): LatencySummary {
  const histogram = new LatencyHistogram();
  for (const [id, t] of from) histogram.recordMs(Math.max(0, to.get(id)! - t));
  return histogram.summary();
}
