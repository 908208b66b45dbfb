// Automatic lead assignment as one pure function: a team's roster and strategy plus a batch of
// leads in, one decision per lead out (an owner, or the reason nobody could take it: the service
// records that as sales.LeadAssignmentFailed, so no lead is left unassigned silently).
//
// Every strategy skips reps who are absent, opted out or at capacity (open leads ≥ capacity).
//   round_robin  the next eligible rep after the last one assigned, in roster order
//   weighted     the eligible rep whose load after taking the lead is the smallest share of their
//                capacity (ties: roster order), so reps fill in proportion to their capacity
//   rules        the first rule whose field equals the lead's value names the candidate reps;
//                round robin among those
//   territory    the reps whose territories include the lead's value of the team's territory
//                field (`country` unless the team names another); round robin among those
//   sticky       the rep who already owns the lead's contact (an earlier lead with the same
//                e-mail: a known customer keeps their rep) when they can take it; otherwise, and
//                for unknown contacts, round robin over the team
export const ASSIGNMENT_STRATEGIES = [
  'round_robin',
  'weighted',
  'rules',
  'territory',
  'sticky',
] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

export const ASSIGNMENT_FAILURE_REASONS = [
  'no_reps_in_team',
  'all_reps_unavailable',
  'all_at_capacity',
  'no_rule_matched',
  'no_territory_matched',
] as const;
export type AssignmentFailureReason = (typeof ASSIGNMENT_FAILURE_REASONS)[number];

export interface RosterRep {
  readonly repId: string;
  /** Most open leads the rep takes; a positive integer. */
  readonly capacity: number;
  readonly openLeads: number;
  readonly absent: boolean;
  readonly optedOut: boolean;
  /** Values of the team's territory field this rep covers (territory strategy). */
  readonly territories?: readonly string[];
}

/** Leads whose `field` equals `equals` go to `repIds` (round robin among them). */
export interface AssignmentRule {
  readonly field: string;
  readonly equals: string;
  readonly repIds: readonly string[];
}

export interface TeamRoster {
  readonly teamId: string;
  readonly strategy: AssignmentStrategy;
  readonly reps: readonly RosterRep[];
  readonly rules: readonly AssignmentRule[];
  /** Where round robin continues from (null: the first rep). */
  readonly lastAssignedRepId: string | null;
  /** The lead field territories are told by (territory strategy); `country` when absent. */
  readonly territoryField?: string;
}

export const DEFAULT_TERRITORY_FIELD = 'country';

export interface LeadToAssign {
  readonly leadId: string;
  /** Lead fields the rules may test (source, country, product interest, …). */
  readonly fields: Readonly<Record<string, string | undefined>>;
  /** The rep who owns the lead's contact already (sticky strategy), when the service knows one. */
  readonly knownOwnerId?: string;
}

export type AssignmentDecision =
  | { readonly leadId: string; readonly outcome: 'assigned'; readonly repId: string }
  | {
      readonly leadId: string;
      readonly outcome: 'failed';
      readonly reason: AssignmentFailureReason;
    };

export interface AssignmentBatch {
  readonly decisions: readonly AssignmentDecision[];
  /** The roster after the batch: open leads counted, round robin moved on. */
  readonly roster: TeamRoster;
}

export function assignLeads(roster: TeamRoster, leads: readonly LeadToAssign[]): AssignmentBatch {
  const load = new Map(roster.reps.map((rep) => [rep.repId, rep.openLeads]));
  let last = roster.lastAssignedRepId;
  const decisions = leads.map((lead): AssignmentDecision => {
    const picked = pick(roster, lead, load, last);
    if (typeof picked !== 'string') return { leadId: lead.leadId, outcome: 'failed', ...picked };
    load.set(picked, (load.get(picked) ?? 0) + 1);
    last = picked;
    return { leadId: lead.leadId, outcome: 'assigned', repId: picked };
  });
  return {
    decisions,
    roster: {
      ...roster,
      lastAssignedRepId: last,
      reps: roster.reps.map((rep) => ({ ...rep, openLeads: load.get(rep.repId) ?? 0 })),
    },
  };
}

function pick(
  roster: TeamRoster,
  lead: LeadToAssign,
  load: ReadonlyMap<string, number>,
  last: string | null,
): string | { reason: AssignmentFailureReason } {
  if (roster.reps.length === 0) return { reason: 'no_reps_in_team' };
  let candidates = roster.reps;
  if (roster.strategy === 'rules') {
    const rule = roster.rules.find((r) => lead.fields[r.field] === r.equals);
    if (!rule) return { reason: 'no_rule_matched' };
    candidates = roster.reps.filter((rep) => rule.repIds.includes(rep.repId));
  }
  if (roster.strategy === 'territory') {
    const value = lead.fields[roster.territoryField ?? DEFAULT_TERRITORY_FIELD];
    candidates = roster.reps.filter(
      (rep) => value !== undefined && rep.territories?.includes(value),
    );
    if (candidates.length === 0) return { reason: 'no_territory_matched' };
  }
  const available = candidates.filter((rep) => !rep.absent && !rep.optedOut);
  if (available.length === 0) return { reason: 'all_reps_unavailable' };
  const eligible = available.filter((rep) => (load.get(rep.repId) ?? 0) < rep.capacity);
  if (eligible.length === 0) return { reason: 'all_at_capacity' };
  const known = eligible.find((rep) => rep.repId === lead.knownOwnerId);
  if (roster.strategy === 'sticky' && known) return known.repId;
  return roster.strategy === 'weighted'
    ? leastLoaded(eligible, load).repId
    : nextAfter(roster.reps, eligible, last).repId;
}

/** The eligible rep that comes first after `last` in roster order, wrapping around. */
function nextAfter(
  all: readonly RosterRep[],
  eligible: readonly RosterRep[],
  last: string | null,
): RosterRep {
  const start = last === null ? -1 : all.findIndex((rep) => rep.repId === last);
  for (let step = 1; step <= all.length; step += 1) {
    const rep = all[(start + step + all.length) % all.length];
    if (rep && eligible.includes(rep)) return rep;
  }
  return eligible[0] as RosterRep;
}

/** Smallest (open + 1) / capacity, compared as integers (no floating point ties). */
function leastLoaded(eligible: readonly RosterRep[], load: ReadonlyMap<string, number>): RosterRep {
  const after = (rep: RosterRep): number => (load.get(rep.repId) ?? 0) + 1;
  return eligible.reduce((best, rep) =>
    after(rep) * best.capacity < after(best) * rep.capacity ? rep : best,
  );
}
