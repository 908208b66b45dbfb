// One-off comparison of ways to read the pipeline board on the MongoDB-wire server (ADR 0327):
// process CPU of the server per query for (a) one $group and a find per stage, (b) one $group
// pushing ids and close dates, then one find by _id, (c) one find of every card's few fields.
// Usage: node -r @swc-node/register bench/tools/s2-board-variants.ts [opportunities]
import mongoose from 'mongoose';
import { benchMongoUrl, dropMongoDatabase } from '../harness/mongo';
import { infraServerCpuMs } from '../harness/process-cpu';
import { nowNs } from '../harness/timer';

const N = Number(process.argv[2] ?? 10_000);
const STAGES = ['new', 'qualified', 'proposal', 'negotiation'];
const PER = 100;

async function main() {
  const url = benchMongoUrl(
    process.env['CRM_MONGO_URL'] ?? 'mongodb://127.0.0.1:57017',
    `bench_crm_boardvar${(process.env['BENCH_PLATFORM_SUFFIX'] ?? '').replace(/[^a-z0-9_]/g, '')}`,
  );
  await dropMongoDatabase(url);
  const connection = await mongoose.createConnection(url).asPromise();
  const c = connection.db!.collection('opps');
  const docs = Array.from({ length: N }, (_, i) => ({
    _id: `o-${i}`,
    tenantId: 't',
    pipelineId: 'default',
    status: 'open',
    stageId: STAGES[i % 4],
    currency: i % 5 ? 'EUR' : 'USD',
    amount: '1000.00',
    amountMinor: 100_000,
    expectedCloseOn: `2027-${String(1 + (i % 12)).padStart(2, '0')}-15`,
    ownerId: `rep-${i % 40}`,
    teamId: `team-${i % 10}`,
    name: `Deal ${i}`,
    customerId: `c-${i}`,
    probability: 10,
    forecastCategory: 'pipeline',
    openedAt: '2026-11-01T00:00:00.000Z',
    stageEnteredAt: '2026-11-01T00:00:00.000Z',
  }));
  for (let i = 0; i < N; i += 1000) await c.insertMany(docs.slice(i, i + 1000) as never[]);
  const match = { tenantId: 't', pipelineId: 'default', status: 'open' };
  const variants: Record<string, () => Promise<unknown>> = {
    'a: $group + find per stage': async () => {
      await c
        .aggregate([
          { $match: match },
          {
            $group: {
              _id: { s: '$stageId', c: '$currency' },
              n: { $sum: 1 },
              m: { $sum: '$amountMinor' },
            },
          },
        ])
        .toArray();
      await Promise.all(
        STAGES.map((s) =>
          c
            .find({ ...match, stageId: s })
            .sort({ expectedCloseOn: 1, _id: 1 })
            .limit(PER)
            .toArray(),
        ),
      );
    },
    'b: $group pushing ids + find by _id': async () => {
      const groups = await c
        .aggregate([
          { $match: match },
          {
            $group: {
              _id: { s: '$stageId', c: '$currency' },
              n: { $sum: 1 },
              m: { $sum: '$amountMinor' },
              cards: { $push: { id: '$_id', at: '$expectedCloseOn' } },
            },
          },
        ])
        .toArray();
      const ids = STAGES.flatMap((s) =>
        groups
          .filter((g) => (g._id as { s: string }).s === s)
          .flatMap((g) => g.cards as { id: string; at: string }[])
          .sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id))
          .slice(0, PER)
          .map((x) => x.id),
      );
      await c.find({ _id: { $in: ids as never[] } }).toArray();
    },
    'c: one find of few fields': async () => {
      await c
        .find(match, {
          projection: { _id: 1, stageId: 1, currency: 1, amountMinor: 1, expectedCloseOn: 1 },
        })
        .toArray();
    },
    'd: one find of few fields + find by _id': async () => {
      const rows = (await c
        .find(match, {
          projection: { _id: 1, stageId: 1, currency: 1, amountMinor: 1, expectedCloseOn: 1 },
        })
        .toArray()) as unknown as { _id: string; stageId: string; expectedCloseOn: string }[];
      const ids = STAGES.flatMap((s) =>
        rows
          .filter((r) => r.stageId === s)
          .sort(
            (x, y) =>
              x.expectedCloseOn.localeCompare(y.expectedCloseOn) || x._id.localeCompare(y._id),
          )
          .slice(0, PER)
          .map((r) => r._id),
      );
      await c.find({ _id: { $in: ids as never[] } }).toArray();
    },
  };
  for (const [name, run] of Object.entries(variants).filter(([k]) =>
    (process.env['ONLY'] ?? 'abcd').includes(k[0]!),
  )) {
    await run();
    const before = infraServerCpuMs('mongo') ?? 0;
    const own = process.cpuUsage();
    const started = nowNs();
    for (let q = 0; q < 5; q++) await run();
    const wall = Number(nowNs() - started) / 1e6 / 5;
    const mine = process.cpuUsage(own);
    console.log(
      `${name}: wall ${wall.toFixed(0)} ms, mongo CPU ${(((infraServerCpuMs('mongo') ?? 0) - before) / 5).toFixed(0)} ms, node CPU ${((mine.user + mine.system) / 5000).toFixed(0)} ms per board`,
    );
  }
  await connection.close();
  await dropMongoDatabase(url);
}

void main();
