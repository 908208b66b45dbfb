// The erasure ledger: an append-only record of every erasure, kept OUTSIDE the data that backups
// copy (its own database, ideally on another server). Shredding a key deletes it from the key
// table, but a restore of an older backup would bring that key back; restore therefore replays
// every ledger entry onto the restored key table before anything serves (docs/operations/
// backup-and-restore.md). The DataKeyStore writes the entry before it shreds, so an erasure the
// caller saw succeed is always in the ledger.
import type { DataSubject } from './data-subject';

export interface ErasureLedgerEntry extends DataSubject {
  /** When the erasure was asked (the key store's clock). */
  readonly erasedAt: Date;
}

export interface RecordedErasure extends ErasureLedgerEntry {
  /** Position in the ledger: strictly increasing in the order entries were recorded. */
  readonly sequence: number;
}

export interface ErasureLedger {
  /** Durably appends the entry; resolves only once it is stored. */
  record(entry: ErasureLedgerEntry): Promise<void>;
  /** Entries with a sequence above `afterSequence`, in sequence order, at most `limit`. */
  readAfter(afterSequence: number, limit: number): Promise<RecordedErasure[]>;
}

/** Every entry of a ledger, page by page, in sequence order. */
export async function* readWholeLedger(
  ledger: ErasureLedger,
  pageSize = 5000,
): AsyncGenerator<RecordedErasure[]> {
  let after = 0;
  for (;;) {
    const page = await ledger.readAfter(after, pageSize);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]?.sequence ?? after;
  }
}

/** For unit tests and in-memory setups; not durable. */
export class InMemoryErasureLedger implements ErasureLedger {
  private readonly entries: RecordedErasure[] = [];

  async record(entry: ErasureLedgerEntry): Promise<void> {
    this.entries.push({ ...entry, sequence: this.entries.length + 1 });
  }

  async readAfter(afterSequence: number, limit: number): Promise<RecordedErasure[]> {
    return this.entries.filter((e) => e.sequence > afterSequence).slice(0, limit);
  }
}
