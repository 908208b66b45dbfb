// P3 a) relay throughput: our relay catching up on the shared seeded log vs a raw kafkajs producer
// sending the same messages with the same batch size, acks (all) and producer settings; each side
// in its own process, topics deleted after each run.
import { startChild } from '../../harness/child';
import { benchKafka, deleteBenchTopics } from '../../harness/kafka';
import type { ReportBuilder } from '../../harness/result';
import type { BenchContext } from '../../harness/scenario';
import { SHARED_LOG_DATABASE, cloneDatabase, ensureSharedLog } from '../../harness/seed-log';
import { perSecond } from '../../harness/stats';
import type { RelayInput, ThroughputOutput } from '../../sides/relay-sides';
import { BATCH_SIZE, RELAY_SIDES as SIDES } from './settings';

export async function throughput(ctx: BenchContext, report: ReportBuilder): Promise<void> {
  const server = ctx.connections.postgresUrl;
  const events = ctx.size(report, 'events relayed (catch-up)', 50_000, 1_000_000);
  // The relay reads the head of the shared seeded log (harness/seed-log.ts), cloned per run.
  await ensureSharedLog(server, ctx.scale, ctx.log);
  const warmUpEvents = Math.min(20_000, Math.ceil(events / 10));
  report.setting('throughput', {
    batchSize: BATCH_SIZE,
    acks: 'all (-1)',
    producer: 'idempotent, maxInFlightRequests 1, DefaultPartitioner',
    partitions: 6,
    warmUpEvents,
    contractGate: 'none (bench events have no public contract)',
  });
  const kafka = benchKafka(ctx.connections.kafkaBrokers, 'bench-p3-admin');
  const rates = new Map<string, number[]>();
  for (let run = 0; run < ctx.runs; run++) {
    const url = await cloneDatabase(server, SHARED_LOG_DATABASE, 'crm_bench_p3_relay');
    const sides = [
      { name: 'ours', fn: 'relayCatchUp' },
      { name: 'raw kafkajs', fn: 'rawProduceCatchUp' },
    ];
    for (const side of run % 2 === 0 ? sides : [...sides].reverse()) {
      const namespace = `bench.p3.r${run}.${side.name === 'ours' ? 'ours' : 'raw'}.`;
      const input: RelayInput = {
        url,
        brokers: ctx.connections.kafkaBrokers,
        namespace,
        batchSize: BATCH_SIZE,
        relayName: `bench-p3-r${run}`,
        warmUpEvents,
        totalEvents: events,
      };
      try {
        const { result } = await startChild<ThroughputOutput>(SIDES, side.fn, input).result;
        const rate = perSecond(result.events, result.wallMs);
        rates.set(side.name, [...(rates.get(side.name) ?? []), rate]);
        ctx.log(`run ${run + 1}/${ctx.runs} ${side.name.padEnd(11)}: ${rate.toFixed(0)} events/s`);
      } finally {
        await deleteBenchTopics(kafka, namespace);
      }
    }
  }
  for (const [side, values] of rates)
    report.measure(
      'relay.throughput',
      side,
      `relay ${events.toLocaleString('en-US')} events to Kafka`,
      'events/s',
      values,
    );
  const ratio = report.ratio(
    'ours / raw kafkajs producer',
    'relay.throughput',
    'ours',
    'relay.throughput',
    'raw kafkajs',
  );
  report.goal('relay throughput ≥ 0.8× raw kafkajs producer', ratio, '>=', 0.8, '×');
}
