// The auditor's bulk read of the global log (`audit replay`): every stored envelope as its JSON
// text, built by PostgreSQL in the statement that reads it, so Node neither parses the payload nor
// serialises it again; Node only moves strings. The log is read in position ranges on two
// connections at once, so PostgreSQL builds the next range while the caller writes this one.
//
// Gap-free like every global read: the read covers the log up to its head when it starts, and
// first waits until every transaction up to the one that wrote that head has finished (positions
// are allocated in transaction order, so a transaction still open below the head may yet commit
// an event inside the range: reading before it ends would leave a hole). Once the snapshot xmin is
// past that transaction, the rows up to the head are final; the ranges need no shared snapshot.
import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from 'pg';
import { copyOut, inlineParameters } from '../postgres/copy-out';
import type { GlobalLogFilter } from '../event-store';
import { globalLogFilterConditions } from '../postgres/global-log-query';

/** What Kafka headers repeat of an event (docs/integrations.md), read beside its JSON. */
export interface StoredEventHeaders {
  readonly type: string;
  readonly schemaVersion: number;
  readonly eventId: string;
  readonly tenantId: string;
  readonly correlationId: string;
}

export interface StoredEnvelopeJson {
  /** The stored envelope (with hash and previousHash) as JSON: the fields of rowToStoredEnvelope. */
  readonly json: string;
  readonly globalPosition: number;
  readonly streamId: string;
  /** Only when asked for (`withHeaders`). */
  readonly headers?: StoredEventHeaders;
}

export interface StoredLogJsonOptions {
  /** Exclusive lower bound. */
  readonly after: number;
  /** Inclusive upper bound (capped at the head of the log when the read starts). */
  readonly toPosition: number;
  readonly filter?: GlobalLogFilter;
  readonly streamIds?: readonly string[];
  readonly withHeaders?: boolean;
  /** Positions per range query (default 10,000). */
  readonly rangeSize?: number;
  /** How often to look whether an older transaction still open has ended (default 20 ms). */
  readonly pollMs?: number;
  /** Called once if that wait lasts over a second (a person should know why nothing moves). */
  readonly onWaiting?: () => void;
}

export interface StoredLogJsonBatch {
  readonly records: readonly StoredEnvelopeJson[];
  /** Every position up to here has been read. */
  readonly throughPosition: number;
  /** Where the read ends: the head when it started, or toPosition if lower. */
  readonly endPosition: number;
}

const json = (column: string): string => `to_json(e.${column})::text`;

/** The JSON text of the stored envelope, keys in rowToStoredEnvelope's order (jsonb as stored). */
export const ENVELOPE_JSON = `'{"eventId":"' || e.event_id::text
  || '","type":' || ${json('type')}
  || ',"schemaVersion":' || e.schema_version
  || ',"streamId":' || ${json('stream_id')}
  || ',"streamVersion":' || e.stream_version
  || ',"globalPosition":' || e.global_position
  || ',"tenantId":' || ${json('tenant_id')}
  || ',"occurredAt":"' || to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","actor":' || e.actor::text
  || ',"correlationId":' || ${json('correlation_id')}
  || ',"causationId":' || ${json('causation_id')}
  || ',"data":' || e.data::text
  || ',"hash":' || ${json('hash')}
  || ',"previousHash":' || coalesce(${json('previous_hash')}, 'null')
  || '}'`;

const HEADER_COLUMNS = 'e.type, e.schema_version, e.event_id::text, e.tenant_id, e.correlation_id';

type Row = [string, string, string, string?, number?, string?, string?, string?];

function toRecord(row: Row, withHeaders: boolean): StoredEnvelopeJson {
  const [envelope, position, streamId, type, schemaVersion, eventId, tenantId, correlationId] = row;
  const record = { json: envelope, globalPosition: Number(position), streamId };
  if (!withHeaders) return record;
  return {
    ...record,
    headers: {
      type: type!,
      schemaVersion: schemaVersion!,
      eventId: eventId!,
      tenantId: tenantId!,
      correlationId: correlationId!,
    },
  };
}

/** Waits until no transaction at or below `xid` is still open; returns the xmin then. */
async function settledXmin(
  pool: Pool,
  xid: string,
  pollMs: number,
  onWaiting: (() => void) | undefined,
): Promise<string> {
  const warnAt = Date.now() + 1000;
  let warned = false;
  for (;;) {
    const { rows } = await pool.query<{ xmin: string; settled: boolean }>(
      `SELECT x::text AS xmin, x > $1::xid8 AS settled
       FROM event_store.read_horizon() AS x`,
      [xid],
    );
    if (rows[0]!.settled) return rows[0]!.xmin;
    if (!warned && Date.now() >= warnAt) {
      warned = true;
      onWaiting?.();
    }
    await delay(pollMs);
  }
}

/** What both bulk reads need: the end of the read, and one range's SELECT with its parameters. */
interface StoredLogRead {
  readonly endPosition: number;
  /** The SELECT of range (from, to]; `$1`/`$2` are the bounds, the rest of `values` follows. */
  readonly text: string;
  readonly values: readonly unknown[];
}

async function prepareStoredLogRead(
  pool: Pool,
  options: StoredLogJsonOptions,
  columns: string,
): Promise<StoredLogRead | undefined> {
  const { rows } = await pool.query<{ head: string; xid: string }>(
    `SELECT global_position::text AS head, transaction_id::text AS xid
     FROM event_store.events ORDER BY global_position DESC LIMIT 1`,
  );
  const head = rows[0];
  if (!head) return undefined;
  const xmin = await settledXmin(pool, head.xid, options.pollMs ?? 20, options.onWaiting);
  const values: unknown[] = [0, 0, xmin];
  const conditions = globalLogFilterConditions(options.filter ?? {}, values);
  if (options.streamIds) {
    values.push(options.streamIds);
    conditions.push(`e.stream_id = ANY($${values.length}::text[])`);
  }
  const text = `SELECT ${columns}
    FROM event_store.events e
    WHERE e.global_position > $1 AND e.global_position <= $2 AND e.transaction_id < $3::xid8
      ${conditions.map((c) => `AND ${c}`).join(' ')}
    ORDER BY e.global_position`;
  return { endPosition: Math.min(options.toPosition, Number(head.head)), text, values };
}

/**
 * Reads position ranges of `rangeSize` on two connections at once (PostgreSQL renders the next
 * range while the caller writes this one) and yields them in order.
 */
async function* inOrderedRanges<T>(
  after: number,
  endPosition: number,
  rangeSize: number,
  read: (from: number, to: number) => Promise<T>,
): AsyncGenerator<T> {
  const inFlight: Promise<T>[] = [];
  let next = after;
  const launch = (): void => {
    if (next >= endPosition) return;
    const from = next;
    next = Math.min(endPosition, next + rangeSize);
    const batch = read(from, next);
    // Awaited in order below; this only keeps a failure of a later range from going unhandled
    // when the caller stops early.
    batch.catch(() => undefined);
    inFlight.push(batch);
  };
  launch();
  launch();
  while (inFlight.length > 0) {
    const batch = await inFlight.shift()!;
    launch();
    yield batch;
  }
}

export async function* readStoredLogJson(
  pool: Pool,
  options: StoredLogJsonOptions,
): AsyncGenerator<StoredLogJsonBatch> {
  const withHeaders = options.withHeaders ?? false;
  const columns = `${ENVELOPE_JSON}, e.global_position::text, e.stream_id${withHeaders ? `, ${HEADER_COLUMNS}` : ''}`;
  const prepared = await prepareStoredLogRead(pool, options, columns);
  if (!prepared) return;
  const { endPosition, text, values } = prepared;
  yield* inOrderedRanges(options.after, endPosition, options.rangeSize ?? 10_000, (from, to) =>
    pool
      .query<Row>({ text, values: [from, to, ...values.slice(2)], rowMode: 'array' })
      .then((result) => ({
        records: result.rows.map((row) => toRecord(row, withHeaders)),
        throughPosition: to,
        endPosition,
      })),
  );
}

export interface StoredLogJsonLinesBatch {
  /** The envelopes' JSON texts, one per line, each ended by a newline (UTF-8). */
  readonly jsonLines: Buffer;
  readonly count: number;
  readonly throughPosition: number;
  readonly endPosition: number;
}

/**
 * The same JSON texts as readStoredLogJson, as JSON Lines bytes ready for a file: each range is
 * streamed by `COPY (SELECT …) TO STDOUT`, so Node neither decodes rows nor builds strings — it
 * copies PostgreSQL's bytes. (`withHeaders` does not apply: lines carry no headers.)
 */
export async function* copyStoredLogJsonLines(
  pool: Pool,
  options: StoredLogJsonOptions,
): AsyncGenerator<StoredLogJsonLinesBatch> {
  const prepared = await prepareStoredLogRead(pool, options, ENVELOPE_JSON);
  if (!prepared) return;
  const { endPosition, text, values } = prepared;
  yield* inOrderedRanges(
    options.after,
    endPosition,
    options.rangeSize ?? 10_000,
    async (from, to) => {
      const { bytes, rows } = await copyOut(
        pool,
        inlineParameters(text, [from, to, ...values.slice(2)]),
      );
      return { jsonLines: bytes, count: rows, throughPosition: to, endPosition };
    },
  );
}
