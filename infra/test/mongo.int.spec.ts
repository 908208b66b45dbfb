// Smoke test: the local MongoDB-wire server (mongo-java-server, docs/adr/0003) serves mongoose 9:
// models, unique indexes, idempotent upserts and the aggregation stages our reports use.
import mongoose, { type Connection, Schema } from 'mongoose';
import {
  createThrowawayMongoDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';

interface Customer {
  _id: string;
  tenantId: string;
  email: string;
  tier: string;
  points: number;
  lastPosition: number;
}

interface Order {
  _id: string;
  customerId: string;
  amount: number;
}

describe('MongoDB wire server (infra/local/crm-infra)', () => {
  let db: ThrowawayDatabase;
  let conn: Connection;
  let Customers: mongoose.Model<Customer>;
  let Orders: mongoose.Model<Order>;

  beforeAll(async () => {
    await testInfrastructure({ require: ['mongo'] });
    db = await createThrowawayMongoDatabase({ prefix: 'smoke' });
    conn = await mongoose.createConnection(db.url).asPromise();
    const customerSchema = new Schema<Customer>(
      {
        _id: String,
        tenantId: { type: String, required: true },
        email: { type: String, required: true },
        tier: String,
        points: Number,
        lastPosition: Number,
      },
      { versionKey: false },
    );
    customerSchema.index({ tenantId: 1, email: 1 }, { unique: true });
    Customers = conn.model<Customer>('Customer', customerSchema);
    Orders = conn.model<Order>(
      'Order',
      new Schema<Order>({ _id: String, customerId: String, amount: Number }, { versionKey: false }),
    );
    await Customers.syncIndexes();
  });

  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('inserts and reads a model', async () => {
    await Customers.create([
      {
        _id: 'c1',
        tenantId: 't1',
        email: 'ada@example.com',
        tier: 'gold',
        points: 50,
        lastPosition: 1,
      },
      {
        _id: 'c2',
        tenantId: 't1',
        email: 'bob@example.com',
        tier: 'silver',
        points: 20,
        lastPosition: 2,
      },
      {
        _id: 'c3',
        tenantId: 't1',
        email: 'cleo@example.com',
        tier: 'gold',
        points: 70,
        lastPosition: 3,
      },
    ]);
    const gold = await Customers.find({ tier: { $in: ['gold'] }, email: /^ad/ })
      .sort({ points: -1 })
      .lean();
    expect(gold.map((c) => c._id)).toEqual(['c1']);
  });

  it('rejects a unique-index violation with code 11000', async () => {
    await expect(
      Customers.create({
        _id: 'c4',
        tenantId: 't1',
        email: 'ada@example.com',
        tier: 'x',
        points: 0,
        lastPosition: 4,
      }),
    ).rejects.toMatchObject({ code: 11000 });
    // Same email in another tenant is fine: the index is (tenantId, email).
    await Customers.create({
      _id: 'c5',
      tenantId: 't2',
      email: 'ada@example.com',
      tier: 'bronze',
      points: 5,
      lastPosition: 5,
    });
  });

  it('applies position-guarded upserts idempotently (a redelivered event changes nothing)', async () => {
    const apply = (id: string, position: number, tier: string) =>
      Customers.bulkWrite(
        [
          {
            updateOne: {
              filter: { _id: id, lastPosition: { $lt: position } },
              update: {
                $set: { tier, lastPosition: position },
                $setOnInsert: { tenantId: 't1', email: `${id}@x`, points: 0 },
              },
              upsert: true,
            },
          },
        ],
        { ordered: false },
      );
    await apply('c2', 10, 'platinum');
    // Redelivery of an older position: no match, the upsert collides on _id -> E11000, as on MongoDB.
    await expect(apply('c2', 9, 'STALE')).rejects.toMatchObject({ code: 11000 });
    await apply('c9', 11, 'new'); // unknown id: inserted with $setOnInsert fields
    const docs = await Customers.find({ _id: { $in: ['c2', 'c9'] } })
      .sort({ _id: 1 })
      .lean();
    expect(docs.map((d) => [d._id, d.tier, d.lastPosition, d.points])).toEqual([
      ['c2', 'platinum', 10, 20],
      ['c9', 'new', 11, 0],
    ]);
    await Customers.updateOne({ _id: 'c9' }, { $inc: { points: 3 } });
    expect((await Customers.findById('c9').lean())?.points).toBe(3);
  });

  it('runs a report aggregation: $group with $sum/$avg/$min/$max, $lookup and $facet', async () => {
    await Orders.insertMany([
      { _id: 'o1', customerId: 'c1', amount: 100 },
      { _id: 'o2', customerId: 'c1', amount: 50 },
      { _id: 'o3', customerId: 'c3', amount: 30 },
    ]);
    const [report] = await Customers.aggregate<{
      byTier: { _id: string; n: number; total: number; avg: number; min: number; max: number }[];
      revenue: { _id: string; revenue: number }[];
    }>([
      { $match: { tenantId: 't1', tier: { $in: ['gold', 'platinum'] } } },
      {
        $facet: {
          byTier: [
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
          ],
          revenue: [
            {
              $lookup: {
                from: 'orders',
                localField: '_id',
                foreignField: 'customerId',
                as: 'orders',
              },
            },
            { $project: { revenue: { $sum: '$orders.amount' } } },
            { $sort: { revenue: -1 } },
          ],
        },
      },
    ]);
    expect(report?.byTier).toEqual([
      { _id: 'gold', n: 2, total: 120, avg: 60, min: 50, max: 70 },
      { _id: 'platinum', n: 1, total: 20, avg: 20, min: 20, max: 20 },
    ]);
    expect(report?.revenue).toEqual([
      { _id: 'c1', revenue: 150 },
      { _id: 'c3', revenue: 30 },
      { _id: 'c2', revenue: 0 },
    ]);

    const buckets = await Customers.aggregate([
      {
        $bucket: { groupBy: '$points', boundaries: [0, 25, 60, 1000], output: { n: { $sum: 1 } } },
      },
    ]);
    expect(buckets).toEqual([
      { _id: 0, n: 3 },
      { _id: 25, n: 1 },
      { _id: 60, n: 1 },
    ]);
  });
});
