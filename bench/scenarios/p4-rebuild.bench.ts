// P4: rebuild of the customer 360 read model from the store (the projections CLI's code path),
// against raw mongoose bulkWrite upserts of the very documents the rebuild produced. Each side runs
// in its own process (peak RSS); MongoDB's bench database is emptied before every run.
import path from 'node:path';
import { runInChild } from '../harness/child';
import { benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { ensureSeeded } from '../harness/seed-log';
import { perSecond } from '../harness/stats';
import { EVENTS_PER_CUSTOMER, customerSeedSource } from '../sides/customer-events';
import type {
  BulkWriteInput,
  BulkWriteOutput,
  RebuildInput,
  RebuildOutput,
} from '../sides/rebuild-sides';

const SIDES = path.join(__dirname, '..', 'sides', 'rebuild-sides.ts');
const CUSTOMERS_DATABASE = 'crm_bench_customers';
const BATCH_SIZE = 1000; // the rebuilder's default page size

export const p4Rebuild: Scenario = {
  id: 'P4',
  title: 'Projection rebuild of customer 360 (events/s)',
  goal: '≥ 0.7× raw mongoose bulkWrite of the same final upserts',
  baseline:
    'mongoose Model.bulkWrite upserts ($set, upsert: true, batches of 1,000) of the final documents the rebuild produced, same indexes, own process',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    // 10k by default. On a stock mongo-java-server every guarded update scans the whole collection
    // (rebuild time grows with the square of the size); crm-infra's launcher narrows such filters by
    // `_id` since ADR 0360, so a server started before it must be restarted for a fair figure.
    const events = ctx.size(report, 'customer events rebuilt', 10_000, 1_000_000);
    const customers = events / EVENTS_PER_CUSTOMER;
    const seed = await ensureSeeded(
      ctx.connections.postgresUrl,
      CUSTOMERS_DATABASE,
      customerSeedSource(customers),
      ctx.log,
    );
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl);
    report.setting('seed', {
      database: CUSTOMERS_DATABASE,
      customers,
      eventsPerCustomer: EVENTS_PER_CUSTOMER,
      personalData: 'encrypted per customer, read through customersDecryptingStore',
      reused: seed.reused,
    });
    report.setting('rebuild', {
      batchSize: BATCH_SIZE,
      projection: 'customer-360 v1 (customers_360 + customer_search)',
      mongo: mongoUrl,
      warmUp: 'none: a rebuild is a one-off job, timed end to end',
    });
    report.setting('rawBulkWrite', {
      batchSize: BATCH_SIZE,
      operation: 'updateOne {$set: final document} upsert',
      ordered: true,
    });

    const oursRates: number[] = [];
    const rawRates: number[] = [];
    const oursRss: number[] = [];
    const rawRss: number[] = [];
    // CPU per 1,000 events of the timed section: each side's process, and the MongoDB-wire server.
    const cpu = new Map<string, number[]>();
    const addCpu = (key: string, ms: number | undefined) => {
      if (ms !== undefined) cpu.set(key, [...(cpu.get(key) ?? []), (ms * 1000) / events]);
    };
    for (let run = 0; run < ctx.runs; run++) {
      await dropMongoDatabase(mongoUrl);
      const ours = await runInChild<RebuildOutput>(SIDES, 'rebuildOurs', {
        postgresUrl: seed.url,
        mongoUrl,
        batchSize: BATCH_SIZE,
      } satisfies RebuildInput);
      if (ours.result.eventsApplied !== events)
        throw new Error(
          `the rebuild applied ${ours.result.eventsApplied} events, the store holds ${events}`,
        );
      const raw = await runInChild<BulkWriteOutput>(SIDES, 'bulkWriteRaw', {
        mongoUrl,
        from: ours.result.collections,
        batchSize: BATCH_SIZE,
      } satisfies BulkWriteInput);
      if (ours.result.pages.perEvent > 0)
        ctx.log(
          `${ours.result.pages.perEvent} pages needed the per-event writer (refusals or conflicts)`,
        );
      addCpu('ours.node', ours.result.cpu.nodeMs);
      addCpu('ours.mongo', ours.result.cpu.mongoMs);
      addCpu('raw.node', raw.result.cpu.nodeMs);
      addCpu('raw.mongo', raw.result.cpu.mongoMs);
      const documents = Object.values(ours.result.documents).reduce((a, b) => a + b, 0);
      if (raw.result.documents !== documents)
        throw new Error(
          `raw wrote ${raw.result.documents} documents, the rebuild produced ${documents}`,
        );
      // Both rates count the same work: the final state of `events` events.
      oursRates.push(perSecond(events, ours.result.wallMs));
      rawRates.push(perSecond(events, raw.result.wallMs));
      oursRss.push(ours.peakRssBytes);
      rawRss.push(raw.peakRssBytes);
      ctx.log(
        `run ${run + 1}/${ctx.runs}: ours ${(ours.result.wallMs / 1000).toFixed(1)} s (${oursRates.at(-1)!.toFixed(0)} events/s, ${JSON.stringify(ours.result.documents)}), raw bulkWrite ${(raw.result.wallMs / 1000).toFixed(1)} s`,
      );
    }
    await dropMongoDatabase(mongoUrl);
    report.measure(
      'rebuild',
      'ours',
      `rebuild customer 360 from ${events.toLocaleString('en-US')} events`,
      'events/s',
      oursRates,
      { peakRssBytes: oursRss },
    );
    report.measure(
      'rebuild',
      'raw mongoose',
      `bulkWrite the final documents of ${events.toLocaleString('en-US')} events`,
      'events/s',
      rawRates,
      { peakRssBytes: rawRss },
    );
    for (const [key, values] of cpu) {
      const [side, process] = key.split('.') as [string, string];
      report.measure(
        `cpu.${side}.${process}`,
        side === 'ours' ? 'ours' : 'raw mongoose',
        `${process === 'node' ? 'rebuild process' : 'MongoDB-wire server'} CPU per 1,000 events`,
        'ms',
        values,
      );
    }
    const ratio = report.ratio(
      'ours / raw mongoose bulkWrite',
      'rebuild',
      'ours',
      'rebuild',
      'raw mongoose',
    );
    report.goal(
      'rebuild ≥ 0.7× raw mongoose bulkWrite of the final upserts',
      ratio,
      '>=',
      0.7,
      '×',
    );
    report.note(
      'Raw writes one upsert per final document; ours reads and decrypts the events, reads each page’s documents by _id, folds the page’s changes in memory with the live guard and writes each changed document once (ADR 0465): that is the gap the ratio measures. MongoDB-wire CPU is the whole server’s (other clients of a shared server included).',
    );
  },
};
