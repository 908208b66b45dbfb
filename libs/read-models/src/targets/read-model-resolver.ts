// The read side's way to a read model: resolve the projection's alias to the physical collection
// that serves now. Cached briefly, so a switch after a rebuild reaches readers within `cacheMs`.
import type { Connection, Model, Schema, mongo } from 'mongoose';
import type { ProjectionAlias, ProjectionTarget } from './projection-target';
import { ALIASES_COLLECTION, TARGETS_COLLECTION } from './projection-target.repository';

/** Runtime bookkeeping on every read-model document; exclude it from API responses. */
export const INTERNAL_FIELDS_PROJECTION = { _applied: 0, _position: 0 } as const;

export class ReadModelNotReadyError extends Error {
  constructor(projection: string, model: string) {
    super(
      `Read model ${projection}/${model} has no serving collection yet (the projection is still building)`,
    );
    this.name = 'ReadModelNotReadyError';
  }
}

export class ReadModelResolver {
  private readonly cache = new Map<string, { alias: ProjectionAlias | null; at: number }>();

  constructor(
    private readonly connection: Connection,
    private readonly cacheMs = 1000,
  ) {}

  async collectionName(projection: string, model: string): Promise<string> {
    const alias = await this.alias(projection);
    const name = alias?.collections[model];
    if (!name) throw new ReadModelNotReadyError(projection, model);
    return name;
  }

  async collection<T extends mongo.Document = mongo.Document>(
    projection: string,
    model: string,
  ): Promise<mongo.Collection<T>> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db.collection<T>(await this.collectionName(projection, model));
  }

  /** A mongoose model bound to the serving collection (one model per physical collection). */
  async model<T>(projection: string, model: string, schema: Schema<T>): Promise<Model<T>> {
    const collection = await this.collectionName(projection, model);
    const modelName = `rm:${collection}`;
    return (
      (this.connection.models[modelName] as Model<T> | undefined) ??
      this.connection.model<T>(modelName, schema, collection)
    );
  }

  /**
   * The global position applied by the target this resolver currently serves from (the same
   * cached alias `collection()` uses, so a read right after sees at least that position); 0 when
   * nothing serves yet. Only meaningful for `source: 'store'` projections (see
   * AppliedPositionWatcher); the checkpoint itself is read fresh every time.
   */
  async appliedStorePosition(projection: string): Promise<number> {
    const alias = await this.alias(projection);
    if (!alias) return 0;
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    const target = await db
      .collection<ProjectionTarget>(TARGETS_COLLECTION)
      .findOne({ _id: alias.targetId }, { projection: { storeCheckpoint: 1 } });
    return target?.storeCheckpoint ?? 0;
  }

  private async alias(projection: string): Promise<ProjectionAlias | null> {
    const cached = this.cache.get(projection);
    if (cached && Date.now() - cached.at < this.cacheMs) return cached.alias;
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    const alias = await db
      .collection<ProjectionAlias>(ALIASES_COLLECTION)
      .findOne({ _id: projection });
    this.cache.set(projection, { alias, at: Date.now() });
    return alias;
  }
}
