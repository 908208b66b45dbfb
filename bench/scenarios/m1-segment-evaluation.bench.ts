// M1: evaluating a segment over the marketing audience (issue 13: "evaluate a segment over 100,000
// customers, goal < 5 s, report the rate"). Customer profiles (20,000 by default, 100,000 with
// --scale) in a throwaway database on the MongoDB-wire server, registered under the audience's read
// model alias; one rule (region, tag, e-mail consent) parsed, compiled to its MongoDB filter and run
// as a send and the membership reconciliation run it (CustomerAudience.members: every member, in id
// order, as AudienceMember). Baseline: the same filter hand-written and read with the driver alone.
import { NO_SEGMENT_INPUTS, parseSegmentRule, segmentFilter, tagKey } from '@crm/marketing-domain';
import {
  CUSTOMER_PROFILE_MODEL,
  CUSTOMER_PROFILE_PROJECTION,
  CustomerAudience,
} from '@crm/marketing-read-models';
import { ALIASES_COLLECTION } from '@crm/read-models';
import mongoose from 'mongoose';
import { benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { nowNs } from '../harness/timer';
import { BENCH_TENANT } from '../harness/workload';

const MONGO_DATABASE = 'bench_crm_marketing_segments';
const COLLECTION = 'customer_profiles_m1';
const BATCH = 1_000;
const REGIONS = ['DE-BY', 'DE-BE', 'FR-IDF', 'CN-SH', 'US-TX'];
const RULE = {
  and: [
    { field: 'region', op: 'in', value: ['DE-BY', 'CN-SH'] },
    { field: 'tag', op: 'has', value: 'compilers' },
    { field: 'consent.email', op: 'eq', value: true },
  ],
};

const seconds = (startedNs: bigint) => Number(nowNs() - startedNs) / 1e9;

/** Customer i: a region in turn, every third interested in compilers, every other with consent. */
function profile(i: number) {
  return {
    _id: `m1-${String(i).padStart(7, '0')}`,
    tenantId: BENCH_TENANT,
    kind: 'person',
    status: 'active',
    person: { firstName: `First${i}`, lastName: `Last${i}` },
    demographics: { region: REGIONS[i % REGIONS.length] },
    tags: i % 3 === 0 ? { interest: { [tagKey('compilers')]: 'compilers' } } : {},
    consents: { email: { granted: i % 2 === 0, source: 'bench', since: '2026-01-01T00:00:00Z' } },
    contacts: {
      c1: { kind: 'email', email: `c${i}@bench.example`, addedAt: '2026-01-01T00:00:00Z' },
    },
    primaryContacts: { email: 'c1' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

const expectedMembers = (n: number) =>
  Array.from({ length: n }, (_, i) => i).filter(
    (i) => ['DE-BY', 'CN-SH'].includes(REGIONS[i % REGIONS.length]!) && i % 3 === 0 && i % 2 === 0,
  ).length;

export const m1SegmentEvaluation: Scenario = {
  id: 'M1',
  title: 'Segment evaluation over the marketing audience (s)',
  goal: 'evaluate a segment over 100,000 customers < 5 s (report the rate)',
  baseline: 'the same filter hand-written, read with the MongoDB driver alone, same data, same run',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const customers = ctx.size(report, 'customers', 20_000, 100_000);
    const mongoUrl = benchMongoUrl(ctx.connections.mongoUrl, MONGO_DATABASE);
    await dropMongoDatabase(mongoUrl);
    const connection = await mongoose
      .createConnection(mongoUrl, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    try {
      const db = connection.db!;
      await db.collection<{ _id: string }>(ALIASES_COLLECTION).insertOne({
        _id: CUSTOMER_PROFILE_PROJECTION,
        version: 1,
        targetId: `${CUSTOMER_PROFILE_PROJECTION}.v1.bench`,
        collections: { [CUSTOMER_PROFILE_MODEL]: COLLECTION },
        switchedAt: new Date(),
      } as never);
      const collection = db.collection(COLLECTION);
      for (let from = 0; from < customers; from += BATCH)
        await collection.insertMany(
          Array.from({ length: Math.min(BATCH, customers - from) }, (_, k) =>
            profile(from + k),
          ) as never[],
          { ordered: false },
        );
      await collection.createIndex({ tenantId: 1, status: 1 });
      ctx.log(`${customers} customer profiles written`);

      const audience = new CustomerAudience(connection);
      const want = expectedMembers(customers);
      const ours: number[] = [];
      const raw: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        let started = nowNs();
        // The rule reads no joined facts and no RFM model (compileSegment would load none).
        const filter = segmentFilter(parseSegmentRule(RULE), new Date(), NO_SEGMENT_INPUTS);
        const members = await audience.members(BENCH_TENANT, filter);
        ours.push(seconds(started));
        if (members.length !== want)
          throw new Error(`M1: the segment selected ${members.length}, expected ${want}`);
        started = nowNs();
        const docs = await collection
          .find({
            tenantId: BENCH_TENANT,
            status: { $in: ['prospect', 'active', 'inactive'] },
            'demographics.region': { $in: ['DE-BY', 'CN-SH'] },
            [`tags.interest.${tagKey('compilers')}`]: { $exists: true },
            'consents.email.granted': true,
          })
          .sort({ _id: 1 })
          .toArray();
        raw.push(seconds(started));
        if (docs.length !== want) throw new Error(`M1: the raw query found ${docs.length}`);
        ctx.log(`run ${run + 1}/${ctx.runs}: ${ours.at(-1)!.toFixed(2)} s, ${want} members`);
      }
      const label = `${customers.toLocaleString('en')} customers, ${want.toLocaleString('en')} members`;
      report.measure('segment', 'ours', `one evaluation: ${label}`, 's', ours);
      report.measure('segment', 'raw driver', `the hand-written filter: ${label}`, 's', raw);
      report.ratio('ours / raw driver (s)', 'segment', 'ours', 'segment', 'raw driver');
      const median = [...ours].sort((a, b) => a - b)[Math.floor(ours.length / 2)]!;
      report.setting('customers evaluated per second (median run)', Math.round(customers / median));
      report.goal(`evaluation over ${label}`, Math.max(...ours), '<', 5, 's');
      report.note(
        'Evaluation = rule parsed and compiled to its MongoDB filter, then every member read in id order as a send and the membership reconciliation do. With --scale: 100,000 customers.',
      );
    } finally {
      await connection.close();
      await dropMongoDatabase(mongoUrl);
    }
  },
};
