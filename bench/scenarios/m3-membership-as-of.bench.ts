// M3: a segment's membership as of a past date (issue 13: "membership as of a past date over 1M
// events"). One segment's history of `marketing.SegmentMembershipChanged` (100,000 events by default,
// 1,000,000 with --scale: a tenth as many customers, each entering and leaving five times over a
// year of daily reconciliation passes) appended in bulk to a throwaway event store, and the
// membership read model (`marketing-segment-members`) written as its projection writes it (one
// document per customer with every change keyed by stream version) on a throwaway MongoDB-wire
// database. Ours: `segmentMembers(asOf)` as GraphQL answers it (count and first 200 ids), at three
// past dates. Baseline: the same answer by folding the segment's stream up to the date from the
// store (`loadStateAt`, the auditor's way). Both must give the expected count.
import {
  PostgresEventStore,
  loadStateAt,
  type NewEvent,
  type StreamAppend,
} from '@crm/event-sourcing';
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import {
  segmentMembershipDecider,
  segmentMembershipStreamId,
  type MembershipChange,
} from '@crm/marketing-domain';
import {
  MARKETING_SEGMENT_MEMBERS_MODEL,
  MARKETING_SEGMENT_MEMBERS_PROJECTION,
  segmentMemberDocumentId,
  segmentMembers,
} from '@crm/marketing-read-models';
import { ALIASES_COLLECTION, ReadModelResolver } from '@crm/read-models';
import mongoose from 'mongoose';
import { infraServerCpuMs, processCpuMs } from '../harness/process-cpu';
import { v7 as uuidv7 } from 'uuid';
import { PATIENT_MONGO, benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import { dropDatabase, recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { nowNs } from '../harness/timer';
import { BENCH_TENANT } from '../harness/workload';

const DATABASE = 'crm_bench_marketing_membership';
const MONGO_DATABASE = 'bench_crm_marketing_membership';
const COLLECTION = 'marketing_segment_members_m3';
const SEGMENT = 'm3-segment';
/** Each customer enters and leaves five times: ten changes, one in each 36-day period. */
const CHANGES_PER_CUSTOMER = 10;
const PERIOD_DAYS = 36;
const DAYS = CHANGES_PER_CUSTOMER * PERIOD_DAYS;
const START = Date.parse('2025-01-01T02:00:00.000Z');
const DAY_MS = 86_400_000;
const EVENTS_PER_APPEND = 5_000;
/** Past dates asked for: a quarter, half and three quarters into the history (end of that day). */
const AS_OF_DAYS = [90, 180, 270];

/** An event store on a bench database that takes the marketing context's events (M2, M3). */
export const marketingBenchStore = (url: string): Promise<PostgresEventStore> =>
  PostgresEventStore.create({
    connectionString: url,
    eventTypes: storeEventTypes(marketingContracts.events),
    poolConfig: { max: 2 },
  });

const customerId = (i: number) => `m3-${String(i).padStart(7, '0')}`;
/** The day of the period on which customer i changes (the same in every period). */
const dayInPeriod = (i: number) => (i * 7) % PERIOD_DAYS;
const changeAt = (day: number) => new Date(START + day * DAY_MS).toISOString();
const asOfInstant = (day: number) => new Date(START + day * DAY_MS + DAY_MS - 1).toISOString();
const ms = (startedNs: bigint) => Number(nowNs() - startedNs) / 1e6;

/** Members at the end of `day`: customers whose changes so far number an odd count (entered last). */
function expectedMembers(customers: number, day: number): number {
  let members = 0;
  for (let i = 0; i < customers; i++) {
    const done = Math.floor(day / PERIOD_DAYS) + (day % PERIOD_DAYS >= dayInPeriod(i) ? 1 : 0);
    if (done % 2 === 1) members++;
  }
  return members;
}

/** The history in store order: day by day, each day's changes by customer id (as a pass appends). */
function* history(customers: number) {
  const byDay = new Map<number, number[]>();
  for (let i = 0; i < customers; i++) {
    const list = byDay.get(dayInPeriod(i)) ?? [];
    list.push(i);
    byDay.set(dayInPeriod(i), list);
  }
  for (let day = 0; day < DAYS; day++) {
    const change: MembershipChange = Math.floor(day / PERIOD_DAYS) % 2 === 0 ? 'entered' : 'left';
    for (const i of byDay.get(day % PERIOD_DAYS) ?? []) yield { i, day, change };
  }
}

async function seedStore(store: PostgresEventStore, customers: number): Promise<void> {
  const actor = { kind: 'system' as const, name: 'marketing.membership' };
  let events: NewEvent[] = [];
  const flush = async () => {
    const append: StreamAppend = { streamId: segmentMembershipStreamId(SEGMENT), events };
    await store.appendMany([append]);
    events = [];
  };
  for (const { i, day, change } of history(customers)) {
    const at = changeAt(day);
    const correlationId = uuidv7();
    events.push({
      eventId: uuidv7(),
      type: 'marketing.SegmentMembershipChanged',
      tenantId: BENCH_TENANT,
      occurredAt: at,
      actor,
      correlationId,
      causationId: correlationId,
      data: { segmentId: SEGMENT, customerId: customerId(i), change, changedAt: at },
    });
    if (events.length === EVENTS_PER_APPEND) await flush();
  }
  if (events.length > 0) await flush();
}

/** The read model as the projection writes it: per customer, member now and every change by version. */
async function seedReadModel(db: mongoose.mongo.Db, customers: number): Promise<void> {
  await db.collection<{ _id: string }>(ALIASES_COLLECTION).insertOne({
    _id: MARKETING_SEGMENT_MEMBERS_PROJECTION,
    version: 1,
    targetId: `${MARKETING_SEGMENT_MEMBERS_PROJECTION}.v1.bench`,
    collections: { [MARKETING_SEGMENT_MEMBERS_MODEL]: COLLECTION },
    switchedAt: new Date(),
  } as never);
  const docs = new Map<
    number,
    { member: boolean; changes: Record<string, { change: string; at: string }> }
  >();
  let version = 0;
  for (const { i, day, change } of history(customers)) {
    version++;
    const doc = docs.get(i) ?? { member: false, changes: {} };
    doc.member = change === 'entered';
    doc.changes[String(version)] = { change, at: changeAt(day) };
    docs.set(i, doc);
  }
  const collection = db.collection(COLLECTION);
  let batch: object[] = [];
  for (const [i, doc] of docs) {
    batch.push({
      _id: segmentMemberDocumentId(BENCH_TENANT, SEGMENT, customerId(i)),
      tenantId: BENCH_TENANT,
      segmentId: SEGMENT,
      customerId: customerId(i),
      ...doc,
    });
    if (batch.length === 1_000) {
      await collection.insertMany(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await collection.insertMany(batch, { ordered: false });
  // The projection's own index (marketing-segment-members.projection.ts).
  await collection.createIndex({ tenantId: 1, segmentId: 1, member: 1, customerId: 1 });
}

export const m3MembershipAsOf: Scenario = {
  id: 'M3',
  title: "A segment's membership as of a past date (ms)",
  goal: 'membership as of a past date over 1M SegmentMembershipChanged events (the issue sets no figure; reported)',
  baseline:
    "the segment's stream folded up to the date from the event store (loadStateAt), same run",

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const events = ctx.size(report, 'membership events', 100_000, 1_000_000);
    const customers = events / CHANGES_PER_CUSTOMER;
    const url = await recreateDatabase(ctx.connections.postgresUrl, DATABASE);
    const store = await marketingBenchStore(url);
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl, MONGO_DATABASE);
    await dropMongoDatabase(mongoUrl);
    const connection = await mongoose.createConnection(mongoUrl, PATIENT_MONGO).asPromise();
    try {
      let started = nowNs();
      await seedStore(store, customers);
      ctx.log(`${events} membership events appended in ${(ms(started) / 1000).toFixed(1)} s`);
      started = nowNs();
      await seedReadModel(connection.db!, customers);
      ctx.log(`${customers} member documents written in ${(ms(started) / 1000).toFixed(1)} s`);
      const resolver = new ReadModelResolver(connection);
      const ours: number[] = [];
      const replay: number[] = [];
      // CPU per evaluated event (µs): this process and the server each side reads.
      const cpu = {
        ours: [] as number[],
        oursMongo: [] as number[],
        fold: [] as number[],
        foldPostgres: [] as number[],
      };
      const cpuPerEvent = (before: number | undefined, after: number | undefined) =>
        before === undefined || after === undefined ? NaN : ((after - before) * 1000) / events;
      for (let run = 0; run < ctx.runs; run++) {
        for (const day of AS_OF_DAYS) {
          const asOf = asOfInstant(day);
          const want = expectedMembers(customers, day);
          let [node, server] = [processCpuMs(process.pid), infraServerCpuMs('mongo')];
          started = nowNs();
          const view = await segmentMembers(resolver, BENCH_TENANT, SEGMENT, { asOf, limit: 200 });
          ours.push(ms(started));
          cpu.ours.push(cpuPerEvent(node, processCpuMs(process.pid)));
          cpu.oursMongo.push(cpuPerEvent(server, infraServerCpuMs('mongo')));
          if (view.count !== want)
            throw new Error(
              `M3: read model gave ${view.count} members at ${asOf}, expected ${want}`,
            );
          [node, server] = [processCpuMs(process.pid), infraServerCpuMs('postgres')];
          started = nowNs();
          const folded = await loadStateAt(
            store,
            segmentMembershipDecider,
            segmentMembershipStreamId(SEGMENT),
            { time: asOf },
            { tenantId: BENCH_TENANT },
          );
          replay.push(ms(started));
          cpu.fold.push(cpuPerEvent(node, processCpuMs(process.pid)));
          cpu.foldPostgres.push(cpuPerEvent(server, infraServerCpuMs('postgres')));
          if (folded.state.members.size !== want)
            throw new Error(`M3: the fold gave ${folded.state.members.size}, expected ${want}`);
        }
        ctx.log(
          `run ${run + 1}/${ctx.runs}: read model ${ours
            .slice(-3)
            .map((v) => v.toFixed(0))
            .join('/')} ms, fold ${replay
            .slice(-3)
            .map((v) => v.toFixed(0))
            .join('/')} ms`,
        );
      }
      const label = `${events.toLocaleString('en')} events, ${customers.toLocaleString('en')} customers, 3 past dates`;
      report.measure('as of', 'ours', `segmentMembers(asOf): ${label}`, 'ms', ours);
      report.measure('as of', 'store fold', `loadStateAt over the stream: ${label}`, 'ms', replay);
      report.ratio('ours / store fold (ms)', 'as of', 'ours', 'as of', 'store fold');
      const perEvent = 'CPU per evaluated event';
      report.measure('cpu.node', 'ours', `${perEvent}: bench process (read model)`, 'µs', cpu.ours);
      report.measure('cpu.mongo', 'ours', `${perEvent}: MongoDB-wire server`, 'µs', cpu.oursMongo);
      report.measure('cpu.node', 'store fold', `${perEvent}: bench process (fold)`, 'µs', cpu.fold);
      report.measure(
        'cpu.postgres',
        'store fold',
        `${perEvent}: PostgreSQL`,
        'µs',
        cpu.foldPostgres,
      );
      report.setting('changes per customer', CHANGES_PER_CUSTOMER);
      report.note(
        'History: one segment, daily reconciliation passes over a year, each customer entering and leaving five times; the read model is written as its projection writes it. With --scale: 1,000,000 events (100,000 customers).',
      );
    } finally {
      await connection.close();
      await dropMongoDatabase(mongoUrl);
      await store.close();
      await dropDatabase(ctx.connections.postgresUrl, DATABASE);
    }
  },
};
