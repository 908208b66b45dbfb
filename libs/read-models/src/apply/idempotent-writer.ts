// Turns read-model changes into guarded MongoDB writes and runs them with bulkWrite.
//
// The guard: every document keeps, per stream that touched it, the last stream version applied
// (`_applied.<streamId>`), and every update filters on "that version is lower than mine", so a
// redelivered or replayed event matches nothing and changes nothing. No transaction needed.
// Per-stream (not global) positions, because Kafka orders events per stream only: two streams'
// events reach a shared document in any relative order, and both must apply.
//
// Creation is separate from the guarded update: the first change to a document in a bulk is
// preceded by a "touch" (upsert on `_id` alone, carrying the change's `setOnInsert`). The guarded
// update itself never inserts. A guarded upsert could not tell "already applied" from "another
// worker created the document a moment ago" (both end in a duplicate key on `_id`); this way a
// duplicate key can only come from a touch racing another touch, which is harmless.
//
// A document the bulk changes only once (an imported row's customer 360, search token, audience
// entry) is written by one creating statement instead (ADR 0460): the guarded update with
// `upsert`, carrying the `setOnInsert`. Missing, it is created with the change; present, the guard
// decides; a duplicate key on it means "present but the guard refused" (already applied) or
// "created meanwhile", and both are settled by running the plain guarded update after it. Only for
// a single change, so no other statement of the bulk names that document: the creating
// statements of a collection go in an unordered bulk of their own, and a replayed page (every one
// of them refused) costs that bulk and one of fallbacks, not a round trip per error.
//
// Bulk semantics: ordered per collection (two changes to one document must apply in event
// order). After an error real MongoDB stops while mongo-java-server carries on; both are handled
// by resubmitting the operations after the first error that were not reported (harmless if they
// did run: every operation is idempotent).
import type { EventEnvelope } from '@crm/event-sourcing';
import { isTransientMongoFailure } from '@crm/transient-failures';
import type { Connection, mongo } from 'mongoose';
import type { ReadModelChange, UpsertChange } from '../projection/read-model-change';
import { encodeFieldKey } from '../mongo/field-key';
import { isIdDuplicate } from '../mongo/mongo-errors';

export const APPLIED_FIELD = '_applied';
export const POSITION_FIELD = '_position';

export interface EventChanges {
  readonly event: EventEnvelope;
  readonly changes: readonly ReadModelChange[];
}

/** Why an event's write was refused (not transient: retrying the same write will fail again). */
export interface WriteFailure {
  readonly event: EventEnvelope;
  readonly error: Error;
}

type Op = mongo.AnyBulkWriteOperation<mongo.Document>;

interface PendingOp {
  readonly op: Op;
  readonly item: number;
  /** A touch: a duplicate key on it only means the document exists already. */
  readonly touch: boolean;
}

/** Writes the changes of a batch of events; returns the events whose writes were refused. */
export interface ChangeWriter {
  write(
    collections: { readonly [model: string]: string },
    items: readonly EventChanges[],
  ): Promise<WriteFailure[]>;
}

/**
 * Why the writer refuses an event's changes before writing anything (an undeclared read model, a
 * reserved field), or undefined when it would write them.
 */
export function validateChanges(
  collections: { readonly [model: string]: string },
  changes: readonly ReadModelChange[],
): Error | undefined {
  try {
    for (const change of changes) {
      if (!collections[change.model])
        throw new Error(`No collection for read model ${change.model}`);
      checkChangePaths(change);
    }
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** A creating statement, and its change to write as a guarded update when the document exists. */
interface CreatingOp {
  readonly op: Op;
  readonly item: number;
  readonly change: UpsertChange;
  readonly event: EventEnvelope;
}

export class IdempotentWriter implements ChangeWriter {
  constructor(readonly connection: Connection) {}

  /**
   * Applies the changes in order. Returns the events whose writes were refused (to be parked);
   * throws when MongoDB is unreachable (the caller retries the whole batch: it is idempotent).
   */
  async write(
    collections: { readonly [model: string]: string },
    items: readonly EventChanges[],
  ): Promise<WriteFailure[]> {
    const failures = new Map<number, Error>();
    const perCollection = new Map<
      string,
      { ops: PendingOp[]; creating: CreatingOp[]; touched: Set<string> }
    >();
    const changesPerDocument = countChangesPerDocument(collections, items);
    items.forEach((item, index) => {
      const refused = validateChanges(collections, item.changes);
      if (refused) {
        // A malformed change (reserved field…): the event is refused as a whole.
        failures.set(index, refused);
        return;
      }
      for (const change of item.changes) {
        const collection = collections[change.model]!;
        let entry = perCollection.get(collection);
        if (!entry)
          perCollection.set(collection, (entry = { ops: [], creating: [], touched: new Set() }));
        if (change.kind === 'upsert' && !entry.touched.has(change.id)) {
          entry.touched.add(change.id);
          if (
            changesPerDocument.get(documentKey(collection, change.id)) === 1 &&
            !insertsOverlapChanges(change)
          ) {
            entry.creating.push({
              op: creatingOperation(change, item.event),
              item: index,
              change,
              event: item.event,
            });
            continue;
          }
          entry.ops.push({ op: touchOperation(change), item: index, touch: true });
        }
        entry.ops.push({ op: guardedOperation(change, item.event), item: index, touch: false });
        // A later upsert of a document deleted in this bulk must create it again.
        if (change.kind === 'delete') entry.touched.delete(change.id);
      }
    });
    // Collections hold different documents, and a creating statement's document is named by no
    // other statement: they can be written side by side.
    await Promise.all(
      [...perCollection].flatMap(([collection, { ops, creating }]) => [
        this.runOrdered(collection, ops, failures),
        this.runCreating(collection, creating, failures),
      ]),
    );
    return [...failures]
      .sort(([a], [b]) => a - b)
      .map(([index, error]) => ({ event: items[index]!.event, error }));
  }

  private async runOrdered(
    collectionName: string,
    ops: readonly PendingOp[],
    failures: Map<number, Error>,
  ): Promise<void> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    const collection = db.collection(collectionName);
    let pending = ops.filter((op) => !failures.has(op.item));
    while (pending.length > 0) {
      try {
        await collection.bulkWrite(
          pending.map((p) => p.op),
          { ordered: true },
        );
        return;
      } catch (error) {
        if (isTransientMongoFailure(error) || !isBulkWriteError(error)) throw error;
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0) throw error;
        const reported = new Set<number>();
        for (const writeError of writeErrors) {
          reported.add(writeError.index);
          const op = pending[writeError.index]!;
          if (op.touch && isIdDuplicate(writeError.code, writeError.errmsg)) continue; // created meanwhile
          if (!failures.has(op.item)) failures.set(op.item, refusedWrite(writeError));
        }
        const first = writeErrors[0]!.index;
        pending = pending.filter(
          (p, index) => index > first && !reported.has(index) && !failures.has(p.item),
        );
      }
    }
  }

  /**
   * The creating statements of one collection, each naming a document nothing else in the bulk
   * names: unordered. A duplicate key on one means the document exists; its guarded update then
   * runs (ordered, like any other), which applies or skips the change by the guard.
   */
  private async runCreating(
    collectionName: string,
    creating: readonly CreatingOp[],
    failures: Map<number, Error>,
  ): Promise<void> {
    const pending = creating.filter((c) => !failures.has(c.item));
    if (pending.length === 0) return;
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    try {
      await db.collection(collectionName).bulkWrite(
        pending.map((c) => c.op),
        { ordered: false },
      );
    } catch (error) {
      if (isTransientMongoFailure(error) || !isBulkWriteError(error)) throw error;
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0) throw error;
      const present: PendingOp[] = [];
      for (const writeError of writeErrors) {
        const { item, change, event } = pending[writeError.index]!;
        if (isIdDuplicate(writeError.code, writeError.errmsg))
          present.push({ op: guardedOperation(change, event), item, touch: false });
        else if (!failures.has(item)) failures.set(item, refusedWrite(writeError));
      }
      await this.runOrdered(collectionName, present, failures);
    }
  }
}

/** The part of the driver's WriteError we use (one or many, depending on the driver path). */
interface BulkWriteErrorEntry {
  readonly index: number;
  readonly code: number;
  readonly errmsg?: string;
}

function isBulkWriteError(
  error: unknown,
): error is { writeErrors: BulkWriteErrorEntry | BulkWriteErrorEntry[] } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'writeErrors' in error &&
    (error as { writeErrors?: unknown }).writeErrors !== undefined
  );
}

function refusedWrite(writeError: BulkWriteErrorEntry): Error {
  return new Error(
    `MongoDB refused the write (code ${writeError.code}): ${writeError.errmsg ?? 'no message'}`,
  );
}

function writeErrorsOf(error: {
  writeErrors: BulkWriteErrorEntry | BulkWriteErrorEntry[];
}): BulkWriteErrorEntry[] {
  const list = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return [...list].sort((a, b) => a.index - b.index);
}

function documentKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/** How many changes each document gets in this bulk (refused events included: they only add). */
function countChangesPerDocument(
  collections: { readonly [model: string]: string },
  items: readonly EventChanges[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items)
    for (const change of item.changes) {
      const key = documentKey(collections[change.model] ?? change.model, change.id);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return counts;
}

/**
 * Whether a `setOnInsert` path is, contains or lies inside a path the change sets, increments or
 * unsets: one statement may not name both (MongoDB refuses the conflict), so such a change keeps
 * its touch.
 */
function insertsOverlapChanges(change: UpsertChange): boolean {
  const inserted = Object.keys(change.setOnInsert ?? {});
  if (inserted.length === 0) return false;
  const changed = [
    ...Object.keys(change.set ?? {}),
    ...Object.keys(change.inc ?? {}),
    ...(change.unset ?? []),
  ];
  return inserted.some((a) =>
    changed.some((b) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)),
  );
}

/** The guarded update that also creates the missing document, with its `setOnInsert`. */
function creatingOperation(change: UpsertChange, event: EventEnvelope): Op {
  const { filter, update } = (
    guardedOperation(change, event) as { updateOne: mongo.UpdateOneModel }
  ).updateOne;
  const setOnInsert = change.setOnInsert ?? {};
  return {
    updateOne: {
      filter,
      update:
        Object.keys(setOnInsert).length > 0 ? { ...update, $setOnInsert: setOnInsert } : update,
      upsert: true,
    },
  };
}

function touchOperation(change: UpsertChange): Op {
  const setOnInsert =
    change.setOnInsert && Object.keys(change.setOnInsert).length > 0
      ? checkPaths(change.setOnInsert)
      : undefined;
  return {
    updateOne: {
      filter: { _id: change.id as unknown as mongo.ObjectId },
      // `$setOnInsert` needs at least one field; `_position: 0` is overwritten by the guarded update's $max.
      update: { $setOnInsert: { ...setOnInsert, [POSITION_FIELD]: 0 } },
      upsert: true,
    },
  };
}

function guardedOperation(change: ReadModelChange, event: EventEnvelope): Op {
  const guardPath = `${APPLIED_FIELD}.${encodeFieldKey(event.streamId)}`;
  const filter = {
    _id: change.id as unknown as mongo.ObjectId,
    $or: [{ [guardPath]: { $lt: event.streamVersion } }, { [guardPath]: { $exists: false } }],
  };
  switch (change.kind) {
    case 'delete':
      return { deleteOne: { filter } };
    case 'upsert': {
      if (change.setOnInsert) checkPaths(change.setOnInsert);
      const set: Record<string, unknown> = {
        ...checkPaths(change.set ?? {}),
        [guardPath]: event.streamVersion,
      };
      const update: mongo.UpdateFilter<mongo.Document> = {
        $set: set,
        $max: { [POSITION_FIELD]: event.globalPosition },
      };
      if (change.inc && Object.keys(change.inc).length > 0) update.$inc = checkPaths(change.inc);
      if (change.unset && change.unset.length > 0)
        update.$unset = Object.fromEntries(change.unset.map((path) => [checkPath(path), '']));
      return { updateOne: { filter, update } };
    }
  }
}

function checkChangePaths(change: ReadModelChange): void {
  if (change.kind === 'delete') return;
  for (const fields of [change.set, change.setOnInsert, change.inc]) checkPaths(fields ?? {});
  for (const path of change.unset ?? []) checkPath(path);
}

function checkPaths<T extends object>(fields: T): T {
  for (const path of Object.keys(fields)) checkPath(path);
  return fields;
}

function checkPath(path: string): string {
  if (
    path === '' ||
    path === '_id' ||
    path.startsWith(APPLIED_FIELD) ||
    path.startsWith(POSITION_FIELD) ||
    path.startsWith('$')
  ) {
    throw new Error(
      `A projection may not write the field ${JSON.stringify(path)} (reserved for the runtime)`,
    );
  }
  return path;
}
