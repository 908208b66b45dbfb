// Persistence of targets (with their checkpoints) and aliases in MongoDB:
// `projection_targets` and `projection_aliases`. Checkpoints only move forward ($max), so two
// workers briefly sharing a partition during a rebalance cannot move one backwards.
import type { Connection, mongo } from 'mongoose';
import { encodeFieldKey } from '../mongo/field-key';
import type { ProjectionDefinition } from '../projection/projection-definition';
import type { ProjectionAlias, ProjectionTarget } from './projection-target';
import {
  newRebuildId,
  physicalCollectionName,
  targetIdOf,
  topicPartitionKey,
} from './projection-target';

export const TARGETS_COLLECTION = 'projection_targets';
export const ALIASES_COLLECTION = 'projection_aliases';

export class AliasSwitchConflictError extends Error {
  constructor(projection: string, expected: string | null, actual: string | null) {
    super(
      `Projection ${projection}: expected the alias to point at ${expected ?? 'nothing'} but it points at ${actual ?? 'nothing'}; not switched`,
    );
    this.name = 'AliasSwitchConflictError';
  }
}

export class ProjectionTargetRepository {
  constructor(private readonly connection: Connection) {}

  private get db(): mongo.Db {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db;
  }

  private targets(): mongo.Collection<ProjectionTarget> {
    return this.db.collection<ProjectionTarget>(TARGETS_COLLECTION);
  }

  private aliases(): mongo.Collection<ProjectionAlias> {
    return this.db.collection<ProjectionAlias>(ALIASES_COLLECTION);
  }

  async alias(projection: string): Promise<ProjectionAlias | null> {
    return this.aliases().findOne({ _id: projection });
  }

  async listAliases(): Promise<ProjectionAlias[]> {
    return this.aliases().find({}).toArray();
  }

  async target(id: string): Promise<ProjectionTarget | null> {
    return this.targets().findOne({ _id: id });
  }

  async listTargets(projection?: string): Promise<ProjectionTarget[]> {
    return this.targets()
      .find(projection ? { projection } : {})
      .sort({ createdAt: 1 })
      .toArray();
  }

  async findBuilding(
    definition: Pick<ProjectionDefinition, 'name' | 'version'>,
  ): Promise<ProjectionTarget | null> {
    const building = await this.targets()
      .find({ projection: definition.name, version: definition.version, state: 'building' })
      .sort({ createdAt: -1 })
      .limit(1)
      .toArray();
    return building[0] ?? null;
  }

  /**
   * Creates the definition's declared indexes on a target's collections; those that exist already
   * are left as they are (createIndex is idempotent). Also run on a serving target when its worker
   * starts, so an index declared later reaches read models built before it without a rebuild.
   */
  async ensureIndexes(
    definition: ProjectionDefinition,
    collections: ProjectionTarget['collections'],
  ): Promise<void> {
    for (const [model, collection] of Object.entries(collections)) {
      for (const index of definition.indexes?.[model] ?? []) {
        await this.db
          .collection(collection)
          .createIndex(
            { ...index.fields },
            { unique: index.unique ?? false, ...(index.name ? { name: index.name } : {}) },
          );
      }
    }
  }

  /** A new building target with empty collections (indexes created), starting at position 0. */
  async createTarget(
    definition: ProjectionDefinition,
    start: { readonly kafkaOffsets: ReadonlyMap<string, number>; readonly buildHead: number },
  ): Promise<ProjectionTarget> {
    const rebuildId = newRebuildId();
    const collections = Object.fromEntries(
      definition.readModels.map((model) => [
        model,
        physicalCollectionName(definition, model, rebuildId),
      ]),
    );
    await this.ensureIndexes(definition, collections);
    const target: ProjectionTarget = {
      _id: targetIdOf(definition, rebuildId),
      projection: definition.name,
      version: definition.version,
      rebuildId,
      state: 'building',
      collections,
      storeCheckpoint: 0,
      kafkaOffsets: Object.fromEntries(
        [...start.kafkaOffsets].map(([key, offset]) => [encodeFieldKey(key), offset]),
      ),
      buildHead: start.buildHead,
      createdAt: new Date(),
    };
    await this.targets().insertOne(target);
    return target;
  }

  async saveStoreCheckpoint(targetId: string, position: number): Promise<void> {
    await this.targets().updateOne({ _id: targetId }, { $max: { storeCheckpoint: position } });
  }

  async saveKafkaOffset(
    targetId: string,
    topic: string,
    partition: number,
    nextOffset: number,
  ): Promise<void> {
    await this.targets().updateOne(
      { _id: targetId },
      {
        $max: {
          [`kafkaOffsets.${encodeFieldKey(topicPartitionKey(topic, partition))}`]: nextOffset,
        },
      },
    );
  }

  /** Records where a partition the target has never seen starts (it appeared after the build began). */
  async initKafkaOffset(
    targetId: string,
    topic: string,
    partition: number,
    offset: number,
  ): Promise<number> {
    const field = `kafkaOffsets.${encodeFieldKey(topicPartitionKey(topic, partition))}`;
    await this.targets().updateOne(
      { _id: targetId, [field]: { $exists: false } },
      { $set: { [field]: offset } },
    );
    const target = await this.target(targetId);
    return kafkaOffsetOf(target, topic, partition) ?? offset;
  }

  /**
   * Points the alias at `target` if it still points at `expectedTargetId` (null: no alias yet),
   * then marks the target active and the previous one retired.
   */
  async activate(target: ProjectionTarget, expectedTargetId: string | null): Promise<void> {
    const alias: ProjectionAlias = {
      _id: target.projection,
      version: target.version,
      targetId: target._id,
      collections: target.collections,
      switchedAt: new Date(),
    };
    if (expectedTargetId === null) {
      try {
        await this.aliases().insertOne(alias);
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        throw new AliasSwitchConflictError(
          target.projection,
          null,
          (await this.alias(target.projection))?.targetId ?? null,
        );
      }
    } else {
      const { matchedCount } = await this.aliases().updateOne(
        { _id: target.projection, targetId: expectedTargetId },
        {
          $set: {
            version: alias.version,
            targetId: alias.targetId,
            collections: alias.collections,
            switchedAt: alias.switchedAt,
          },
        },
      );
      if (matchedCount === 0) {
        throw new AliasSwitchConflictError(
          target.projection,
          expectedTargetId,
          (await this.alias(target.projection))?.targetId ?? null,
        );
      }
    }
    await this.targets().updateOne(
      { _id: target._id },
      { $set: { state: 'active', activatedAt: new Date() } },
    );
    if (expectedTargetId)
      await this.targets().updateOne(
        { _id: expectedTargetId },
        { $set: { state: 'retired', retiredAt: new Date() } },
      );
  }

  /** Drops a target's collections and its record (never the one the alias points at). */
  async dropTarget(targetId: string): Promise<void> {
    const target = await this.target(targetId);
    if (!target) return;
    const alias = await this.alias(target.projection);
    if (alias?.targetId === targetId)
      throw new Error(
        `Target ${targetId} is serving reads; switch away from it before dropping it`,
      );
    for (const collection of Object.values(target.collections)) {
      await this.db
        .collection(collection)
        .drop()
        .catch(() => undefined);
    }
    await this.targets().deleteOne({ _id: targetId });
  }
}

export function kafkaOffsetOf(
  target: ProjectionTarget | null,
  topic: string,
  partition: number,
): number | undefined {
  return target?.kafkaOffsets[encodeFieldKey(topicPartitionKey(topic, partition))];
}
