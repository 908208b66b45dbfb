// A rebuild's writer: one write per document per batch instead of a touch and a guarded update per
// event (ADR 0465). It reads the batch's documents by `_id`, folds every event's change into them
// in memory with the writer's own guard (document-fold.ts), and writes each changed document once:
// insert when it was missing, replace when its `_applied` versions are still the ones read,
// delete when the fold removed it.
//
// The projection's `project` produced the changes, as on the live path: only the writes differ.
// The condition on `_applied` keeps this safe with a second writer on the target (two workers
// building the same target, a live source after the switch): every applied change moves a
// stream's version there, so a document written meanwhile matches nothing. Then, and whenever
// the fold or MongoDB refuses something, the whole batch is left to the live writer, which skips
// what is already applied (its guard) and reports refusals event by event for parking.
import { isTransientMongoFailure } from '@crm/transient-failures';
import type { Connection, mongo } from 'mongoose';
import type { ReadModelChange } from '../projection/read-model-change';
import { foldChange, UnfoldableChangeError } from './document-fold';
import type { FoldedDocument } from './document-fold';
import { APPLIED_FIELD, validateChanges } from './idempotent-writer';
import type { ChangeWriter, EventChanges, WriteFailure } from './idempotent-writer';

/** Read-model documents are keyed by the projection's string ids. */
interface KeyedDocument {
  _id: string;
  [field: string]: unknown;
}

type Op = mongo.AnyBulkWriteOperation<KeyedDocument>;

/** How the batches of one rebuild were written, for its progress and the tests. */
export interface BatchedWriteStats {
  /** Batches written with one write per document. */
  batched: number;
  /** Batches left to the live writer (a refusal, a conflict, or a change the fold does not model). */
  perEvent: number;
  /** Documents written by the batched path. */
  documentsWritten: number;
}

interface CollectionFold {
  readonly ids: string[];
  readonly changes: { readonly change: ReadModelChange; readonly item: EventChanges }[];
}

class FoldConflictError extends Error {}

export class BatchedRebuildWriter implements ChangeWriter {
  readonly stats: BatchedWriteStats = { batched: 0, perEvent: 0, documentsWritten: 0 };

  constructor(
    private readonly connection: Connection,
    private readonly perEvent: ChangeWriter,
  ) {}

  async write(
    collections: { readonly [model: string]: string },
    items: readonly EventChanges[],
  ): Promise<WriteFailure[]> {
    try {
      if (items.some((item) => validateChanges(collections, item.changes) !== undefined))
        throw new FoldConflictError('a change the live writer refuses');
      const perCollection = groupByCollection(collections, items);
      const written = await Promise.all(
        [...perCollection].map(([collection, fold]) => this.writeFolded(collection, fold)),
      );
      this.stats.batched += 1;
      this.stats.documentsWritten += written.reduce((a, b) => a + b, 0);
      return [];
    } catch (error) {
      if (!(error instanceof FoldConflictError || error instanceof UnfoldableChangeError))
        throw error; // transient (MongoDB unreachable): the caller retries the batch
      this.stats.perEvent += 1;
      return this.perEvent.write(collections, items);
    }
  }

  /** Folds one collection's changes and writes them; returns how many documents it wrote. */
  private async writeFolded(collectionName: string, fold: CollectionFold): Promise<number> {
    const collection = this.connection.db!.collection<KeyedDocument>(collectionName);
    const stored = new Map<string, FoldedDocument>();
    for (const document of await collection.find({ _id: { $in: fold.ids } }).toArray())
      stored.set(document._id, document);
    const readVersions = new Map([...stored].map(([id, doc]) => [id, doc[APPLIED_FIELD]]));
    const current = new Map<string, FoldedDocument | undefined>(stored);
    const changed = new Set<string>();
    for (const { change, item } of fold.changes) {
      const before = current.get(change.id);
      // The fold replaces `_applied` whenever it applies a change (and only then).
      const versionsBefore = before?.[APPLIED_FIELD];
      const after = foldChange(before, change, item.event);
      if (after !== before || after?.[APPLIED_FIELD] !== versionsBefore) changed.add(change.id);
      current.set(change.id, after);
    }
    const ops: Op[] = [];
    const expected = { inserted: 0, replaced: 0, deleted: 0 };
    for (const id of changed) {
      const document = current.get(id);
      const wasStored = stored.has(id);
      const filter: mongo.Filter<KeyedDocument> = {
        _id: id,
        [APPLIED_FIELD]: readVersions.get(id) ?? { $exists: false },
      };
      if (!document && !wasStored) continue; // created and deleted within the batch
      if (!document) {
        ops.push({ deleteOne: { filter } });
        expected.deleted += 1;
      } else if (!wasStored) {
        ops.push({ insertOne: { document: document as KeyedDocument } });
        expected.inserted += 1;
      } else {
        ops.push({ replaceOne: { filter, replacement: document } });
        expected.replaced += 1;
      }
    }
    if (ops.length === 0) return 0;
    let result: mongo.BulkWriteResult;
    try {
      // Unordered: each document is written once, so their order does not matter.
      result = await collection.bulkWrite(ops, { ordered: false });
    } catch (error) {
      if (isTransientMongoFailure(error) || !isRefusal(error)) throw error;
      throw new FoldConflictError('MongoDB refused a folded write');
    }
    if (
      result.insertedCount !== expected.inserted ||
      result.matchedCount !== expected.replaced ||
      result.deletedCount !== expected.deleted
    )
      throw new FoldConflictError('a document changed since it was read');
    return ops.length;
  }
}

function groupByCollection(
  collections: { readonly [model: string]: string },
  items: readonly EventChanges[],
): Map<string, CollectionFold> {
  const perCollection = new Map<string, CollectionFold>();
  for (const item of items) {
    for (const change of item.changes) {
      const name = collections[change.model]!;
      let fold = perCollection.get(name);
      if (!fold) perCollection.set(name, (fold = { ids: [], changes: [] }));
      fold.changes.push({ change, item });
    }
  }
  for (const fold of perCollection.values())
    fold.ids.push(...new Set(fold.changes.map(({ change }) => change.id)));
  return perCollection;
}

/** A write MongoDB refused (duplicate key, validation), as opposed to a connection failure. */
function isRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'writeErrors' in error;
}
