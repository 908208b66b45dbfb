// Tickets of the service-desk queue read model, guarded by the ticket scope (an agent: his and
// unassigned tickets; a service lead: his team's too). SLA met %: of the tickets under an SLA
// policy, those with no breached milestone. Resolution hours: opened to resolved. The queue read
// model keeps no first-reply time, so first-response percentiles are not offered yet. asOf from
// the dated facts: opened, resolved (`resolvedAt`) and each SLA breach (`breachedAt`); the policy
// counts from the opening (it is applied when the ticket opens). Status, priority, team and
// assignee changes are not dated: refused with asOf.
import {
  TICKET_QUEUE_MODEL,
  TICKET_QUEUE_PROJECTION,
  type TicketQueueDocument,
} from '@crm/service-desk-read-models';
import { daysSince, declareDataset, hoursBetween, orNone, type ServerExpression } from './dataset';
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

/**
 * The ticket as it stood at `asOf`: resolved only if resolved by then (else open: a closed ticket
 * was resolved first, a reopened one lost its resolution date), breaches only those by then.
 */
export function ticketAsOf(doc: TicketQueueDocument, asOf: Date): TicketQueueDocument {
  const { resolvedAt, sla, ...rest } = doc;
  const resolved = at(resolvedAt, asOf);
  const marks = Object.entries(sla ?? {}).map(([milestone, m]) => {
    const { breachedAt, ...kept } = m;
    return [milestone, at(breachedAt, asOf) ? { ...kept, breachedAt } : kept] as const;
  });
  return {
    ...rest,
    status: resolved ? 'resolved' : 'open',
    ...(resolved && { resolvedAt }),
    ...(sla && { sla: Object.fromEntries(marks) }),
  };
}

export const ticketsDataset = declareDataset<TicketQueueDocument>({
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
    undatedDimensions: ['status', 'priority', 'team', 'assignee'],
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
