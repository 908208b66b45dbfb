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
