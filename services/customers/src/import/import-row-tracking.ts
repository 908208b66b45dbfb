// What a running import keeps about its rows between the parser and the database, all of it
// bounded by the batch size and the pipeline depth, never by the file: the checkpoint (rows finish
// out of order), the identities of rows written but not yet in the identity index, the identities
// of rows whose batch is still being written, and the batches being written (docs/adr/0115).
import type { CustomerIdentity, IdentityKind } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { IdentityMatch } from '../infrastructure/identity-index';
import type { MappedRow } from './import-mapping';
import type { ImportCounters } from './import-run.repository';

export type RowOutcome = 'created' | 'linked' | 'skipped' | 'rejected';

export interface BatchRow {
  readonly n: number;
  readonly row: MappedRow;
}

export function identityKeys(identities: readonly CustomerIdentity[]): string[] {
  return identities.map((identity) => `${identity.kind}:${identity.value}`);
}

/**
 * Rows finish out of order (several are written at once); the checkpoint is the last row up to
 * which every row has finished, and the counters cover exactly those rows, so a resumed run
 * continues from a consistent point.
 */
export class RowCheckpoint {
  private readonly finished = new Map<number, RowOutcome>();

  constructor(
    private readonly counters: ImportCounters,
    public row: number,
  ) {}

  done(rowNumber: number, outcome: RowOutcome): void {
    this.finished.set(rowNumber, outcome);
    for (let next = this.finished.get(this.row + 1); next; next = this.finished.get(this.row + 1)) {
      this.finished.delete(++this.row);
      this.counters.rowsRead++;
      if (next === 'created') this.counters.rowsCreated++;
      else if (next === 'linked') this.counters.rowsLinked++;
      else if (next === 'skipped') this.counters.rowsSkipped++;
      else this.counters.rowsRejected++;
    }
  }

  /** Checkpoint and counters as of now, taken together (they are saved while rows still finish). */
  snapshot(): { readonly row: number; readonly counters: ImportCounters } {
    return { row: this.row, counters: { ...this.counters } };
  }
}

/** Where the identity index stands: its worker indexes every customer event after it is stored. */
export interface IdentityIndexPosition {
  /** Every event up to this position is in the index. */
  readonly indexedUpTo: number;
  /** Resolves once every event up to `position` is in the index. */
  whenIndexed(position: number): Promise<void>;
}

/**
 * The identities of rows written but maybe not yet in the identity index. The import writes
 * nothing to the index itself: the index's worker reads every stored customer event and indexes
 * it shortly after (it did so anyway, a second time, when the import wrote its own rows). Until
 * the worker has passed a row's events, dedupe consults them here. Only the identity keys, the
 * customer and the position are kept (not the events), and at most `limit` rows: beyond that the
 * import waits for the worker, so memory stays flat whatever the file.
 */
export class PendingIdentities {
  /** identity key → the customer holding it and the position of the event that gave it. */
  private readonly byIdentity = new Map<string, { customerId: string; position: number }>();
  private highest = 0;

  constructor(
    private readonly index: IdentityIndexPosition,
    private readonly limit: number,
  ) {}

  get size(): number {
    return this.byIdentity.size;
  }

  add(
    events: readonly EventEnvelope[],
    customerId: string,
    identities: readonly CustomerIdentity[],
  ): void {
    let position = 0;
    for (const event of events) position = Math.max(position, event.globalPosition);
    if (position === 0) return; // nothing stored: nothing for the index to learn
    this.highest = Math.max(this.highest, position);
    for (const identity of identities) {
      const key = `${identity.kind}:${identity.value}`;
      this.byIdentity.delete(key); // re-added at the end: the map stays in position order
      this.byIdentity.set(key, { customerId, position });
    }
  }

  find(identities: readonly CustomerIdentity[]): IdentityMatch[] {
    const found = new Map<string, IdentityKind[]>();
    for (const identity of identities) {
      const customerId = this.byIdentity.get(`${identity.kind}:${identity.value}`)?.customerId;
      if (customerId) found.set(customerId, [...(found.get(customerId) ?? []), identity.kind]);
    }
    return [...found].map(([customerId, kinds]) => ({ customerId, kinds, score: kinds.length }));
  }

  /**
   * Forgets what the index holds now; waits for the index first when more than `limit` are kept,
   * unless `stop` aborts (shutdown: the worker may be stopped already).
   */
  async prune(stop: AbortSignal): Promise<void> {
    if (this.byIdentity.size > this.limit) await this.indexed(this.highest, stop);
    this.forgetUpTo(this.index.indexedUpTo);
  }

  /**
   * Resolves once the index holds every identity added so far (the end of a run), or when `stop`
   * aborts; true in the first case.
   */
  async settle(stop: AbortSignal): Promise<boolean> {
    const upTo = this.highest;
    if (!(await this.indexed(upTo, stop))) return false;
    this.forgetUpTo(upTo);
    return true;
  }

  private async indexed(position: number, stop: AbortSignal): Promise<boolean> {
    if (stop.aborted) return position <= this.index.indexedUpTo;
    let onAbort = (): void => undefined;
    const aborted = new Promise<false>((resolve) => {
      onAbort = () => resolve(false);
      stop.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.index.whenIndexed(position).then(() => true), aborted]);
    } finally {
      stop.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Entries are added about in position order (batches commit roughly in file order), so this
   * stops at the first one the index does not hold yet; one written a little out of order is
   * forgotten at a later call (keeping it longer is harmless: the index says the same).
   */
  private forgetUpTo(position: number): void {
    for (const [key, entry] of this.byIdentity) {
      if (entry.position > position) return;
      this.byIdentity.delete(key);
    }
  }
}

/**
 * The identities of rows whose batch is being written. A later batch must not decide that one of
 * its rows matches nobody while an earlier row holding the same identity may be committing: such a
 * row takes the one-by-one path, after the writes in flight have ended.
 */
export class ReservedIdentities {
  private readonly holders = new Map<string, number>();

  /** Reserves the rows' identities; the returned function releases them. */
  hold(rows: readonly BatchRow[]): () => void {
    const keys = rows.flatMap(({ row }) => identityKeys(row.identities));
    for (const key of keys) this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
    return () => {
      for (const key of keys) {
        const left = (this.holders.get(key) ?? 1) - 1;
        if (left > 0) this.holders.set(key, left);
        else this.holders.delete(key);
      }
    };
  }

  holdsAny(keys: readonly string[]): boolean {
    return keys.some((key) => this.holders.has(key));
  }
}

/**
 * Batch writes in flight, at most `depth` at once: while one batch's transaction commits (waiting
 * for the disk), the next batches are parsed, deduplicated, decided and encrypted, so neither the
 * service nor PostgreSQL waits for the other.
 */
export class WritePipeline {
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly depth: number) {}

  /** Starts tracking a write; the write must not reject (it records its own failure). */
  add(write: Promise<void>): void {
    const tracked: Promise<void> = write.finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }

  /** Resolves when fewer than `depth` writes are in flight. */
  async room(): Promise<void> {
    while (this.writes.size >= this.depth) await Promise.race(this.writes);
  }

  /** Resolves when every write started so far has ended. */
  async drain(): Promise<void> {
    while (this.writes.size > 0) await Promise.all(this.writes);
  }
}
