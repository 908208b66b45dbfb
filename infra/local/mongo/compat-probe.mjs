#!/usr/bin/env node
// Measures what a MongoDB-wire server supports of the features our read models and reports use,
// through mongoose 9 (the project's driver). Used to choose the server (docs/adr/0003) and to
// re-check it after an upgrade:
//
//   PATH=$PWD/node_modules/.bin:$PATH node infra/local/mongo/compat-probe.mjs [mongodb-url]
//
// The default URL is $CRM_MONGO_URL or mongodb://127.0.0.1:57017. Each check runs in a throwaway
// database (dropped at the end) and prints one line: PASS, FAIL (wrong result) or ERROR (refused).
// Expected results are what real MongoDB returns. Exit code: number of checks that did not pass.
import mongoose from 'mongoose';

const url = process.argv[2] ?? process.env.CRM_MONGO_URL ?? 'mongodb://127.0.0.1:57017';
const dbName = `compat_probe_${process.pid}_${Date.now().toString(36)}`;

const results = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    results.push({ name, status: 'PASS', detail: detail ?? '' });
  } catch (err) {
    const status = err instanceof Mismatch ? 'FAIL' : 'ERROR';
    const msg = String(err?.message ?? err)
      .split('\n')[0]
      .slice(0, 160);
    results.push({ name, status, detail: `${err?.code ? `code ${err.code}: ` : ''}${msg}` });
  }
}
class Mismatch extends Error {}
function expectEqual(actual, expected, what = 'result') {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Mismatch(`${what}: got ${a}, expected ${e}`);
}

const conn = await mongoose
  .createConnection(url, { dbName, serverSelectionTimeoutMS: 5000, autoIndex: false })
  .asPromise();
const db = conn.db;

const Customer = conn.model(
  'Customer',
  new mongoose.Schema(
    {
      _id: String,
      tenantId: String,
      name: String,
      email: { type: String },
      tier: String,
      points: Number,
      tags: [String],
      lastPosition: Number,
      registeredAt: Date,
    },
    { versionKey: false },
  ),
);
Customer.schema.index({ tenantId: 1, email: 1 }, { unique: true });

await check('handshake: maxWireVersion >= 9 (Node driver 7.8)', async () => {
  // The driver's own handshake uses the legacy isMaster form unless a Stable API is requested.
  const hello = await db.admin().command({ isMaster: 1 });
  if (!(hello.maxWireVersion >= 9)) throw new Mismatch(`maxWireVersion ${hello.maxWireVersion}`);
  const info = await db.admin().command({ buildInfo: 1 });
  return `wire ${hello.minWireVersion}..${hello.maxWireVersion}, reports version ${info.version}`;
});

await check('mongoose syncIndexes (unique compound index)', async () => {
  await Customer.syncIndexes();
  const idx = await Customer.collection.indexes();
  const u = idx.find((i) => i.unique && i.key.tenantId === 1 && i.key.email === 1);
  if (!u) throw new Mismatch(`indexes ${JSON.stringify(idx.map((i) => i.key))}`);
});

await check('insertMany + find', async () => {
  await Customer.insertMany([
    {
      _id: 'c1',
      tenantId: 't1',
      name: 'Ada',
      email: 'ada@x',
      tier: 'gold',
      points: 50,
      tags: ['vip'],
      lastPosition: 1,
      registeredAt: new Date('2026-01-15T10:00:00Z'),
    },
    {
      _id: 'c2',
      tenantId: 't1',
      name: 'Bob',
      email: 'bob@x',
      tier: 'silver',
      points: 20,
      tags: [],
      lastPosition: 2,
      registeredAt: new Date('2026-01-20T10:00:00Z'),
    },
    {
      _id: 'c3',
      tenantId: 't1',
      name: 'Adelaide',
      email: 'adl@x',
      tier: 'gold',
      points: 70,
      tags: ['vip', 'b2b'],
      lastPosition: 3,
      registeredAt: new Date('2026-02-03T10:00:00Z'),
    },
    {
      _id: 'c4',
      tenantId: 't2',
      name: 'Cleo',
      email: 'ada@x',
      tier: 'bronze',
      points: 5,
      tags: [],
      lastPosition: 4,
      registeredAt: new Date('2026-02-10T10:00:00Z'),
    },
  ]);
  expectEqual(await Customer.countDocuments({ tenantId: 't1' }), 3);
});

await check('unique index violation -> code 11000', async () => {
  try {
    await Customer.create({ _id: 'c5', tenantId: 't1', email: 'ada@x' });
  } catch (err) {
    if (err.code === 11000) return;
    throw err;
  }
  throw new Mismatch('duplicate insert was accepted');
});

await check('$in + regex prefix + sort/skip/limit', async () => {
  const docs = await Customer.find({ tenantId: { $in: ['t1', 't2'] }, name: /^Ad/ })
    .sort({ points: -1 })
    .skip(0)
    .limit(5)
    .lean();
  expectEqual(
    docs.map((d) => d._id),
    ['c3', 'c1'],
  );
  const page2 = await Customer.find({ tenantId: 't1' }).sort({ name: 1 }).skip(1).limit(1).lean();
  expectEqual(
    page2.map((d) => d._id),
    ['c3'],
  );
});

await check('case-insensitive regex prefix (/^ad/i)', async () => {
  const docs = await Customer.find({ name: /^ad/i }).sort({ _id: 1 }).lean();
  expectEqual(
    docs.map((d) => d._id),
    ['c1', 'c3'],
  );
});

await check('$exists / $elemMatch / $ne / $nin', async () => {
  const a = await Customer.find({ tags: { $elemMatch: { $eq: 'b2b' } } }).lean();
  const b = await Customer.find({
    tier: { $nin: ['gold'] },
    email: { $exists: true, $ne: 'bob@x' },
  }).lean();
  expectEqual([a.map((d) => d._id), b.map((d) => d._id)], [['c3'], ['c4']]);
});

await check('updateOne upsert with $set/$setOnInsert/$inc/$push', async () => {
  await Customer.updateOne(
    { _id: 'c9' },
    { $set: { name: 'Nia' }, $setOnInsert: { tenantId: 't3', points: 0 }, $push: { tags: 'new' } },
    { upsert: true },
  );
  await Customer.updateOne(
    { _id: 'c9' },
    { $inc: { points: 7 }, $setOnInsert: { tenantId: 'WRONG' }, $push: { tags: 'again' } },
    { upsert: true },
  );
  const d = await Customer.findById('c9').lean();
  expectEqual([d.tenantId, d.points, d.tags], ['t3', 7, ['new', 'again']]);
});

await check('$addToSet / $pull / $unset / $max update operators', async () => {
  await Customer.updateOne({ _id: 'c9' }, { $addToSet: { tags: 'new' }, $max: { points: 3 } });
  await Customer.updateOne({ _id: 'c9' }, { $pull: { tags: 'again' }, $unset: { name: '' } });
  const d = await Customer.findById('c9').lean();
  expectEqual([d.tags, d.points, d.name], [['new'], 7, undefined]);
});

await check('bulkWrite upserts guarded by numeric position (projection idempotency)', async () => {
  // Apply position 10 to c1 (last 1): matches. Re-deliver position 2 to c3 (last 3): must not
  // match; with upsert the server tries to insert _id c3 and real MongoDB answers E11000, which
  // the projection runtime treats as "already applied". New id c7: inserted.
  const ops = [
    {
      updateOne: {
        filter: { _id: 'c1', lastPosition: { $lt: 10 } },
        update: { $set: { tier: 'platinum', lastPosition: 10 } },
        upsert: true,
      },
    },
    {
      updateOne: {
        filter: { _id: 'c7', lastPosition: { $lt: 11 } },
        update: { $set: { tenantId: 't1', email: 'c7@x', lastPosition: 11 } },
        upsert: true,
      },
    },
    {
      updateOne: {
        filter: { _id: 'c3', lastPosition: { $lt: 2 } },
        update: { $set: { tier: 'STALE', lastPosition: 2 } },
        upsert: true,
      },
    },
  ];
  let dupError = null;
  try {
    await Customer.bulkWrite(ops, { ordered: false });
  } catch (err) {
    dupError = err;
  }
  const errs = dupError?.writeErrors ?? dupError?.result?.getWriteErrors?.() ?? [];
  const codes = (Array.isArray(errs) ? errs : []).map((e) => e.code ?? e.err?.code);
  const docs = await Customer.find({ _id: { $in: ['c1', 'c3', 'c7'] } })
    .sort({ _id: 1 })
    .lean();
  expectEqual(
    [codes, docs.map((d) => [d._id, d.tier ?? null, d.lastPosition])],
    [
      [11000],
      [
        ['c1', 'platinum', 10],
        ['c3', 'gold', 3],
        ['c7', null, 11],
      ],
    ],
  );
});

await check('findOneAndUpdate returnDocument after', async () => {
  const d = await Customer.findOneAndUpdate(
    { _id: 'c2' },
    { $inc: { points: 1 } },
    { returnDocument: 'after' },
  ).lean();
  expectEqual(d.points, 21);
});

await check('aggregate $group $sum/$avg/$min/$max + $sort', async () => {
  const rows = await Customer.aggregate([
    { $match: { tenantId: 't1', tier: { $in: ['gold', 'silver', 'platinum'] } } },
    {
      $group: {
        _id: '$tier',
        n: { $sum: 1 },
        total: { $sum: '$points' },
        avg: { $avg: '$points' },
        min: { $min: '$points' },
        max: { $max: '$points' },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  expectEqual(rows, [
    { _id: 'gold', n: 1, total: 70, avg: 70, min: 70, max: 70 },
    { _id: 'platinum', n: 1, total: 50, avg: 50, min: 50, max: 50 },
    { _id: 'silver', n: 1, total: 21, avg: 21, min: 21, max: 21 },
  ]);
});

await check('aggregate $project/$addFields/$cond/$ifNull/$toLower', async () => {
  const rows = await Customer.aggregate([
    { $match: { _id: { $in: ['c1', 'c2'] } } },
    { $addFields: { big: { $cond: [{ $gte: ['$points', 30] }, true, false] } } },
    {
      $project: {
        _id: 1,
        big: 1,
        lname: { $toLower: '$name' },
        nick: { $ifNull: ['$nick', 'none'] },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  expectEqual(rows, [
    { _id: 'c1', big: true, lname: 'ada', nick: 'none' },
    { _id: 'c2', big: false, lname: 'bob', nick: 'none' },
  ]);
});

await check('aggregate $unwind + $group + $count', async () => {
  const rows = await Customer.aggregate([
    { $unwind: '$tags' },
    { $group: { _id: '$tags', n: { $sum: 1 } } },
    { $sort: { _id: 1 } },
  ]);
  const count = await Customer.aggregate([{ $match: { tenantId: 't1' } }, { $count: 'n' }]);
  expectEqual(
    [rows, count],
    [
      [
        { _id: 'b2b', n: 1 },
        { _id: 'new', n: 1 },
        { _id: 'vip', n: 2 },
      ],
      [{ n: 4 }],
    ],
  );
});

await check('aggregate $dateToString (group by month)', async () => {
  const rows = await Customer.aggregate([
    { $match: { registeredAt: { $exists: true } } },
    {
      $group: {
        _id: { $dateToString: { format: '%Y-%m', date: '$registeredAt' } },
        n: { $sum: 1 },
      },
    },
    { $sort: { _id: 1 } },
  ]);
  expectEqual(rows, [
    { _id: '2026-01', n: 2 },
    { _id: '2026-02', n: 2 },
  ]);
});

await check('aggregate $lookup', async () => {
  await db.collection('orders').insertMany([
    { _id: 'o1', customerId: 'c1', amount: 100 },
    { _id: 'o2', customerId: 'c1', amount: 50 },
    { _id: 'o3', customerId: 'c2', amount: 10 },
  ]);
  const rows = await Customer.aggregate([
    { $match: { _id: { $in: ['c1', 'c2'] } } },
    { $lookup: { from: 'orders', localField: '_id', foreignField: 'customerId', as: 'orders' } },
    { $project: { _id: 1, revenue: { $sum: '$orders.amount' }, n: { $size: '$orders' } } },
    { $sort: { _id: 1 } },
  ]);
  expectEqual(rows, [
    { _id: 'c1', revenue: 150, n: 2 },
    { _id: 'c2', revenue: 10, n: 1 },
  ]);
});

await check('aggregate $facet', async () => {
  const [row] = await Customer.aggregate([
    { $match: { tenantId: 't1' } },
    {
      $facet: {
        total: [{ $count: 'n' }],
        top: [{ $sort: { points: -1 } }, { $limit: 1 }, { $project: { _id: 1 } }],
      },
    },
  ]);
  expectEqual(row, { total: [{ n: 4 }], top: [{ _id: 'c3' }] });
});

await check('aggregate $bucket', async () => {
  const rows = await Customer.aggregate([
    { $match: { points: { $exists: true } } },
    {
      $bucket: {
        groupBy: '$points',
        boundaries: [0, 25, 60, 1000],
        default: 'other',
        output: { n: { $sum: 1 } },
      },
    },
  ]);
  expectEqual(rows, [
    { _id: 0, n: 3 },
    { _id: 25, n: 1 },
    { _id: 60, n: 1 },
  ]);
});

await check('aggregate $sortByCount', async () => {
  const rows = await Customer.aggregate([
    { $match: { tenantId: 't1', tier: { $exists: true } } },
    { $sortByCount: '$tier' },
    { $sort: { count: -1, _id: 1 } },
  ]);
  expectEqual(rows[0], { _id: 'gold', count: 1 });
});

await check('distinct + estimatedDocumentCount', async () => {
  const tiers = (await Customer.distinct('tier', { tenantId: 't1' })).sort();
  const n = await Customer.estimatedDocumentCount();
  expectEqual([tiers, n], [['gold', 'platinum', 'silver'], 6]);
});

await check('deleteMany + drop collection', async () => {
  const r = await Customer.deleteMany({ tenantId: 't2' });
  await db.collection('orders').drop();
  expectEqual(r.deletedCount, 1);
});

await check(
  'throughput: 2000 upserts in bulkWrite batches of 500, then 200 indexed finds',
  async () => {
    const coll = conn.collection('perf');
    await coll.createIndex({ tenantId: 1, seq: 1 }, { unique: true });
    const t0 = performance.now();
    for (let b = 0; b < 4; b++) {
      const ops = [];
      for (let i = b * 500; i < (b + 1) * 500; i++) {
        ops.push({
          updateOne: {
            filter: { _id: `p${i}`, pos: { $lt: i + 1 } },
            update: { $set: { tenantId: 't', seq: i, pos: i + 1 } },
            upsert: true,
          },
        });
      }
      await coll.bulkWrite(ops, { ordered: false });
    }
    const t1 = performance.now();
    for (let i = 0; i < 200; i++) await coll.findOne({ tenantId: 't', seq: (i * 7) % 2000 });
    const t2 = performance.now();
    expectEqual(await coll.countDocuments({ tenantId: 't' }), 2000);
    return `upserts ${Math.round(t1 - t0)} ms, finds ${Math.round(t2 - t1)} ms`;
  },
);

await check('multi-document transaction (session.withTransaction)', async () => {
  const session = await conn.startSession();
  try {
    await session.withTransaction(async () => {
      await Customer.updateOne({ _id: 'c1' }, { $inc: { points: 1 } }, { session });
    });
  } finally {
    await session.endSession();
  }
});

await check('change stream (watch)', async () => {
  // The driver's own change stream: tryNext() opens it and surfaces a refusal as an exception.
  const stream = Customer.collection.watch();
  try {
    await stream.tryNext();
    await Customer.updateOne({ _id: 'c2' }, { $set: { tier: 'gold' } });
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      if (await stream.tryNext()) return;
    }
    throw new Mismatch('no change event within 3s');
  } finally {
    await stream.close().catch(() => undefined);
  }
});

await conn.dropDatabase().catch(() => undefined);
await conn.close();

const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) console.log(`${r.status.padEnd(5)}  ${r.name.padEnd(width)}  ${r.detail}`);
const bad = results.filter((r) => r.status !== 'PASS').length;
console.log(`\n${results.length - bad} passed, ${bad} failed  (${url})`);
process.exit(bad);
