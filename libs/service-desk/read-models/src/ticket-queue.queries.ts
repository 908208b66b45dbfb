// The query API of the agent queue, for the gateway: the tickets a principal may see (the ticket
// scope of libs/access-policy: agents their own and unassigned tickets, leads their team's, admins
// and auditors the tenant's), filtered by status, most recent activity first; and one ticket. Ids
// are checked against a strict pattern before they reach a filter.
import { type TicketScope } from '@crm/access-policy';
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  TICKET_QUEUE_MODEL,
  TICKET_QUEUE_PROJECTION,
  type TicketQueueDocument,
} from './ticket-queue.documents';
import { slaDashboardOf, type SlaDashboard, type SlaDashboardGrouping } from './sla-dashboard';

const ID_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;
export const TICKET_QUEUE_MAX_LIMIT = 200;
/** The most tickets one SLA dashboard reads (open plus resolved in the period). */
export const SLA_DASHBOARD_MAX_TICKETS = 50_000;

export type TicketQueueView = Omit<TicketQueueDocument, '_id'>;

export interface TicketQueueFilter {
  readonly statuses?: readonly string[];
  readonly limit?: number;
  /** One customer's tickets (the customer 360). */
  readonly customerId?: string;
}

/** The MongoDB filter of a scope within a tenant; null when the scope sees nothing. */
export function ticketScopeFilter(
  tenantId: string,
  scope: TicketScope,
): Record<string, unknown> | null {
  const tenant = { tenantId: String(tenantId) };
  const unassigned = { assigneeId: { $exists: false } };
  switch (scope.kind) {
    case 'tenant':
      return tenant;
    case 'none':
      return null;
    case 'own':
      return { ...tenant, $or: [unassigned, { assigneeId: scope.agentId }] };
    case 'team':
      return {
        ...tenant,
        $or: [
          unassigned,
          { assigneeId: scope.agentId },
          ...(scope.teamId !== null ? [{ teamId: scope.teamId }] : []),
        ],
      };
    default: {
      const unhandled: never = scope;
      return unhandled;
    }
  }
}

export class TicketQueueQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async queue(
    tenantId: string,
    scope: TicketScope,
    filter: TicketQueueFilter = {},
  ): Promise<TicketQueueView[]> {
    const scoped = ticketScopeFilter(tenantId, scope);
    if (!scoped) return [];
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), TICKET_QUEUE_MAX_LIMIT);
    const statuses = filter.statuses ?? [];
    const tickets = await this.collection();
    const docs = await tickets
      .find(
        {
          ...scoped,
          ...(statuses.length > 0 && { status: { $in: [...statuses] } }),
          ...(filter.customerId !== undefined && { customerId: String(filter.customerId) }),
        },
        { projection: INTERNAL_FIELDS_PROJECTION },
      )
      .sort({ lastActivityAt: -1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toView);
  }

  async ticket(
    tenantId: string,
    scope: TicketScope,
    ticketId: string,
  ): Promise<TicketQueueView | null> {
    const scoped = ticketScopeFilter(tenantId, scope);
    if (!scoped || !ID_KEY.test(ticketId)) return null;
    const doc = await (
      await this.collection()
    ).findOne({ ...scoped, _id: ticketId }, { projection: INTERNAL_FIELDS_PROJECTION });
    return doc ? toView(doc) : null;
  }

  /**
   * The SLA dashboard of the tickets in scope: the open ones and those resolved in [from, to)
   * (at most SLA_DASHBOARD_MAX_TICKETS of them are read).
   */
  async slaDashboard(
    tenantId: string,
    scope: TicketScope,
    options: { groupBy: SlaDashboardGrouping; from: Date; to: Date; atRiskLimit?: number },
  ): Promise<SlaDashboard> {
    const scoped = ticketScopeFilter(tenantId, scope);
    const docs = scoped
      ? await (
          await this.collection()
        )
          .find(
            {
              $and: [
                scoped,
                {
                  $or: [
                    { status: { $nin: ['resolved', 'closed'] } },
                    {
                      resolvedAt: {
                        $gte: options.from.toISOString(),
                        $lt: options.to.toISOString(),
                      },
                    },
                  ],
                },
              ],
            },
            { projection: INTERNAL_FIELDS_PROJECTION },
          )
          .limit(SLA_DASHBOARD_MAX_TICKETS)
          .toArray()
      : [];
    return slaDashboardOf(docs.map(toView), {
      groupBy: options.groupBy,
      from: options.from.getTime(),
      to: options.to.getTime(),
      atRiskLimit: Math.min(Math.max(options.atRiskLimit ?? 20, 0), TICKET_QUEUE_MAX_LIMIT),
    });
  }

  /** The knowledge base's deflection by automatic replies sent in the period (ADR 0317). */
  async autoReplyDeflection(
    tenantId: string,
    scope: TicketScope,
    period: { from: Date; to: Date },
  ): Promise<AutoReplyDeflection> {
    const scoped = ticketScopeFilter(tenantId, scope);
    if (!scoped) return autoReplyDeflectionOf([]);
    const docs = await (
      await this.collection()
    )
      .find(
        {
          $and: [
            scoped,
            { autoRepliedAt: { $gte: period.from.toISOString(), $lt: period.to.toISOString() } },
          ],
        },
        { projection: { status: 1, lastAgentReplyAt: 1, mergedInto: 1 } },
      )
      .limit(SLA_DASHBOARD_MAX_TICKETS)
      .toArray();
    return autoReplyDeflectionOf(docs);
  }

  private collection() {
    return this.resolver.collection<TicketQueueDocument>(
      TICKET_QUEUE_PROJECTION,
      TICKET_QUEUE_MODEL,
    );
  }
}

export interface AutoReplyDeflection {
  /** Tickets answered by the automatic reply. */
  readonly autoReplied: number;
  /** Of those, resolved or closed without any agent's public reply (merged duplicates aside). */
  readonly deflected: number;
  /** deflected / autoReplied; null without automatic replies. */
  readonly rate: number | null;
}

/** Deflection of automatically answered tickets: solved by the articles, no agent needed. */
export function autoReplyDeflectionOf(
  tickets: readonly Pick<TicketQueueDocument, 'status' | 'lastAgentReplyAt' | 'mergedInto'>[],
): AutoReplyDeflection {
  const deflected = tickets.filter(
    (t) =>
      (t.status === 'resolved' || t.status === 'closed') &&
      t.lastAgentReplyAt === undefined &&
      t.mergedInto === undefined,
  ).length;
  return {
    autoReplied: tickets.length,
    deflected,
    rate: tickets.length > 0 ? deflected / tickets.length : null,
  };
}

function toView(doc: TicketQueueDocument): TicketQueueView {
  const { _id: _ticket, ...view } = doc;
  return { ...view, tags: view.tags ?? [] };
}
