// P3: the store → Kafka relay.
//  a) throughput: our relay catching up on a seeded log vs a raw kafkajs producer sending the same
//     messages with the same batch size, acks (all) and producer settings; each in its own process;
//  b) append→on-topic lag at a steady 1,000 events/s: events appended to the store (open-loop
//     pacer), relayed by our relay in its own process, timed from the append's acknowledgement to
//     their arrival at a consumer of the topic. The same consumer measures a raw producer sending
//     at the same rate, for the floor Kafka itself sets on this machine.
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { lag } from './p3/lag';
import { throughput } from './p3/throughput';

export const p3Relay: Scenario = {
  id: 'P3',
  title: 'Relay store → Kafka: throughput and append→on-topic lag',
  goal: '≥ 0.8× raw kafkajs producer; lag p99 < 50 ms at a steady 1,000 events/s',
  baseline:
    'raw kafkajs producer, same messages, batch size, acks and producer settings (throughput); the same producer at the same rate (lag floor)',

  workDatabases: ['crm_bench_p3_relay', 'crm_bench_p3_lag'],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    await throughput(ctx, report);
    await lag(ctx, report);
  },
};
