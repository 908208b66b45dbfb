// The guarded update of idempotent-writer.ts, done in memory: applies one event's change to a
// document as MongoDB would apply the writer's touch and guarded update to it. A rebuild folds a
// whole batch this way and writes each document once (batched-rebuild-writer.ts).
//
// Only what the writer's updates use is modelled: `$set`, `$setOnInsert`, `$inc`, `$unset` on
// dotted paths through embedded documents, `$max` of the position, and the per-stream guard.
// Anything MongoDB would refuse or that is outside that model (a path through an array or a
// scalar, an `$inc` of a non-number, two paths of one update that overlap) throws
// `UnfoldableChangeError`: the caller then leaves the batch to the live writer, which writes and
// reports it event by event.
import type { EventEnvelope } from '@crm/event-sourcing';
import { encodeFieldKey } from '../mongo/field-key';
import type { FieldValue, ReadModelChange } from '../projection/read-model-change';
import { APPLIED_FIELD, POSITION_FIELD } from './idempotent-writer';

export type FoldedDocument = Record<string, unknown>;

export class UnfoldableChangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnfoldableChangeError';
  }
}

/**
 * The document after `change` of `event`, or `undefined` when it no longer exists. `document` is
 * the caller's working copy and is changed in place, except its `_applied` object, which is
 * replaced (the caller keeps the one it read as the version of the stored document).
 */
export function foldChange(
  document: FoldedDocument | undefined,
  change: ReadModelChange,
  event: EventEnvelope,
): FoldedDocument | undefined {
  const streamKey = encodeFieldKey(event.streamId);
  if (document && !guardPasses(document, streamKey, event.streamVersion)) return document;
  if (change.kind === 'delete') return undefined;
  checkDisjointPaths(change);
  // The touch: a missing document is created with `setOnInsert` and position 0.
  const next: FoldedDocument = document ?? {
    _id: change.id,
    ...expandFields(change.setOnInsert ?? {}),
    [POSITION_FIELD]: 0,
  };
  for (const [path, value] of Object.entries(change.set ?? {})) setPath(next, path, value);
  for (const [path, by] of Object.entries(change.inc ?? {})) incPath(next, path, by);
  for (const path of change.unset ?? []) unsetPath(next, path);
  const applied = (next[APPLIED_FIELD] ?? {}) as Record<string, unknown>;
  next[APPLIED_FIELD] = { ...applied, [streamKey]: event.streamVersion };
  next[POSITION_FIELD] = Math.max(Number(next[POSITION_FIELD] ?? 0), event.globalPosition);
  return next;
}

/** The writer's filter `_applied.<stream> < version or missing`, checked in Node. */
function guardPasses(document: FoldedDocument, streamKey: string, version: number): boolean {
  const applied = document[APPLIED_FIELD] as Record<string, unknown> | undefined;
  const seen = applied?.[streamKey];
  if (seen === undefined) return true;
  if (typeof seen !== 'number')
    throw new UnfoldableChangeError(`guard of ${streamKey} is not a number`);
  return seen < version;
}

function expandFields(fields: { readonly [path: string]: FieldValue }): FoldedDocument {
  const document: FoldedDocument = {};
  for (const [path, value] of Object.entries(fields)) setPath(document, path, value);
  return document;
}

// MongoDB refuses an update whose paths overlap ("would create a conflict"); the writer adds the
// guard and the position, which projections may not write (checked by the writer before folding).
function checkDisjointPaths(change: ReadModelChange & { kind: 'upsert' }): void {
  const paths = [
    ...Object.keys(change.set ?? {}),
    ...Object.keys(change.inc ?? {}),
    ...(change.unset ?? []),
  ].sort();
  for (let i = 1; i < paths.length; i += 1) {
    const [before, path] = [paths[i - 1]!, paths[i]!];
    if (path === before || path.startsWith(`${before}.`))
      throw new UnfoldableChangeError(`paths ${before} and ${path} of one update overlap`);
  }
}

/** The embedded document holding the last segment of `path`, created on the way if `create`. */
function parentOf(
  document: FoldedDocument,
  path: string,
  create: boolean,
): { parent: FoldedDocument; key: string } | undefined {
  const segments = path.split('.');
  let parent = document;
  for (const segment of segments.slice(0, -1)) {
    const child = parent[segment];
    if (child === undefined && create) parent = parent[segment] = {};
    else if (child === undefined) return undefined;
    else if (isEmbeddedDocument(child)) parent = child;
    else throw new UnfoldableChangeError(`path ${path} goes through a non-document at ${segment}`);
  }
  return { parent, key: segments.at(-1)! };
}

function setPath(document: FoldedDocument, path: string, value: FieldValue): void {
  const { parent, key } = parentOf(document, path, true)!;
  // Values of the event's change may be shared: later folds must not change them through `next`.
  parent[key] = typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function incPath(document: FoldedDocument, path: string, by: number): void {
  const { parent, key } = parentOf(document, path, true)!;
  const current = parent[key] ?? 0;
  if (typeof current !== 'number') throw new UnfoldableChangeError(`$inc of non-number ${path}`);
  parent[key] = current + by;
}

function unsetPath(document: FoldedDocument, path: string): void {
  const found = parentOf(document, path, false);
  if (found) delete found.parent[found.key];
}

function isEmbeddedDocument(value: unknown): value is FoldedDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
