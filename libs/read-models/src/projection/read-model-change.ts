// What a projection asks for when it handles an event: changes to read-model documents, as data.
// The runtime (not the projection) turns them into guarded MongoDB updates, so every projection is
// idempotent by construction and can be batched with bulkWrite.

/** Field values a projection may write: JSON-like data (read models are rebuilt from JSON events). */
export type FieldValue =
  string | number | boolean | null | readonly FieldValue[] | { readonly [key: string]: FieldValue };
export type Fields = { readonly [path: string]: FieldValue };

export interface UpsertChange {
  readonly kind: 'upsert';
  /** The logical read model (collection) as declared in the projection's `readModels`. */
  readonly model: string;
  /** The document `_id`. */
  readonly id: string;
  /** `$set`: field paths (dots allowed) to values. */
  readonly set?: Fields;
  /** `$setOnInsert`: only when this change creates the document. */
  readonly setOnInsert?: Fields;
  /** `$inc`: field paths to numbers. */
  readonly inc?: { readonly [path: string]: number };
  /** `$unset`: field paths to remove. */
  readonly unset?: readonly string[];
}

export interface DeleteChange {
  readonly kind: 'delete';
  readonly model: string;
  readonly id: string;
}

export type ReadModelChange = UpsertChange | DeleteChange;

export function upsert(
  model: string,
  id: string,
  update: Omit<UpsertChange, 'kind' | 'model' | 'id'>,
): UpsertChange {
  return { kind: 'upsert', model, id, ...update };
}

export function remove(model: string, id: string): DeleteChange {
  return { kind: 'delete', model, id };
}

/**
 * The changes of several facts carried by one event, as one change per document: the writer
 * guards each document by the event's stream version, so a second change to the same document
 * from the same event would be taken for a replay and skipped. Later sets win, unsets of a path
 * set later are dropped, increments add up. A document also deleted keeps its changes apart
 * (order matters there), so a delete ends the merging of that document.
 */
export function mergeChangesPerDocument(changes: readonly ReadModelChange[]): ReadModelChange[] {
  const merged: ReadModelChange[] = [];
  const open = new Map<string, number>();
  for (const change of changes) {
    const key = `${change.model}\u0000${change.id}`;
    const at = open.get(key);
    const previous = at === undefined ? undefined : merged[at];
    if (change.kind === 'delete' || previous?.kind !== 'upsert') {
      if (change.kind === 'delete') open.delete(key);
      else open.set(key, merged.length);
      merged.push(change);
      continue;
    }
    merged[at!] = mergeUpserts(previous, change);
  }
  return merged;
}

function mergeUpserts(first: UpsertChange, second: UpsertChange): UpsertChange {
  const set = { ...first.set, ...second.set };
  const setOnInsert = { ...first.setOnInsert, ...second.setOnInsert };
  const inc: Record<string, number> = { ...first.inc };
  for (const [path, by] of Object.entries(second.inc ?? {})) inc[path] = (inc[path] ?? 0) + by;
  const unset = [
    ...(first.unset ?? []).filter((path) => !(second.set && path in second.set)),
    ...(second.unset ?? []),
  ];
  for (const path of second.unset ?? []) delete set[path];
  return upsert(first.model, first.id, {
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(Object.keys(setOnInsert).length > 0 ? { setOnInsert } : {}),
    ...(Object.keys(inc).length > 0 ? { inc } : {}),
    ...(unset.length > 0 ? { unset: [...new Set(unset)] } : {}),
  });
}
