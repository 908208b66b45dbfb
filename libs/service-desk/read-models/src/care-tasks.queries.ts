// The care tasks a principal may see, in the ticket scope's terms: agents their own and the
// unassigned ones, leads their team's too, admins and auditors all; soonest due first.
import type { TicketScope } from '@crm/access-policy';
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  CARE_TASKS_MODEL,
  CARE_TASKS_PROJECTION,
  type CareTaskDocument,
} from './care-tasks.documents';
import { ticketScopeFilter } from './ticket-queue.queries';

export const CARE_TASKS_MAX_LIMIT = 200;

export interface CareTaskFilter {
  readonly statuses?: readonly string[];
  /** Only tasks due before this instant (ISO): "what is due today". */
  readonly dueBefore?: string;
  readonly customerId?: string;
  readonly limit?: number;
}

export type CareTaskView = Omit<CareTaskDocument, '_id'>;

export class CareTaskQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async careTasks(
    tenantId: string,
    scope: TicketScope,
    filter: CareTaskFilter = {},
  ): Promise<CareTaskView[]> {
    const scoped = ticketScopeFilter(tenantId, scope);
    if (!scoped) return [];
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), CARE_TASKS_MAX_LIMIT);
    const docs = await (
      await this.resolver.collection<CareTaskDocument>(CARE_TASKS_PROJECTION, CARE_TASKS_MODEL)
    )
      .find({
        ...scoped,
        ...(filter.statuses && { status: { $in: filter.statuses.map(String) } }),
        ...(filter.dueBefore && { dueAt: { $lt: String(filter.dueBefore) } }),
        ...(filter.customerId && { customerId: String(filter.customerId) }),
      })
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map(({ _id: _ignored, ...view }) => view);
  }
}
