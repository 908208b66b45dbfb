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

/** The folded writes of one collection of a page, not yet written. */
export interface FoldedWrites {
  readonly collection: string;
  readonly ops: readonly Op[];
  readonly expected: { inserted: number; replaced: number; deleted: number };
}

/** A folded write MongoDB refused, or a document changed since the page read it. */
export class FoldedWriteConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FoldedWriteConflictError';
  }
}

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
        throw new FoldedWriteConflictError('a change the live writer refuses');
      const folded = await this.fold(collections, items);
      const written = await Promise.all(folded.map((writes) => this.commit(writes)));
      this.stats.batched += 1;
      this.stats.documentsWritten += written.reduce((a, b) => a + b, 0);
      return [];
    } catch (error) {
      if (!(error instanceof FoldedWriteConflictError || error instanceof UnfoldableChangeError))
        throw error; // transient (MongoDB unreachable): the caller retries the batch
      this.stats.perEvent += 1;
      return this.perEvent.write(collections, items);
    }
  }

  /** Reads the page's documents and folds its changes into them; writes nothing. */
  async fold(
    collections: { readonly [model: string]: string },
    items: readonly EventChanges[],
  ): Promise<FoldedWrites[]> {
    return Promise.all(
      [...groupByCollection(collections, items)].map(([collection, fold]) =>
        this.foldCollection(collection, fold),
      ),
    );
  }

  /**
   * Writes one collection's folded documents; returns how many it wrote. Throws
   * FoldedWriteConflictError when MongoDB refused one or one changed since `fold` read it.
   */
  async commit({ collection: name, ops, expected }: FoldedWrites): Promise<number> {
    if (ops.length === 0) return 0;
    let result: mongo.BulkWriteResult;
    try {
      // Unordered: each document is written once, so their order does not matter.
      result = await this.connection
        .db!.collection<KeyedDocument>(name)
        .bulkWrite([...ops], { ordered: false });
    } catch (error) {
      if (isTransientMongoFailure(error) || !isRefusal(error)) throw error;
      throw new FoldedWriteConflictError('MongoDB refused a folded write');
    }
    if (
      result.insertedCount !== expected.inserted ||
      result.matchedCount !== expected.replaced ||
      result.deletedCount !== expected.deleted
    )
      throw new FoldedWriteConflictError('a document changed since it was read');
    return ops.length;
  }

  private async foldCollection(
    collectionName: string,
    fold: CollectionFold,
  ): Promise<FoldedWrites> {
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
    return { collection: collectionName, ops, expected };
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
