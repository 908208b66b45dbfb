// The gap-free read of the global log. Only rows written by transactions below the read horizon
// (the oldest transaction still in flight that can write to this database: migration 0003) are read: a transaction that is still committing
// can no longer slip in *behind* a position a reader has passed, because allocate_positions()
// gives lower transaction ids lower positions. The head of the scanned range is computed in the
// same statement (same snapshot), so a filtered reader may safely skip to it.
import type { GlobalLogFilter } from '../event-store';
import { EVENT_COLUMNS } from './event-row';

export interface GlobalLogQuery {
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
  // The head (highest safe position) is only needed when a filter may hide rows.
  const head = filtered
    ? `(SELECT max(x.global_position) FROM event_store.events x WHERE x.global_position > $1 AND x.transaction_id < h.xmin)`
    : 'NULL::bigint';
  const text = `
    WITH h AS MATERIALIZED (SELECT event_store.read_horizon() AS xmin)
    SELECT ${head}::text AS scanned_head,
      (SELECT max(v.global_position) FROM event_store.events v)::text AS visible_head,
      p.*
    FROM h LEFT JOIN LATERAL (
      SELECT ${EVENT_COLUMNS.split(',')
        .map((c) => `e.${c.trim()}`)
        .join(', ')}
      FROM event_store.events e
      WHERE e.global_position > $1 AND e.transaction_id < h.xmin ${where}
      ORDER BY e.global_position
      LIMIT $2
    ) p ON true
    ORDER BY p.global_position`;
  return { text, values };
}
