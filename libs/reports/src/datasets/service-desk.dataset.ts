// Tickets of the service-desk queue read model, guarded by the ticket scope (an agent: his and
// unassigned tickets; a service lead: his team's too). SLA met %: of the tickets under an SLA
// policy, those with no breached milestone. Resolution hours: opened to resolved. As of an instant:
// the ticket's status, priority, assignee, team and resolution then, folded from the reports
// context's ticket history (ADR 0391), and the SLA breaches by then (`breachedAt`); the policy
// counts from the opening (it is applied when the ticket opens).
import {
  TICKET_QUEUE_MODEL,
  TICKET_QUEUE_PROJECTION,
  type TicketQueueDocument,
} from '@crm/service-desk-read-models';
import {
  daysSince,
  declareDataset,
  hoursBetween,
  orNone,
  type JoinSource,
  type ServerExpression,
} from './dataset';
import {
  REPORT_TICKET_HISTORY_PROJECTION,
  ticketHistories,
  ticketThen,
  type TicketThen,
} from './ticket-history';
import {
  entriesOf,
  field,
  hoursBetweenOf,
  isMissing,
  orNoneOf,
  wholeDaysSince,
  withValue,
} from './server-expressions';

const DONE = ['resolved', 'closed'];

/** Backlog age of an unresolved ticket, in bands; `done` once resolved or closed. */
export function backlogAgeBand(doc: TicketQueueDocument, now: Date): string {
  if (DONE.includes(doc.status)) return 'done';
  const days = daysSince(doc.openedAt, now);
  if (days < 1) return '0-1d';
  if (days < 3) return '1-3d';
  if (days < 7) return '3-7d';
  if (days < 30) return '7-30d';
  return '30d+';
}

/** `backlogAgeBand` on the server. */
function backlogAgeBandOnServer(now: Date): ServerExpression {
  const band = (days: string) => ({
    $cond: [
      { $lt: [days, 1] },
      '0-1d',
      {
        $cond: [
          { $lt: [days, 3] },
          '1-3d',
          {
            $cond: [{ $lt: [days, 7] }, '3-7d', { $cond: [{ $lt: [days, 30] }, '7-30d', '30d+'] }],
          },
        ],
      },
    ],
  });
  return {
    $cond: [
      { $in: [field('status'), DONE] },
      'done',
      withValue('days', wholeDaysSince(field('openedAt'), now), band),
    ],
  };
}

/** `breached` on the server: some SLA milestone carries a breach mark. */
const BREACHED_ON_SERVER: ServerExpression = {
  $anyElementTrue: [
    { $map: { input: entriesOf('sla'), in: { $not: [isMissing('$$this.v.breachedAt')] } } },
  ],
};

const RESOLUTION_HOURS_ON_SERVER = () => hoursBetweenOf(field('openedAt'), field('resolvedAt'));

function breached(doc: TicketQueueDocument): boolean {
  return Object.values(doc.sla ?? {}).some((marks) => marks.breachedAt !== undefined);
}

function resolutionHours(doc: TicketQueueDocument): number | null {
  return hoursBetween(doc.openedAt, doc.resolvedAt);
}

const at = (instant: string | undefined, asOf: Date) =>
  instant !== undefined && Date.parse(instant) <= asOf.getTime();

/** A queue row, with where it stood at the report's instant when asked as of one. */
export type TicketRow = TicketQueueDocument & {
  /** From the ticket history; null: no history kept (the reports projection trails). */
  readonly then?: TicketThen | null;
  readonly firstReplyAt?: string;
  readonly firstReplyBy?: string;
};

/** Each row with where it stood at `asOf`, from the reports context's ticket history. */
async function withTicketThen(
  rows: readonly TicketRow[],
  source: JoinSource,
  asOf: Date,
): Promise<TicketRow[]> {
  const histories = await ticketHistories(rows, source);
  return rows.map((row) => {
    const history = histories.get(row._id);
    return { ...row, then: history ? ticketThen(history, asOf) : null };
  });
}

/**
 * The ticket as it stood at `asOf`: status, priority, assignee, team, resolution and first reply
 * from its history; breaches only those by then. Without a history (the reports projection
 * trails): resolved only if resolved by then, else open, as the queue's dates alone say.
 */
export function ticketAsOf(doc: TicketRow, asOf: Date): TicketRow {
  const { resolvedAt, sla, then, firstReplyAt, firstReplyBy, assigneeId, teamId, ...rest } = doc;
  const marks = Object.entries(sla ?? {}).map(([milestone, m]) => {
    const { breachedAt, ...kept } = m;
    return [milestone, at(breachedAt, asOf) ? { ...kept, breachedAt } : kept] as const;
  });
  const breaches = sla && { sla: Object.fromEntries(marks) };
  if (then)
    return {
      ...rest,
      status: then.status,
      priority: then.priority ?? rest.priority,
      ...(then.assigneeId !== undefined && { assigneeId: then.assigneeId }),
      ...(then.teamId !== undefined && { teamId: then.teamId }),
      ...(then.resolvedAt !== undefined && { resolvedAt: then.resolvedAt }),
      ...(then.firstReplyAt !== undefined && {
        firstReplyAt: then.firstReplyAt,
        firstReplyBy: then.firstReplyBy,
      }),
      ...breaches,
    };
  const resolved = at(resolvedAt, asOf);
  const replied = at(firstReplyAt, asOf);
  return {
    ...rest,
    ...(assigneeId !== undefined && { assigneeId }),
    ...(teamId !== undefined && { teamId }),
    status: resolved ? 'resolved' : 'open',
    ...(resolved && { resolvedAt }),
    ...(replied && { firstReplyAt, firstReplyBy }),
    ...breaches,
  };
}

export const ticketsDataset = declareDataset<TicketRow>({
  name: 'tickets',
  label: 'Tickets',
  projection: TICKET_QUEUE_PROJECTION,
  model: TICKET_QUEUE_MODEL,
  scope: 'tickets',
  storeCategory: 'service-desk.Ticket',
  timeField: 'openedAt',
  fields: [
    'status',
    'priority',
    'channel',
    'type',
    'teamId',
    'assigneeId',
    'slaPolicyId',
    'sla',
    'resolvedAt',
  ],
  dimensions: {
    status: { label: 'Status', value: (doc) => doc.status, server: () => field('status') },
    priority: { label: 'Priority', value: (doc) => doc.priority, server: () => field('priority') },
    channel: { label: 'Channel', value: (doc) => doc.channel, server: () => field('channel') },
    team: {
      label: 'Team',
      value: (doc) => orNone(doc.teamId),
      server: () => orNoneOf(field('teamId')),
    },
    assignee: {
      label: 'Assignee',
      value: (doc) => orNone(doc.assigneeId),
      server: () => orNoneOf(field('assigneeId')),
    },
    backlogAge: { label: 'Backlog age', value: backlogAgeBand, server: backlogAgeBandOnServer },
  },
  measures: {
    tickets: { kind: 'count', label: 'Tickets' },
    slaMet: {
      kind: 'ratio',
      label: 'SLA met % (tickets under a policy)',
      numerator: (doc) => !breached(doc),
      denominator: (doc) => doc.slaPolicyId !== undefined,
      server: () => ({
        numerator: { $not: [BREACHED_ON_SERVER] },
        denominator: { $not: [isMissing(field('slaPolicyId'))] },
      }),
    },
    resolutionHoursP50: {
      kind: 'percentile',
      label: 'Resolution hours, median',
      p: 50,
      value: resolutionHours,
      server: RESOLUTION_HOURS_ON_SERVER,
    },
    resolutionHoursP90: {
      kind: 'percentile',
      label: 'Resolution hours, 90th percentile',
      p: 90,
      value: resolutionHours,
      server: RESOLUTION_HOURS_ON_SERVER,
    },
  },
  asOf: {
    at: ticketAsOf,
    join: withTicketThen,
    joinedProjections: [REPORT_TICKET_HISTORY_PROJECTION],
    undatedDimensions: [],
    undatedMeasures: [],
  },
  record: (doc) => ({
    id: doc._id,
    status: doc.status,
    priority: doc.priority,
    assignee: doc.assigneeId ?? null,
    openedAt: doc.openedAt,
    resolvedAt: doc.resolvedAt ?? null,
  }),
});
