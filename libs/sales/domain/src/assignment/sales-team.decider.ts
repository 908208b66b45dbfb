// A sales team's roster and assignment strategy (stream `sales.SalesTeam-<teamId>`), and the
// routing of captured leads through it: RouteLead runs the pure `assignLeads` over the roster as
// this stream knows it (open leads routed to each rep, where round robin stands), so concurrent
// captures are serialised by the stream's optimistic concurrency and 999 leads over 3 equal reps
// still give 333 each. A lead is routed once; the service then assigns it (LeadAssigned with the
// strategy) or records why nobody could take it (LeadAssignmentFailed). A routed lead that closes
// (qualified, disqualified, converted, erased) is released: its rep's load drops by one, once
// (ADR 0443), so the capacity-weighted strategy counts the leads a rep still works.
//
// A team stream grows by one LeadRouted per lead, so the leads routed are kept in a persistent map
// (immutable-js, as loyalty's member does, ADR 0265): folding n events costs O(n log n), not O(n²),
// and the service loads the team from a snapshot plus its tail (ADR 0285).
import type { Decider, DomainEvent, SnapshotStateCodec } from '@crm/event-sourcing';
import { Map as PersistentMap } from 'immutable';
import { InvalidTransitionError, UnknownPipelineError } from '../errors';
import { findPipeline } from '../opportunity/pipeline';
import {
  assignLeads,
  type AssignmentFailureReason,
  type AssignmentRule,
  type AssignmentStrategy,
  type RosterRep,
} from './lead-assignment';

export type TeamRep = Omit<RosterRep, 'openLeads'>;

export type DefineSalesTeam = {
  readonly type: 'DefineSalesTeam';
  readonly data: {
    readonly teamId: string;
    readonly strategy: AssignmentStrategy;
    readonly reps: readonly TeamRep[];
    readonly rules: readonly AssignmentRule[];
    /** The lead field territories are told by (territory strategy; `country` when absent). */
    readonly territoryField?: string;
    /** The pipeline the team works by default: its leads are scored on its history (ADR 0480). */
    readonly pipelineId?: string;
    readonly definedBy: string;
    readonly now: string;
  };
};
export type RouteLead = {
  readonly type: 'RouteLead';
  readonly data: {
    readonly teamId: string;
    readonly leadId: string;
    readonly fields: Readonly<Record<string, string | undefined>>;
    /** The rep who owns the lead's contact already (sticky strategy). */
    readonly knownOwnerId?: string;
    readonly now: string;
  };
};
/**
 * Why a routed lead no longer counts in its rep's load: it closed (ADR 0443), or a person moved it
 * to another rep or team with AssignLead (`reassigned`, ADR 0482).
 */
export type LeadReleaseReason =
  'qualified' | 'disqualified' | 'converted' | 'erased' | 'reassigned';
export const LEAD_RELEASE_REASONS: readonly LeadReleaseReason[] = [
  'qualified',
  'disqualified',
  'converted',
  'erased',
  'reassigned',
];
export type ReleaseLead = {
  readonly type: 'ReleaseLead';
  readonly data: {
    readonly teamId: string;
    readonly leadId: string;
    readonly reason: LeadReleaseReason;
    readonly now: string;
  };
};
export type SalesTeamCommand = DefineSalesTeam | RouteLead | ReleaseLead;

export type SalesTeamDefined = DomainEvent<
  'sales.SalesTeamDefined',
  {
    readonly teamId: string;
    readonly strategy: AssignmentStrategy;
    readonly reps: readonly TeamRep[];
    readonly rules: readonly AssignmentRule[];
    readonly territoryField?: string;
    readonly pipelineId?: string;
    readonly definedBy: string;
    readonly definedAt: string;
  }
>;
export type LeadRouted = DomainEvent<
  'sales.LeadRouted',
  {
    readonly teamId: string;
    readonly leadId: string;
    readonly strategy: AssignmentStrategy;
    /** The rep who takes the lead, or null with the reason nobody could. */
    readonly repId: string | null;
    readonly failureReason?: AssignmentFailureReason;
    readonly routedAt: string;
  }
>;
export type LeadReleased = DomainEvent<
  'sales.LeadReleased',
  {
    readonly teamId: string;
    readonly leadId: string;
    /** The rep whose load it leaves. */
    readonly repId: string;
    readonly reason: LeadReleaseReason;
    readonly releasedAt: string;
  }
>;
export type SalesTeamEvent = SalesTeamDefined | LeadRouted | LeadReleased;

export type SalesTeamState =
  | { readonly status: 'None' }
  | {
      readonly status: 'Defined';
      readonly teamId: string;
      readonly strategy: AssignmentStrategy;
      readonly reps: readonly TeamRep[];
      readonly rules: readonly AssignmentRule[];
      readonly territoryField?: string;
      /** The team's default pipeline (`default` when it names none). */
      readonly pipelineId?: string;
      /** Leads routed to each rep and not released (the load the capacity is measured against). */
      readonly routedTo: Readonly<Record<string, number>>;
      readonly lastAssignedRepId: string | null;
      /** Every lead routed, with its outcome (what the service assigns or records after routing). */
      readonly routed: PersistentMap<string, RoutingOutcome>;
    };

export type RoutingOutcome =
  | { readonly repId: string; readonly released?: true }
  | { readonly repId: null; readonly failureReason: AssignmentFailureReason };

export const salesTeamDecider: Decider<SalesTeamState, SalesTeamCommand, SalesTeamEvent> = {
  decide(command, state) {
    switch (command.type) {
      case 'DefineSalesTeam': {
        const { now, ...data } = command.data;
        if (data.pipelineId !== undefined && !findPipeline(data.pipelineId))
          throw new UnknownPipelineError(data.pipelineId);
        return [{ type: 'sales.SalesTeamDefined', data: { ...data, definedAt: now } }];
      }
      case 'RouteLead': {
        const { teamId, leadId, fields, knownOwnerId, now } = command.data;
        if (state.status === 'None') {
          throw new InvalidTransitionError('team', 'not defined', 'given leads');
        }
        if (state.routed.has(leadId)) return [];
        const roster = {
          teamId,
          strategy: state.strategy,
          rules: state.rules,
          ...(state.territoryField === undefined ? {} : { territoryField: state.territoryField }),
          lastAssignedRepId: state.lastAssignedRepId,
          reps: state.reps.map((rep) => ({ ...rep, openLeads: state.routedTo[rep.repId] ?? 0 })),
        };
        const [decision] = assignLeads(roster, [
          { leadId, fields, ...(knownOwnerId === undefined ? {} : { knownOwnerId }) },
        ]).decisions;
        const outcome =
          decision?.outcome === 'assigned'
            ? { repId: decision.repId }
            : { repId: null, failureReason: decision?.reason ?? 'no_reps_in_team' };
        return [
          {
            type: 'sales.LeadRouted',
            data: { teamId, leadId, strategy: state.strategy, ...outcome, routedAt: now },
          },
        ];
      }
      case 'ReleaseLead': {
        const { teamId, leadId, reason, now } = command.data;
        if (state.status === 'None') return [];
        const outcome = state.routed.get(leadId);
        // Only a lead this team gave a rep weighs on a load, and only until its first release.
        if (outcome === undefined || outcome.repId === null || outcome.released) return [];
        return [
          {
            type: 'sales.LeadReleased',
            data: { teamId, leadId, repId: outcome.repId, reason, releasedAt: now },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`Unknown sales team command ${JSON.stringify(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'sales.SalesTeamDefined': {
        const { teamId, strategy, reps, rules, territoryField, pipelineId } = event.data;
        const previous = state.status === 'Defined' ? state : undefined;
        return {
          status: 'Defined',
          teamId,
          strategy,
          reps,
          rules,
          ...(territoryField === undefined ? {} : { territoryField }),
          ...(pipelineId === undefined ? {} : { pipelineId }),
          routedTo: previous?.routedTo ?? {},
          lastAssignedRepId: previous?.lastAssignedRepId ?? null,
          routed: previous?.routed ?? PersistentMap<string, RoutingOutcome>(),
        };
      }
      case 'sales.LeadRouted': {
        if (state.status === 'None') return state;
        const { repId, leadId, failureReason } = event.data;
        const outcome: RoutingOutcome =
          repId === null ? { repId, failureReason: failureReason ?? 'no_reps_in_team' } : { repId };
        const routed = state.routed.set(leadId, outcome);
        if (repId === null) return { ...state, routed };
        return {
          ...state,
          routed,
          lastAssignedRepId: repId,
          routedTo: { ...state.routedTo, [repId]: (state.routedTo[repId] ?? 0) + 1 },
        };
      }
      case 'sales.LeadReleased': {
        if (state.status === 'None') return state;
        const { repId, leadId } = event.data;
        return {
          ...state,
          routed: state.routed.set(leadId, { repId, released: true }),
          routedTo: { ...state.routedTo, [repId]: Math.max(0, (state.routedTo[repId] ?? 0) - 1) },
        };
      }
      default: {
        const unknown: never = event;
        throw new Error(`Unknown sales team event ${JSON.stringify(unknown)}`);
      }
    }
  },
  initialState: { status: 'None' },
};

/** Bump when the team's evolve or state shape changes: older snapshots are then ignored. */
export const SALES_TEAM_STATE_SCHEMA_VERSION = 'sales-team-2';

/** A team's state in a snapshot: the routed leads as [leadId, outcome] entries, in routing order. */
export const salesTeamSnapshotCodec: SnapshotStateCodec<SalesTeamState> = {
  encode(state) {
    if (state.status === 'None') return state;
    return JSON.parse(JSON.stringify({ ...state, routed: [...state.routed.entries()] })) as unknown;
  },
  decode(stored) {
    const team = stored as SalesTeamState;
    if (team.status === 'None') return team;
    const entries = team.routed as unknown as [string, RoutingOutcome][];
    return { ...team, routed: PersistentMap(entries) };
  },
};
