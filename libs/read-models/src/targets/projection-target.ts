// A target is one generation of a projection's read models: its own physical collections, built
// from the store and then kept live. Rebuilding creates a new target next to the serving one; the
// alias (one document per projection) says which target the read side uses, and switching it is
// a single-document update, so readers flip atomically from the old collections to the new ones.
import type { ProjectionDefinition } from '../projection/projection-definition';

export type TargetState = 'building' | 'active' | 'retired';

export interface ProjectionTarget {
  /** `<name>.v<version>.<rebuildId>` */
  readonly _id: string;
  readonly projection: string;
  readonly version: number;
  readonly rebuildId: string;
  readonly state: TargetState;
  /** Logical read model → physical collection. */
  readonly collections: { readonly [model: string]: string };
  /** Store source / rebuild: every event at or below this global position is applied. */
  readonly storeCheckpoint: number;
  /**
   * Kafka source: next offset to apply per `topic|partition` (field names encoded, see field-key).
   * A new target starts at the topics' end offsets taken before its store catch-up began: every
   * event behind those offsets is in the store below the catch-up's end, so nothing falls between.
   */
  readonly kafkaOffsets: { readonly [encodedTopicPartition: string]: number };
  /** Store head when the build started (progress bars). */
  readonly buildHead: number;
  readonly createdAt: Date;
  readonly activatedAt?: Date;
  readonly retiredAt?: Date;
}

export interface ProjectionAlias {
  /** The projection name. */
  readonly _id: string;
  readonly version: number;
  readonly targetId: string;
  readonly collections: { readonly [model: string]: string };
  readonly switchedAt: Date;
}

export function targetIdOf(
  definition: Pick<ProjectionDefinition, 'name' | 'version'>,
  rebuildId: string,
): string {
  return `${definition.name}.v${definition.version}.${rebuildId}`;
}

export function physicalCollectionName(
  definition: Pick<ProjectionDefinition, 'name' | 'version'>,
  model: string,
  rebuildId: string,
): string {
  return `${definition.name}.${model}_v${definition.version}_${rebuildId}`;
}

/** Sortable and short: creation time in base 36 plus randomness against two rebuilds in one ms. */
export function newRebuildId(now: Date = new Date(), random: () => number = Math.random): string {
  const suffix = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${now.getTime().toString(36)}${suffix}`;
}

export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}|${partition}`;
}
