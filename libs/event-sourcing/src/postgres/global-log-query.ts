// The gap-free read of the global log. Only rows written by transactions below the read horizon
// (the oldest transaction still in flight that can write to this database: migration 0003) are read: a transaction that is still committing
// can no longer slip in *behind* a position a reader has passed, because allocate_positions()
// gives lower transaction ids lower positions. The head of the scanned range is computed in the
// same statement (same snapshot), so a filtered reader may safely skip to it.
import { createHash } from 'node:crypto';
import type { GlobalLogFilter } from '../event-store';
import { EVENT_COLUMNS } from './event-row';

const COLUMNS = EVENT_COLUMNS.split(',')
  .map((c) => `e.${c.trim()}`)
  .join(', ');

export interface GlobalLogQuery {
  /**
   * A prepared statement's name, one per query text (ADR 0356): a catch-up reader sends the same
   * text page after page, and each connection then parses and plans it once, not once per page.
   */
  readonly name: string;
  readonly text: string;
  readonly values: unknown[];
}

function toIso(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Invalid time filter ${String(value)}`);
  return date.toISOString();
}

/**
 * The SQL conditions (on alias `e`) of a global-log filter; their parameters are appended to
 * `values`. Shared by the paged read below and the auditor's bulk export (audit/stored-log-json).
 */
export function globalLogFilterConditions(filter: GlobalLogFilter, values: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: (param: string) => string, value: unknown): void => {
    values.push(value);
    conditions.push(sql(`$${values.length}`));
  };
  if (filter.contexts) add((p) => `e.context = ANY(${p}::text[])`, filter.contexts);
  if (filter.categories) add((p) => `e.category = ANY(${p}::text[])`, filter.categories);
  if (filter.eventTypes) add((p) => `e.type = ANY(${p}::text[])`, filter.eventTypes);
  if (filter.tenantIds) add((p) => `e.tenant_id = ANY(${p}::text[])`, filter.tenantIds);
  if (filter.occurredFrom !== undefined)
    add((p) => `e.occurred_at >= ${p}::timestamptz`, toIso(filter.occurredFrom));
  if (filter.occurredTo !== undefined)
    add((p) => `e.occurred_at < ${p}::timestamptz`, toIso(filter.occurredTo));
  return conditions;
}

export function buildGlobalLogQuery(
  after: number,
  limit: number,
  filter: GlobalLogFilter = {},
): GlobalLogQuery {
  const values: unknown[] = [after, limit];
  const conditions = globalLogFilterConditions(filter, values);
  const filtered = conditions.length > 0;
  const where = filtered ? `AND ${conditions.join(' AND ')}` : '';
  const page = (bound: string): string => `
      SELECT ${COLUMNS} FROM event_store.events e
      WHERE e.global_position > $1 AND e.transaction_id < ${bound} ${where}
      ORDER BY e.global_position
      LIMIT $2`;
  // The head (highest safe position) is only needed when a filter may hide rows and the page is
  // not full (a full page's checkpoint is its last row).
  const head = filtered
    ? `(SELECT max(x.global_position) FROM event_store.events x WHERE x.global_position > $1 AND x.transaction_id < h.xmin)`
    : 'NULL::bigint';
  // Two bounds (ADR 0356). Every transaction below the snapshot's xmin has ended, so rows below it
  // are safe to read, and a full page of them needs nothing more: a catch-up reader far behind
  // reads page after page this way. Only a page that is not full (the reader is near the head)
  // pays for event_store.read_horizon(), whose proof reads pg_locks and pg_stat_activity (about a
  // millisecond on a busy server, 2 µs per event of a 500-event page), and is read again up to it.
  const text = `
    WITH s AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
    settled AS MATERIALIZED (${page('(SELECT s.xmin FROM s)')}),
    h AS MATERIALIZED (
      SELECT CASE WHEN (SELECT count(*) FROM settled) >= $2 THEN NULL
                  ELSE event_store.read_horizon() END AS xmin),
    recent AS MATERIALIZED (
      SELECT r.* FROM h, LATERAL (${page('h.xmin')}) r WHERE h.xmin IS NOT NULL)
    SELECT ${head}::text AS scanned_head,
      (SELECT max(v.global_position) FROM event_store.events v)::text AS visible_head,
      p.*
    FROM h LEFT JOIN LATERAL (
      SELECT * FROM settled WHERE h.xmin IS NULL
      UNION ALL
      SELECT * FROM recent
    ) p ON true
    ORDER BY p.global_position`;
  return { name: statementName(text), text, values };
}

const statementNames = new Map<string, string>();

/** A short name for a query text (filters differ in shape only, so there are few texts). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `event-store-read-all-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}
