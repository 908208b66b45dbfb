// A ticket's dated facts folded up to an instant (docs/reports.md, tickets as of an instant and
// first response): its status, priority, assignee and team then, when it stood resolved, and its
// first public agent reply by then. Read from the reports context's ticket history, beside the
// desk's queue rows, in the viewer's ticket scope.
import {
  REPORT_TICKET_HISTORY_MODEL,
  REPORT_TICKET_HISTORY_PROJECTION,
  type TicketHistoryDocument,
} from '../read-models/report-read-models';
import { documentsById, type JoinSource } from './dataset';
import { factsUpTo } from './dated-facts';

/** Where a ticket stood at an instant. */
export interface TicketThen {
  readonly status: string;
  readonly priority?: string;
  readonly assigneeId?: string;
  readonly teamId?: string;
  /** The resolution standing then (a reopening undoes it). */
  readonly resolvedAt?: string;
  readonly firstReplyAt?: string;
  readonly firstReplyBy?: string;
}

/** The history folded up to `asOf` (all of it without); null when nothing had happened by then. */
export function ticketThen(doc: TicketHistoryDocument, asOf?: Date): TicketThen | null {
  const facts = factsUpTo(doc.facts, asOf);
  if (facts.length === 0) return null;
  let then: TicketThen = { status: 'new' };
  for (const fact of facts) {
    switch (fact.kind) {
      case 'opened':
        then = { ...then, status: 'new', priority: fact.priority };
        break;
      case 'status':
        then = { ...then, status: fact.status };
        break;
      case 'resolved':
        then = { ...then, status: 'resolved', resolvedAt: fact.at };
        break;
      case 'reopened': {
        const { resolvedAt: _undone, ...open } = then;
        then = { ...open, status: 'in_progress' };
        break;
      }
      case 'priority':
        then = { ...then, priority: fact.priority };
        break;
      case 'assigned':
        then = {
          ...then,
          assigneeId: fact.assigneeId,
          ...(fact.teamId !== undefined && { teamId: fact.teamId }),
        };
        break;
      case 'replied':
        if (then.firstReplyAt === undefined)
          then = { ...then, firstReplyAt: fact.at, firstReplyBy: fact.agentId };
        break;
      default: {
        const unhandled: never = fact;
        return unhandled;
      }
    }
  }
  return then;
}

/**
 * The tickets' histories by id. The history documents carry no assignee or team: the ticket
 * scope's "unassigned" branch matches them all, and the ids asked for are those of ticket rows
 * already read in the viewer's scope.
 */
export function ticketHistories(
  rows: readonly { readonly _id: string }[],
  source: JoinSource,
): Promise<Map<string, TicketHistoryDocument>> {
  return documentsById<TicketHistoryDocument>(
    source,
    REPORT_TICKET_HISTORY_PROJECTION,
    REPORT_TICKET_HISTORY_MODEL,
    rows.map((r) => r._id),
    ['facts'],
  );
}

export { REPORT_TICKET_HISTORY_PROJECTION };
