// The auditor's GraphQL API: read-only, tenant-scoped, and on the record — each query appends an
// `audit.AuditorQueryRan` event (actor: the auditor) before it runs. See docs/auditing.md.
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import {
  BadUserInputError,
  ClientError,
  ErrorCode,
  NotFoundError,
} from '../graphql/gateway-errors';
import { AUDIT_TRAIL, AuditIntegrityUnavailableError, AuditTrail } from './audit-trail';
import {
  AS_OF,
  AggregateAsOfResult,
  AuditEventConnection,
  AuditEventsFilter,
  IntegrityRangeInput,
  IntegrityReport,
  MAX_VERIFY_RANGE,
  toAuditEvent,
  toIntegrityReport,
} from './audit.models';

const CURSOR_PREFIX = 'audit:';

function encodeCursor(position: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${position}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const position = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(position) || position < 0)
    throw new BadUserInputError('`after` is not a cursor of auditEvents.');
  return position;
}

@Resolver()
export class AuditResolver {
  constructor(@Inject(AUDIT_TRAIL) private readonly trail: AuditTrail) {}

  @Query(() => AuditEventConnection, {
    description: 'Stored events of your tenant in global order (auditors only; recorded).',
  })
  @AllowRoles(Role.AUDITOR)
  async auditEvents(
    @Context() ctx: GatewayContext,
    @Args('filter', { type: () => AuditEventsFilter, nullable: true })
    filter: AuditEventsFilter | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<AuditEventConnection> {
    const principal = principalOf(ctx);
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw new BadUserInputError('`first` must be from 1 to 500.');
    const afterPosition = decodeCursor(after);
    await this.trail.recordQuery(
      principal,
      'auditEvents',
      { filter, first, after },
      ctx.correlationId,
    );
    const page = await this.trail.events(
      principal.tenantId,
      {
        ...(filter?.contexts ? { contexts: filter.contexts } : {}),
        ...(filter?.types ? { types: filter.types } : {}),
        ...(filter?.streamId ? { streamId: filter.streamId } : {}),
        ...(filter?.fromPosition ? { fromPosition: filter.fromPosition } : {}),
        ...(filter?.toPosition ? { toPosition: filter.toPosition } : {}),
        ...(filter?.occurredFrom ? { occurredFrom: filter.occurredFrom } : {}),
        ...(filter?.occurredTo ? { occurredTo: filter.occurredTo } : {}),
      },
      afterPosition,
      first,
    );
    const edges = page.events.map((e) => ({
      cursor: encodeCursor(e.globalPosition),
      node: toAuditEvent(e),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: false,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }

  @Query(() => AggregateAsOfResult, {
    description:
      'An aggregate of your tenant as of an ISO-8601 instant or a global position, with the events that led there (auditors only; recorded).',
  })
  @AllowRoles(Role.AUDITOR)
  async aggregateAsOf(
    @Context() ctx: GatewayContext,
    @Args('streamId', { type: () => String }) streamId: string,
    @Args('asOf', { type: () => String }) asOf: string,
  ): Promise<AggregateAsOfResult> {
    const principal = principalOf(ctx);
    if (!AS_OF.test(asOf) || (!/^\d+$/.test(asOf) && Number.isNaN(Date.parse(asOf))))
      throw new BadUserInputError('`asOf` must be an ISO-8601 instant or a global position.');
    if (!/^[a-z][a-z0-9-]{0,62}\.[A-Z][A-Za-z0-9]{0,127}-.{1,200}$/.test(streamId))
      throw new BadUserInputError('`streamId` must look like <context>.<Aggregate>-<id>.');
    await this.trail.recordQuery(principal, 'aggregateAsOf', { streamId, asOf }, ctx.correlationId);
    const at = /^\d+$/.test(asOf) ? { globalPosition: Number(asOf) } : { time: asOf };
    const result = await this.trail.aggregateAsOf(principal.tenantId, streamId, at);
    if (!result) throw new NotFoundError('Stream', streamId);
    return {
      streamId,
      version: result.version,
      stateKnown: result.stateKnown,
      stateJson: result.stateKnown ? JSON.stringify(result.state) : null,
      events: result.events.map(toAuditEvent),
    };
  }

  @Query(() => IntegrityReport, {
    description:
      'Verifies hash chains and signed checkpoints over a global-position range (auditors only; recorded). Findings in other tenants’ streams are reported without their identity.',
  })
  @AllowRoles(Role.AUDITOR)
  async verifyIntegrity(
    @Context() ctx: GatewayContext,
    @Args('range', { type: () => IntegrityRangeInput }) range: IntegrityRangeInput,
  ): Promise<IntegrityReport> {
    const principal = principalOf(ctx);
    if (
      range.toPosition < range.fromPosition ||
      range.toPosition - range.fromPosition >= MAX_VERIFY_RANGE
    )
      throw new BadUserInputError(
        `\`range\` must have fromPosition ≤ toPosition and span at most ${MAX_VERIFY_RANGE} positions; use the audit CLI for more.`,
      );
    await this.trail.recordQuery(principal, 'verifyIntegrity', { range }, ctx.correlationId);
    try {
      return toIntegrityReport(
        await this.trail.verifyIntegrity(principal.tenantId, range.fromPosition, range.toPosition),
      );
    } catch (error) {
      if (error instanceof AuditIntegrityUnavailableError)
        throw new ClientError(error.message, ErrorCode.SERVICE_UNAVAILABLE);
      throw error;
    }
  }
}
