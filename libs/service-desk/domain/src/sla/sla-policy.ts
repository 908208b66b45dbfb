// SLA policies: which milestones a ticket must meet, in business minutes of which calendar, which
// statuses pause the clocks, and when to warn. Policies are matched to a ticket by priority, type
// and tag (most specific first); the ticket records the policy it runs under, so a later change of
// the policy's definition does not rewrite past clocks.
import type { BusinessCalendar } from '../calendar/business-calendar';
import { ServiceDeskValidationError, type FieldViolation } from '../errors';
import { SERVICE_DESK_LIMITS } from '../service-desk.limits';
import {
  PAUSABLE_STATUSES,
  type PausableStatus,
  type TicketPriority,
  type TicketType,
} from '../ticket/ticket.types';

export const SLA_MILESTONES = ['firstResponse', 'nextResponse', 'resolution'] as const;
export type SlaMilestone = (typeof SLA_MILESTONES)[number];

export interface SlaPolicyMatch {
  readonly priorities?: readonly TicketPriority[];
  readonly types?: readonly TicketType[];
  readonly tags?: readonly string[];
}

/** Who an escalation notifies: the agent holding the ticket, the lead of its team, or an agent id. */
export type EscalationRecipient = 'assignee' | 'team_lead' | `agent:${string}`;

/**
 * One rung of the escalation ladder that runs after a milestone breaches: `afterMinutes` business
 * minutes after the breach (0: at the breach), it notifies, reassigns and/or raises the priority.
 */
export interface EscalationLevel {
  readonly afterMinutes: number;
  readonly notify?: readonly EscalationRecipient[];
  readonly reassignTo?: { readonly agentId: string; readonly teamId?: string };
  readonly raisePriority?: boolean;
}

export interface SlaPolicy {
  readonly policyId: string;
  readonly version: number;
  readonly calendar: BusinessCalendar;
  /** Business minutes per milestone; a milestone without a target is not measured. */
  readonly targets: Partial<Record<SlaMilestone, number>>;
  /** A warning fires when this share of a target is used (1–99). */
  readonly warnAtPercent: number;
  readonly pausedStatuses: readonly PausableStatus[];
  readonly match: SlaPolicyMatch;
  /** Levels in order of `afterMinutes`; none: a breach is recorded and nothing more happens. */
  readonly escalation?: readonly EscalationLevel[];
}

function escalationViolations(levels: readonly EscalationLevel[]): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (levels.length > SERVICE_DESK_LIMITS.escalationLevels) {
    violations.push({
      field: 'escalation',
      code: 'TOO_MANY',
      message: `at most ${SERVICE_DESK_LIMITS.escalationLevels} escalation levels`,
    });
  }
  levels.forEach((level, index) => {
    const field = `escalation[${index}]`;
    const previous = levels[index - 1]?.afterMinutes ?? 0;
    if (
      !Number.isInteger(level.afterMinutes) ||
      level.afterMinutes < previous ||
      level.afterMinutes > SERVICE_DESK_LIMITS.targetMinutes
    ) {
      violations.push({
        field: `${field}.afterMinutes`,
        code: 'OUT_OF_RANGE',
        message: 'levels run 0 or more business minutes after the breach, in increasing order',
      });
    }
    if (!level.notify?.length && !level.reassignTo && !level.raisePriority) {
      violations.push({
        field,
        code: 'REQUIRED',
        message: 'a level notifies, reassigns or raises the priority',
      });
    }
    (level.notify ?? []).forEach((recipient, r) => {
      if (!/^(assignee|team_lead|agent:.+)$/.test(recipient)) {
        violations.push({
          field: `${field}.notify[${r}]`,
          code: 'UNKNOWN_VALUE',
          message: 'a recipient is assignee, team_lead or agent:<agentId>',
        });
      }
    });
  });
  return violations;
}

/** Checks a policy: at least one milestone, whole positive targets within limits, a sane warning. */
export function defineSlaPolicy(policy: SlaPolicy): SlaPolicy {
  const violations: FieldViolation[] = [];
  if (!policy.policyId)
    violations.push({ field: 'policyId', code: 'REQUIRED', message: 'a policy needs an id' });
  const milestones = SLA_MILESTONES.filter((m) => policy.targets[m] !== undefined);
  if (milestones.length === 0) {
    violations.push({
      field: 'targets',
      code: 'REQUIRED',
      message: 'a policy needs at least one milestone',
    });
  }
  for (const milestone of milestones) {
    const minutes = policy.targets[milestone] ?? 0;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > SERVICE_DESK_LIMITS.targetMinutes) {
      violations.push({
        field: `targets.${milestone}`,
        code: 'OUT_OF_RANGE',
        message: `a target is 1 to ${SERVICE_DESK_LIMITS.targetMinutes} business minutes`,
      });
    }
  }
  if (
    !Number.isInteger(policy.warnAtPercent) ||
    policy.warnAtPercent < 1 ||
    policy.warnAtPercent > 99
  ) {
    violations.push({
      field: 'warnAtPercent',
      code: 'OUT_OF_RANGE',
      message: 'a warning is at 1 to 99 percent',
    });
  }
  policy.pausedStatuses.forEach((status, index) => {
    if (!PAUSABLE_STATUSES.includes(status)) {
      violations.push({
        field: `pausedStatuses[${index}]`,
        code: 'UNKNOWN_VALUE',
        message: `${status} cannot pause a clock`,
      });
    }
  });
  violations.push(...escalationViolations(policy.escalation ?? []));
  if (violations.length > 0) throw new ServiceDeskValidationError(violations);
  return policy;
}

function specificity(match: SlaPolicyMatch): number {
  return (
    (match.tags?.length ? 4 : 0) +
    (match.types?.length ? 2 : 0) +
    (match.priorities?.length ? 1 : 0)
  );
}

/**
 * The policy for a ticket: among the policies whose every criterion matches, the most specific
 * (tag beats type beats priority); ties go to the first in the list. Undefined when none matches.
 */
export function matchSlaPolicy(
  policies: readonly SlaPolicy[],
  ticket: { priority: TicketPriority; type: TicketType; tags: readonly string[] },
): SlaPolicy | undefined {
  const matching = policies.filter(({ match }) => {
    if (match.priorities?.length && !match.priorities.includes(ticket.priority)) return false;
    if (match.types?.length && !match.types.includes(ticket.type)) return false;
    if (match.tags?.length && !match.tags.some((tag) => ticket.tags.includes(tag))) return false;
    return true;
  });
  let best: SlaPolicy | undefined;
  for (const policy of matching) {
    if (!best || specificity(policy.match) > specificity(best.match)) best = policy;
  }
  return best;
}
