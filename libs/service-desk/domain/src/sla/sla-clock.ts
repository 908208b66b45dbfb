// The SLA clock of a ticket, as of any instant, computed from what the ticket's events recorded:
// when each milestone started and stopped, the ticket's status history and the policy history.
// Nothing is overwritten in place, so the clock of a past instant and the "why breached" timeline
// (which intervals ran, which were paused and under which policy) are answered exactly.
//
// Used business time is the business time of the running intervals since the milestone started,
// each measured with the calendar of the policy then in force; a policy or priority change keeps
// the time used and compares it with the new target (it carries over). A paused interval (a status
// the policy in force lists in `pausedStatuses`, or a resolved/closed ticket) uses none, so a pause
// moves the deadline by exactly the business time it lasted.
import { addBusinessTime, businessTimeBetween, minutesToMs } from '../calendar/business-calendar';
import type { TicketStatus } from '../ticket/ticket.types';
import type { SlaMilestone, SlaPolicy } from './sla-policy';

/** The span a milestone measures: from `startedAt` until `stoppedAt` (met) or open. */
export interface MilestoneSpan {
  readonly startedAt: number;
  readonly stoppedAt?: number;
}

export interface SlaHistory {
  /** Policies in force, in order, from the instant each was applied. */
  readonly policies: readonly { readonly at: number; readonly policy: SlaPolicy }[];
  /** Statuses, in order, from the instant each was entered. */
  readonly statuses: readonly { readonly at: number; readonly status: TicketStatus }[];
  readonly milestones: Partial<Record<SlaMilestone, MilestoneSpan>>;
}

export interface ClockInterval {
  readonly from: number;
  readonly to: number;
  readonly running: boolean;
  readonly status: TicketStatus;
  readonly policyId: string;
  readonly businessMs: number;
}

export type MilestoneClock = {
  readonly milestone: SlaMilestone;
  readonly policyId: string;
  readonly targetMs: number;
  readonly usedMs: number;
  readonly timeline: readonly ClockInterval[];
} & (
  | { readonly state: 'running'; readonly dueAt: number; readonly warnAt: number }
  | { readonly state: 'paused' }
  | { readonly state: 'breached'; readonly breachedAt: number }
  | { readonly state: 'met'; readonly metAt: number }
  | { readonly state: 'missed'; readonly metAt: number; readonly breachedAt: number }
);

function lastAtOrBefore<T extends { at: number }>(
  entries: readonly T[],
  instant: number,
): T | undefined {
  let found: T | undefined;
  for (const entry of entries) {
    if (entry.at > instant) break;
    found = entry;
  }
  return found;
}

function isRunning(policy: SlaPolicy, status: TicketStatus): boolean {
  if (status === 'resolved' || status === 'closed') return false;
  return !(policy.pausedStatuses as readonly TicketStatus[]).includes(status);
}

function timelineOf(history: SlaHistory, from: number, to: number): ClockInterval[] {
  const boundaries = new Set<number>([from, to]);
  for (const { at } of [...history.policies, ...history.statuses]) {
    if (at > from && at < to) boundaries.add(at);
  }
  const instants = [...boundaries].sort((a, b) => a - b);
  const intervals: ClockInterval[] = [];
  for (let i = 0; i + 1 < instants.length; i += 1) {
    const start = instants[i] ?? from;
    const end = instants[i + 1] ?? to;
    const policy = lastAtOrBefore(history.policies, start)?.policy;
    const status = lastAtOrBefore(history.statuses, start)?.status;
    if (!policy || !status) continue;
    const running = isRunning(policy, status);
    const businessMs = running ? businessTimeBetween(policy.calendar, start, end) : 0;
    const previous = intervals[intervals.length - 1];
    if (
      previous &&
      previous.running === running &&
      previous.status === status &&
      previous.policyId === policy.policyId
    ) {
      intervals[intervals.length - 1] = {
        ...previous,
        to: end,
        businessMs: previous.businessMs + businessMs,
      };
    } else {
      intervals.push({
        from: start,
        to: end,
        running,
        status,
        policyId: policy.policyId,
        businessMs,
      });
    }
  }
  return intervals;
}

/** The instant the used time first reached `targetMs`, found by walking the timeline. */
function crossingInstant(
  history: SlaHistory,
  timeline: readonly ClockInterval[],
  targetMs: number,
): number {
  let used = 0;
  for (const interval of timeline) {
    if (interval.running && used + interval.businessMs >= targetMs) {
      const policy = lastAtOrBefore(history.policies, interval.from)?.policy;
      if (policy) return addBusinessTime(policy.calendar, interval.from, targetMs - used);
    }
    used += interval.businessMs;
  }
  return timeline[timeline.length - 1]?.to ?? 0;
}

/**
 * The clock of one milestone as of `asOf`, or undefined when the milestone had not started by
 * then or the policy in force does not measure it. Entries after `asOf` are ignored, so callers
 * may pass the full history of a ticket.
 */
export function milestoneClockAt(
  history: SlaHistory,
  milestone: SlaMilestone,
  asOf: number,
): MilestoneClock | undefined {
  const span = history.milestones[milestone];
  const current = lastAtOrBefore(history.policies, asOf)?.policy;
  if (!span || span.startedAt > asOf || !current) return undefined;
  const targetMinutes = current.targets[milestone];
  if (targetMinutes === undefined) return undefined;
  const targetMs = minutesToMs(targetMinutes);
  const stopped =
    span.stoppedAt !== undefined && span.stoppedAt <= asOf ? span.stoppedAt : undefined;
  const end = stopped ?? asOf;
  const timeline = timelineOf(history, span.startedAt, end);
  const usedMs = timeline.reduce((sum, interval) => sum + interval.businessMs, 0);
  const base = { milestone, policyId: current.policyId, targetMs, usedMs, timeline };
  if (stopped !== undefined) {
    return usedMs <= targetMs
      ? { ...base, state: 'met', metAt: stopped }
      : {
          ...base,
          state: 'missed',
          metAt: stopped,
          breachedAt: crossingInstant(history, timeline, targetMs),
        };
  }
  if (usedMs >= targetMs)
    return { ...base, state: 'breached', breachedAt: crossingInstant(history, timeline, targetMs) };
  const status = lastAtOrBefore(history.statuses, asOf)?.status;
  if (!status || !isRunning(current, status)) return { ...base, state: 'paused' };
  const warnMs = Math.floor((targetMs * current.warnAtPercent) / 100);
  return {
    ...base,
    state: 'running',
    dueAt: addBusinessTime(current.calendar, asOf, targetMs - usedMs),
    warnAt: addBusinessTime(current.calendar, asOf, Math.max(0, warnMs - usedMs)),
  };
}

/** Every measured milestone's clock as of `asOf`. */
export function slaClocksAt(history: SlaHistory, asOf: number): MilestoneClock[] {
  const clocks: MilestoneClock[] = [];
  for (const milestone of ['firstResponse', 'nextResponse', 'resolution'] as const) {
    const clock = milestoneClockAt(history, milestone, asOf);
    if (clock) clocks.push(clock);
  }
  return clocks;
}
