// The SLA dashboard, computed from the agent queue's documents: per team or agent, the open
// tickets and how many of them breached a target, are warned (past the warning percentage, not
// breached) or escalated, and of the tickets resolved in a period how many met every target (the
// SLA met %); plus the open tickets most at risk (breached first, then warned by nearest due).
// Pure: the query (ticket-queue.queries.ts) fetches the documents within the caller's scope.
import type { TicketQueueDocument } from './ticket-queue.documents';

export type SlaDashboardGrouping = 'team' | 'agent';

export interface SlaDashboardRow {
  /** The team or agent id; null for tickets nobody holds. */
  readonly key: string | null;
  readonly open: number;
  readonly breached: number;
  readonly warned: number;
  readonly escalated: number;
  readonly resolved: number;
  readonly resolvedWithinSla: number;
  /** Share of the period's resolved tickets that breached no target, 0–100; null without any. */
  readonly slaMetPercent: number | null;
}

export interface SlaDashboard {
  readonly total: SlaDashboardRow;
  readonly rows: readonly SlaDashboardRow[];
  /** Open tickets with a breach or a warning, breached first, then by nearest due instant. */
  readonly atRisk: readonly Omit<TicketQueueDocument, '_id'>[];
}

export type DashboardTicket = Omit<TicketQueueDocument, '_id'>;

const CLOSED = new Set(['resolved', 'closed']);

const isBreached = (t: DashboardTicket) =>
  Object.values(t.sla ?? {}).some((m) => m.breachedAt !== undefined);
const isWarned = (t: DashboardTicket) =>
  !isBreached(t) && Object.values(t.sla ?? {}).some((m) => m.warnedAt !== undefined);
const isEscalated = (t: DashboardTicket) =>
  Object.values(t.sla ?? {}).some((m) => (m.escalationLevel ?? 0) > 0);
/** The nearest due instant of its warned milestones (what is known before a breach). */
const nearestDue = (t: DashboardTicket) =>
  Math.min(
    ...Object.values(t.sla ?? {}).map((m) => (m.dueAt ? Date.parse(m.dueAt) : Infinity)),
    Infinity,
  );

interface Counter {
  open: number;
  breached: number;
  warned: number;
  escalated: number;
  resolved: number;
  resolvedWithinSla: number;
}

const emptyCounter = (): Counter => ({
  open: 0,
  breached: 0,
  warned: 0,
  escalated: 0,
  resolved: 0,
  resolvedWithinSla: 0,
});

function count(counter: Counter, ticket: DashboardTicket, period: { from: number; to: number }) {
  if (!CLOSED.has(ticket.status)) {
    counter.open += 1;
    if (isBreached(ticket)) counter.breached += 1;
    if (isWarned(ticket)) counter.warned += 1;
    if (isEscalated(ticket)) counter.escalated += 1;
    return;
  }
  const resolvedAt = ticket.resolvedAt ? Date.parse(ticket.resolvedAt) : NaN;
  // A merged duplicate is closed without a resolution: it counts nowhere.
  if (!(resolvedAt >= period.from && resolvedAt < period.to)) return;
  counter.resolved += 1;
  if (!isBreached(ticket)) counter.resolvedWithinSla += 1;
}

const rowOf = (key: string | null, c: Counter): SlaDashboardRow => ({
  key,
  ...c,
  slaMetPercent:
    c.resolved === 0 ? null : Math.round((1000 * c.resolvedWithinSla) / c.resolved) / 10,
});

export function slaDashboardOf(
  tickets: readonly DashboardTicket[],
  options: {
    readonly groupBy: SlaDashboardGrouping;
    readonly from: number;
    readonly to: number;
    readonly atRiskLimit: number;
  },
): SlaDashboard {
  const total = emptyCounter();
  const groups = new Map<string | null, Counter>();
  for (const ticket of tickets) {
    const key = (options.groupBy === 'team' ? ticket.teamId : ticket.assigneeId) ?? null;
    let counter = groups.get(key);
    if (!counter) groups.set(key, (counter = emptyCounter()));
    count(counter, ticket, options);
    count(total, ticket, options);
  }
  const rows = [...groups]
    .map(([key, counter]) => rowOf(key, counter))
    .filter((row) => row.open > 0 || row.resolved > 0)
    .sort(
      (a, b) =>
        b.breached - a.breached || b.open - a.open || String(a.key).localeCompare(String(b.key)),
    );
  const atRisk = tickets
    .filter((t) => !CLOSED.has(t.status) && (isBreached(t) || isWarned(t)))
    .sort(
      (a, b) =>
        Number(isBreached(b)) - Number(isBreached(a)) ||
        nearestDue(a) - nearestDue(b) ||
        a.ticketId.localeCompare(b.ticketId),
    )
    .slice(0, options.atRiskLimit);
  return { total: rowOf(null, total), rows, atRisk };
}
