// What the gateway's auditor API reads: the event store (read-only), the signed checkpoints, and
// the one stream it writes — `audit.AuditorQueries-<tenant>`, where every auditor query is
// recorded before it runs (so a failing or slow query is on record too).
import {
  PostgresAuditSource,
  auditIntegrity,
  loadStateAt,
  parseStreamId,
  TenantMismatchError,
  type AuditFinding,
  type AuditReport,
  type CheckpointVerifier,
  type EventEnvelope,
  type EventStore,
  type GlobalLogFilter,
  type PointInTime,
} from '@crm/event-sourcing';
import { foldableAggregate } from '@crm/audit-aggregates';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { type Principal } from '../authz/principal';

export const AUDIT_TRAIL = Symbol('AUDIT_TRAIL');
export const AUDITOR_QUERY_RAN = 'audit.AuditorQueryRan';

export function auditorQueriesStreamId(tenantId: string): string {
  return `audit.AuditorQueries-${tenantId}`;
}

export interface AuditEventsQuery {
  readonly contexts?: readonly string[];
  readonly types?: readonly string[];
  readonly streamId?: string;
  readonly fromPosition?: number;
  readonly toPosition?: number;
  readonly occurredFrom?: string;
  readonly occurredTo?: string;
}

export interface AuditEventsPage {
  readonly events: readonly EventEnvelope[];
  readonly hasNextPage: boolean;
}

export interface AggregateAsOf {
  readonly version: number;
  /** Null when no decider is known for the stream's category (its events are still listed). */
  readonly state: unknown;
  readonly stateKnown: boolean;
  readonly events: readonly EventEnvelope[];
}

export class AuditIntegrityUnavailableError extends Error {
  override readonly name = 'AuditIntegrityUnavailableError';
}

export interface AuditTrailOptions {
  /** The store the auditor reads (read-only role) and the auditor-query stream is appended to. */
  readonly store: EventStore;
  /** For integrity verification over PostgreSQL; absent, verifyIntegrity is unavailable. */
  readonly pool?: Pool;
  readonly verifier?: CheckpointVerifier;
}

export class AuditTrail {
  constructor(private readonly options: AuditTrailOptions) {}

  /** Appends one `audit.AuditorQueryRan` event to the tenant's auditor-query stream. */
  async recordQuery(
    principal: Principal,
    query: string,
    args: Record<string, unknown>,
    correlationId: string,
  ): Promise<void> {
    await this.options.store.append(auditorQueriesStreamId(principal.tenantId), [
      {
        eventId: uuidv7(),
        type: AUDITOR_QUERY_RAN,
        tenantId: principal.tenantId,
        occurredAt: new Date().toISOString(),
        actor: { kind: 'user', userId: principal.userId, roles: [...principal.roles] },
        correlationId,
        causationId: correlationId,
        data: { query, arguments: JSON.parse(JSON.stringify(args)) as unknown },
      },
    ]);
  }

  /** Events of the tenant after `after` (exclusive), in global order, at most `first`. */
  async events(
    tenantId: string,
    query: AuditEventsQuery,
    after: number,
    first: number,
  ): Promise<AuditEventsPage> {
    const filter: GlobalLogFilter = {
      tenantIds: [tenantId],
      ...(query.contexts?.length ? { contexts: query.contexts } : {}),
      ...(query.types?.length ? { eventTypes: query.types } : {}),
      ...(query.streamId ? { categories: [parseStreamId(query.streamId).category] } : {}),
      ...(query.occurredFrom ? { occurredFrom: query.occurredFrom } : {}),
      ...(query.occurredTo ? { occurredTo: query.occurredTo } : {}),
    };
    const toPosition = query.toPosition ?? Number.MAX_SAFE_INTEGER;
    const found: EventEnvelope[] = [];
    let cursor = Math.max(after, (query.fromPosition ?? 1) - 1);
    for (;;) {
      const page = await this.options.store.readAllPage({
        after: cursor,
        filter,
        batchSize: Math.min(1000, first + 1),
      });
      for (const event of page.events) {
        if (event.globalPosition > toPosition) return { events: found, hasNextPage: false };
        if (query.streamId && event.streamId !== query.streamId) continue;
        if (found.length === first) return { events: found, hasNextPage: true };
        found.push(event);
      }
      if (page.isEnd || page.checkpoint <= cursor) return { events: found, hasNextPage: false };
      cursor = page.checkpoint;
    }
  }

  /** Null when the stream has no event of this tenant (another tenant's stream looks absent). */
  async aggregateAsOf(
    tenantId: string,
    streamId: string,
    at: PointInTime,
  ): Promise<AggregateAsOf | null> {
    const aggregate = foldableAggregate(streamId);
    try {
      const folded = await loadStateAt(
        this.options.store,
        aggregate?.decider ?? { initialState: null, evolve: () => null },
        streamId,
        at,
        { tenantId, ...(aggregate ? { toDomainEvent: aggregate.toDomainEvent } : {}) },
      );
      // maxCount 0 still reads the stream row: an absent stream (or another tenant's) is null.
      const { events, streamVersion } = await this.options.store.readStream(streamId, {
        maxCount: folded.version,
        tenantId,
      });
      if (streamVersion === 0) return null;
      return {
        version: folded.version,
        state: aggregate ? folded.state : null,
        stateKnown: aggregate !== undefined,
        events,
      };
    } catch (error) {
      if (error instanceof TenantMismatchError) return null;
      throw error;
    }
  }

  /**
   * Verifies a position range of the whole log (integrity is global), but only names streams of
   * the caller's tenant: a finding in another tenant's stream is reported without its identity.
   */
  async verifyIntegrity(
    tenantId: string,
    fromPosition: number,
    toPosition: number,
  ): Promise<AuditReport> {
    const { pool, verifier } = this.options;
    if (!pool || !verifier)
      throw new AuditIntegrityUnavailableError(
        'integrity verification is not configured on this gateway (CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS)',
      );
    const report = await PostgresAuditSource.withSnapshot(pool, (source) =>
      auditIntegrity(source, verifier, { fromPosition, toPosition }),
    );
    const named = [...new Set(report.findings.flatMap((f) => (f.streamId ? [f.streamId] : [])))];
    const { rows } = named.length
      ? await pool.query<{ stream_id: string }>(
          `SELECT stream_id FROM event_store.streams WHERE tenant_id = $1 AND stream_id = ANY($2::text[])`,
          [tenantId, named],
        )
      : { rows: [] };
    const ours = new Set(rows.map((r) => r.stream_id));
    const redact = (f: AuditFinding): AuditFinding =>
      !f.streamId || ours.has(f.streamId)
        ? f
        : {
            kind: f.kind,
            globalPosition: f.globalPosition,
            ...(f.checkpointSequence !== undefined
              ? { checkpointSequence: f.checkpointSequence }
              : {}),
            message: `${f.kind} in a stream that is not (or no longer) in your tenant`,
          };
    return { ...report, findings: report.findings.map(redact) };
  }
}
