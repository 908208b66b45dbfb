// For int specs: makes a collection the serving read model of a projection (alias and target, with
// a store checkpoint), as a finished rebuild would, so reports read documents a test wrote itself.
import type { Connection } from 'mongoose';

export async function serveTestReadModel(
  connection: Connection,
  target: {
    projection: string;
    model: string;
    collection: string;
    storeCheckpoint: number;
    /** Further models of the same projection → their collections. */
    otherModels?: Readonly<Record<string, string>>;
  },
): Promise<void> {
  const db = connection.db!;
  const targetId = `${target.projection}-test-target`;
  const collections = { ...target.otherModels, [target.model]: target.collection };
  await db.collection('projection_aliases').insertOne({
    _id: target.projection as never,
    version: 1,
    targetId,
    collections,
    switchedAt: new Date(),
  });
  await db.collection('projection_targets').insertOne({
    _id: targetId as never,
    projection: target.projection,
    version: 1,
    state: 'serving',
    collections,
    storeCheckpoint: target.storeCheckpoint,
    kafkaOffsets: {},
  });
}

/** Moves the serving target's checkpoint (what the projection claims to have applied). */
export async function setTestCheckpoint(
  connection: Connection,
  projection: string,
  storeCheckpoint: number,
): Promise<void> {
  await connection
    .db!.collection('projection_targets')
    .updateOne({ _id: `${projection}-test-target` as never }, { $set: { storeCheckpoint } });
}
