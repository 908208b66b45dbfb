// Filters that name a unique key (`_id`, or a declared unique index) AND other fields: the guarded
// writes of the projection runtime (`{_id, $or: [guard]}`) and the tenant-scoped reads
// (`{_id, tenantId}`). The local MongoDB-wire server looks such documents up by the key and then
// matches the whole filter (ADR 0360); these checks hold on real MongoDB too, and fail if a server
// answered from the key alone (a document of another tenant, an update applied twice).
import { createThrowawayMongoDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import type { Connection, mongo } from 'mongoose';
import { connectMongo } from './mongo-connection';

jest.setTimeout(60_000);

interface Doc {
  _id: string;
  tenantId: string;
  email?: string;
  status?: string;
  n?: number;
  _applied?: Record<string, number>;
}

describe('filters on a unique key plus other fields (MongoDB-wire server)', () => {
  let db: ThrowawayDatabase;
  let connection: Connection;
  let docs: mongo.Collection<Doc>;

  beforeAll(async () => {
    db = await createThrowawayMongoDatabase({ prefix: 'rmk' });
    connection = await connectMongo(db.url);
    docs = connection.db!.collection<Doc>('docs');
    await docs.createIndex({ email: 1 }, { unique: true, sparse: true });
    await docs.insertMany([
      { _id: 'a', tenantId: 't1', email: 'a@x', status: 'open', n: 0 },
      { _id: 'b', tenantId: 't2', email: 'b@x', status: 'open', n: 0 },
      { _id: 'c', tenantId: 't1', status: 'closed', n: 0 },
    ]);
  });

  afterAll(async () => {
    await connection?.close();
    await db?.drop();
  });

  const ids = (found: Doc[]): string[] => found.map((d) => d._id).sort();

  it('reads by _id and tenant only the tenant’s document', async () => {
    expect(ids(await docs.find({ _id: 'a', tenantId: 't1' }).toArray())).toEqual(['a']);
    expect(await docs.find({ _id: 'a', tenantId: 't2' }).toArray()).toEqual([]);
    expect(await docs.countDocuments({ _id: 'b', tenantId: 't1' })).toBe(0);
  });

  it('reads by _id $in and tenant only the tenant’s documents', async () => {
    const found = await docs.find({ _id: { $in: ['a', 'b', 'c', 'z'] }, tenantId: 't1' }).toArray();
    expect(ids(found)).toEqual(['a', 'c']);
  });

  it('reads by a range on _id and tenant like MongoDB', async () => {
    const found = await docs.find({ _id: { $gte: 'b' }, tenantId: 't1' }).toArray();
    expect(ids(found)).toEqual(['c']);
  });

  it('reads by a declared unique field and another field like MongoDB', async () => {
    expect(ids(await docs.find({ email: 'b@x', tenantId: 't2' }).toArray())).toEqual(['b']);
    expect(await docs.find({ email: 'b@x', tenantId: 't1' }).toArray()).toEqual([]);
  });

  it('applies a guarded update once: the replay matches nothing', async () => {
    const guarded = {
      _id: 'a',
      $or: [{ '_applied.s-1': { $lt: 3 } }, { '_applied.s-1': { $exists: false } }],
    };
    const update = { $set: { '_applied.s-1': 3 }, $inc: { n: 1 } };
    const first = await docs.updateOne(guarded, update);
    const replay = await docs.updateOne(guarded, update);
    expect([first.matchedCount, first.modifiedCount]).toEqual([1, 1]);
    expect([replay.matchedCount, replay.modifiedCount]).toEqual([0, 0]);
    expect((await docs.findOne({ _id: 'a' }))?.n).toBe(1);
  });

  it('updates and deletes nothing when the other fields do not match', async () => {
    const update = await docs.updateOne({ _id: 'b', tenantId: 't1' }, { $set: { status: 'x' } });
    expect(update.matchedCount).toBe(0);
    const removed = await docs.deleteOne({ _id: 'c', status: 'open' });
    expect(removed.deletedCount).toBe(0);
    expect(ids(await docs.find({}).toArray())).toEqual(['a', 'b', 'c']);
    expect((await docs.findOne({ _id: 'b' }))?.status).toBe('open');
  });

  it('an upsert whose other fields do not match an existing _id fails on the duplicate key', async () => {
    await expect(
      docs.updateOne({ _id: 'c', tenantId: 't2' }, { $set: { n: 5 } }, { upsert: true }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await docs.findOne({ _id: 'c' })).toMatchObject({ tenantId: 't1', n: 0 });
  });

  it('a bulk of guarded updates applies each once, in order, on the matching documents', async () => {
    const guard = (id: string, v: number): mongo.AnyBulkWriteOperation<Doc> => ({
      updateOne: {
        filter: {
          _id: id,
          $or: [{ '_applied.s-2': { $lt: v } }, { '_applied.s-2': { $exists: false } }],
        },
        update: { $set: { '_applied.s-2': v }, $inc: { n: 10 } },
      },
    });
    const ops = [guard('b', 1), guard('b', 2), guard('b', 2), guard('c', 1), guard('z', 1)];
    const result = await docs.bulkWrite(ops, { ordered: true });
    expect(result.modifiedCount).toBe(3);
    expect((await docs.findOne({ _id: 'b' }))?.n).toBe(20);
    expect((await docs.findOne({ _id: 'c' }))?.n).toBe(10);
    expect(await docs.findOne({ _id: 'z' })).toBeNull();
  });
});
