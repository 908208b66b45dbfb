// A projection: a name, a version, the event types it handles and a pure function from one event to
// read-model changes. Everything else (consuming, batching, idempotency, checkpoints, parking,
// rebuilds, lag) is the runtime's job. See docs/projections.md.
import type { EventEnvelope, UpcasterRegistry } from '@crm/event-sourcing';
import type { ReadModelChange } from './read-model-change';

/**
 * What to do with an event the projection cannot apply (its `project` throws, or MongoDB refuses
 * the resulting write):
 * - `halt`: park it and stop that partition (Kafka) or the whole projection (store source) at it,
 *   so no later event of the same stream overtakes it; `retry` resumes once it applies.
 * - `continue`: park it and go on; the read model misses that one event until `retry`.
 */
export type PoisonPolicy = 'halt' | 'continue';

/** Where live events come from: Kafka topics (default), or the event store's global log directly. */
export type ProjectionSource = 'kafka' | 'store';

export interface IndexSpec {
  readonly fields: { readonly [path: string]: 1 | -1 };
  readonly unique?: boolean;
  readonly name?: string;
}

export interface ProjectionDefinition {
  /** kebab-case, unique in the platform, e.g. `customer-360`. */
  readonly name: string;
  /** Bump when `project` changes meaning: a new version is rebuilt into new collections, then switched to. */
  readonly version: number;
  /** Event types it handles; other events are skipped (the checkpoint still moves past them). */
  readonly eventTypes: readonly string[];
  /** Logical collections it writes, e.g. `['customers']`; physical names are versioned per rebuild. */
  readonly readModels: readonly string[];
  readonly onPoison: PoisonPolicy;
  /** Defaults to `kafka`. */
  readonly source?: ProjectionSource;
  /** Indexes created on every new physical collection of a read model. */
  readonly indexes?: { readonly [model: string]: readonly IndexSpec[] };
  /** Applied to every event before `project` (Kafka and the store both carry stored versions). */
  readonly upcasters?: UpcasterRegistry;
  /**
   * Pure and deterministic (no clock, no I/O): the changes this event causes, in order. Throw for
   * an event it cannot apply (it will be parked). Values must come from the event only, so a
   * rebuild produces the same documents as the live run.
   */
  project(event: EventEnvelope): ReadModelChange | readonly ReadModelChange[] | undefined;
}

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MODEL = /^[a-z][a-z0-9_]*$/;

export class InvalidProjectionError extends Error {
  constructor(name: string, problem: string) {
    super(`Projection ${JSON.stringify(name)}: ${problem}`);
    this.name = 'InvalidProjectionError';
  }
}

/** Checks a definition once at start-up, so a typo fails the boot rather than a rebuild at 3 am. */
export function defineProjection<T extends ProjectionDefinition>(definition: T): T {
  const fail = (problem: string): never => {
    throw new InvalidProjectionError(definition.name, problem);
  };
  if (!NAME.test(definition.name) || definition.name.length > 40)
    fail('the name must be kebab-case, at most 40 characters');
  if (!Number.isInteger(definition.version) || definition.version < 1)
    fail('the version must be an integer >= 1');
  if (definition.eventTypes.length === 0) fail('it handles no event type');
  if (new Set(definition.eventTypes).size !== definition.eventTypes.length)
    fail('an event type is listed twice');
  if (definition.readModels.length === 0) fail('it declares no read model');
  for (const model of definition.readModels)
    if (!MODEL.test(model) || model.length > 40)
      fail(`read model ${JSON.stringify(model)} must be snake_case`);
  for (const model of Object.keys(definition.indexes ?? {})) {
    if (!definition.readModels.includes(model))
      fail(`indexes name an undeclared read model ${JSON.stringify(model)}`);
  }
  if (definition.onPoison !== 'halt' && definition.onPoison !== 'continue')
    fail('onPoison must be halt or continue');
  return definition;
}

/** The changes of one event as an array (projections may return one, many or none). */
export function changesOf(
  definition: ProjectionDefinition,
  event: EventEnvelope,
): readonly ReadModelChange[] {
  const result = definition.project(event);
  if (result === undefined) return [];
  const changes: readonly ReadModelChange[] = Array.isArray(result)
    ? (result as readonly ReadModelChange[])
    : [result as ReadModelChange];
  for (const change of changes) {
    if (!definition.readModels.includes(change.model)) {
      throw new InvalidProjectionError(
        definition.name,
        `it wrote to undeclared read model ${JSON.stringify(change.model)}`,
      );
    }
    if (typeof change.id !== 'string' || change.id.length === 0) {
      throw new InvalidProjectionError(
        definition.name,
        `a change to ${change.model} has no document id`,
      );
    }
  }
  return changes;
}
