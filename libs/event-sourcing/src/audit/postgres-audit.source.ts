// The AuditSource over a PostgreSQL event store. Everything is read in one REPEATABLE READ, READ
// ONLY transaction, so events, checkpoints and stream heads are one consistent snapshot even while
// services keep appending (otherwise a concurrent append would look like a head mismatch).
import type { Pool, PoolClient } from 'pg';
import type { HashedChainLink, StoredEventForVerification } from '../integrity/event-hash';
import { copyOutBinaryOn, copyOutOn } from '../postgres/copy-out';
import { parseJsonLines } from '../serialisation/json-lines';
import type { AuditSource, PositionRange, RecordedStreamHead } from './audit-source';
import { CHAIN_LINK_COLUMNS, chainLinksFromBinaryCopy } from './binary-chain-links';
import { ChainHashingPool } from './chain-hashing-pool';
import type { Checkpoint } from './checkpoint';
import { CHECKPOINTS_TABLE } from './checkpoint.migration';
import { ENVELOPE_JSON } from './stored-log-json';

export interface CheckpointRow {
  sequence: string;
  from_position: string;
  to_position: string;
  event_count: number;
  merkle_root: string;
  previous_digest: string | null;
  signed_at: Date;
  key_id: string;
  signature: string;
  leaves: [number | string, string, number | string, string][];
}

export function rowToCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    sequence: Number(row.sequence),
    fromPosition: Number(row.from_position),
    toPosition: Number(row.to_position),
    eventCount: row.event_count,
    merkleRoot: row.merkle_root,
    previousDigest: row.previous_digest,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    leaves: row.leaves.map(([globalPosition, streamId, streamVersion, hash]) => ({
      globalPosition: Number(globalPosition),
      streamId,
      streamVersion: Number(streamVersion),
      hash,
    })),
  };
}

/** Positions per page: large enough that round trips do not count, small enough to hash while reading. */
const PAGE_SIZE = 5_000;

export interface AuditSnapshotOptions {
  /**
   * Worker threads that parse and hash the events for verification (hashedEvents); 0 (default)
   * hashes on the caller's thread. The CLI uses defaultHashWorkers().
   */
  readonly hashWorkers?: number;
}

export class PostgresAuditSource implements AuditSource {
  private head: Promise<number> | undefined;
  /** The page after the last range read, requested before anyone asked (see pages). */
  private readAhead: { from: number; kind: string; page: Promise<unknown[]> } | undefined;

  private constructor(
    private readonly client: PoolClient,
    private readonly hashing: ChainHashingPool | undefined,
  ) {}

  /** Runs `work` against one consistent snapshot of the store. */
  static async withSnapshot<T>(
    pool: Pool,
    work: (source: PostgresAuditSource) => Promise<T>,
    options: AuditSnapshotOptions = {},
  ): Promise<T> {
    const client = await pool.connect();
    const hashing = options.hashWorkers ? new ChainHashingPool(options.hashWorkers) : undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(new PostgresAuditSource(client, hashing));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
      await hashing?.close();
    }
  }

  async *checkpoints(range: PositionRange): AsyncIterable<Checkpoint> {
    const exists = await this.client.query<{ present: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AS present`,
      [CHECKPOINTS_TABLE],
    );
    if (!exists.rows[0]?.present) return;
    let after = 0;
    for (;;) {
      const { rows } = await this.client.query<CheckpointRow>(
        `SELECT * FROM ${CHECKPOINTS_TABLE}
         WHERE sequence > $1 AND to_position >= $2 AND from_position <= $3
         ORDER BY sequence LIMIT 1`,
        [after, range.fromPosition ?? 0, range.toPosition ?? Number.MAX_SAFE_INTEGER],
      );
      const row = rows[0];
      if (!row) return;
      after = Number(row.sequence);
      yield rowToCheckpoint(row);
    }
  }

  events(fromPosition: number, toPosition: number): AsyncIterable<StoredEventForVerification[]> {
    return this.pages(
      'events',
      fromPosition,
      toPosition,
      1,
      (where) => copyOutOn(this.client, `SELECT ${ENVELOPE_JSON} ${where}`),
      async (bytes) => parseJsonLines<StoredEventForVerification>(bytes),
    );
  }

  /**
   * Read in PostgreSQL's binary COPY form and hashed from its bytes (chainLinksFromBinaryCopy, ADR
   * 0435): no envelope JSON for PostgreSQL to build, no envelope object for Node to parse.
   */
  hashedEvents(
    fromPosition: number,
    toPosition: number,
  ): AsyncIterable<readonly HashedChainLink[]> {
    const { hashing } = this;
    const read = (where: string): Promise<{ bytes: Buffer }> =>
      copyOutBinaryOn(this.client, `SELECT ${CHAIN_LINK_COLUMNS} ${where}`);
    if (!hashing)
      return this.pages('hashed', fromPosition, toPosition, 1, read, async (bytes) =>
        chainLinksFromBinaryCopy(bytes),
      );
    // Enough pages in flight that every worker hashes while PostgreSQL renders the next page.
    return this.pages('hashed', fromPosition, toPosition, hashing.size + 1, read, (bytes) =>
      hashing.hash(bytes),
    );
  }

  /**
   * The stored events of [from, to] in pages of positions, each read by COPY (far less Node CPU
   * than decoding rows: jsonb, timestamps; `read` is given the FROM … ORDER BY clause) and turned
   * into T by `decode`; up to `ahead` further pages are requested before one is handed over, so
   * PostgreSQL renders them while the caller (or a worker) works on this one.
   *
   * Verification reads checkpoint range after checkpoint range, each the position after the last:
   * once a range's pages are all requested, the page after it is requested too (read-ahead), and a
   * read starting there takes it over, so PostgreSQL is never idle at a range's start. Its events
   * past the new range's end are dropped; an unused read-ahead costs one page, once.
   */
  private async *pages<T extends { readonly globalPosition: number }>(
    kind: 'events' | 'hashed',
    fromPosition: number,
    toPosition: number,
    ahead: number,
    read: (where: string) => Promise<{ bytes: Buffer }>,
    decode: (bytes: Buffer) => Promise<T[]>,
  ): AsyncIterable<T[]> {
    const logHead = await this.headPosition();
    const head = Math.min(toPosition, logHead);
    if (!Number.isSafeInteger(fromPosition) || fromPosition > head) return;
    const page = (from: number, to: number): Promise<T[]> => {
      const decoded = read(
        `FROM event_store.events e
         WHERE e.global_position >= ${from} AND e.global_position <= ${to}
         ORDER BY e.global_position`,
      ).then(({ bytes }) => decode(bytes));
      decoded.catch(() => undefined); // awaited in order below; unhandled only if abandoned
      return decoded;
    };
    const inFlight: Promise<T[]>[] = [];
    let next = fromPosition;
    const readAhead = this.readAhead;
    this.readAhead = undefined;
    if (readAhead?.from === fromPosition && readAhead.kind === kind) {
      inFlight.push(readAhead.page as Promise<T[]>);
      next += PAGE_SIZE;
    }
    const launch = (): void => {
      while (inFlight.length <= ahead && next <= head) {
        inFlight.push(page(next, Math.min(head, next + PAGE_SIZE - 1)));
        next += PAGE_SIZE;
      }
      // Within the same number of queries in flight (node-postgres queues them on the connection).
      if (next > head && inFlight.length <= ahead && !this.readAhead && head < logHead)
        this.readAhead = {
          from: head + 1,
          kind,
          page: page(head + 1, Math.min(logHead, head + PAGE_SIZE)),
        };
    };
    launch();
    while (inFlight.length > 0) {
      const arrived = await inFlight.shift()!;
      // Only a read-ahead page can run past the range.
      const events =
        (arrived.at(-1)?.globalPosition ?? 0) > head
          ? arrived.filter((e) => e.globalPosition <= head)
          : arrived;
      launch();
      if (events.length > 0) yield events;
    }
  }

  /** Read once: the snapshot does not move. */
  headPosition(): Promise<number> {
    this.head ??= this.client
      .query<{ head: string | null }>(
        `SELECT max(global_position)::text AS head FROM event_store.events`,
      )
      .then(({ rows }) => Number(rows[0]?.head ?? 0));
    return this.head;
  }

  async streamHeads(): Promise<readonly RecordedStreamHead[]> {
    const { rows } = await this.client.query<{
      stream_id: string;
      version: string;
      last_hash: string | null;
    }>(`SELECT stream_id, version::text, last_hash FROM event_store.streams WHERE version > 0`);
    return rows.map((r) => ({
      streamId: r.stream_id,
      version: Number(r.version),
      lastHash: r.last_hash,
    }));
  }
}
