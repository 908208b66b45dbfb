// The LeadScore aggregate (stream `sales.LeadScore-<leadId>`): a lead's engagements and the scores
// computed for it, beside the Lead aggregate so that scoring never contends with the lead's
// lifecycle. The application checks that the lead exists and is in the caller's scope, computes
// the score with scoreLead and asks this decider to record it.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import type { Engagement, LeadScoreResult } from './lead-scoring';
import type { EngagementKind } from './lead-scoring.model';

export type RecordLeadEngagement = {
  readonly type: 'RecordLeadEngagement';
  readonly data: {
    readonly leadId: string;
    readonly kind: EngagementKind;
    readonly occurredAt: string;
    readonly now: string;
  };
};
export type RecordLeadScore = {
  readonly type: 'RecordLeadScore';
  readonly data: {
    readonly leadId: string;
    readonly result: LeadScoreResult;
    readonly now: string;
  };
};
export type LeadScoreCommand = RecordLeadEngagement | RecordLeadScore;

export type LeadEngagementRecorded = DomainEvent<
  'sales.LeadEngagementRecorded',
  {
    readonly leadId: string;
    readonly kind: EngagementKind;
    readonly occurredAt: string;
    readonly recordedAt: string;
  }
>;
export type LeadScored = DomainEvent<
  'sales.LeadScored',
  LeadScoreResult & { readonly leadId: string; readonly scoredAt: string }
>;
export type LeadScoreEvent = LeadEngagementRecorded | LeadScored;

export interface LeadScoreState {
  readonly engagements: readonly Engagement[];
  readonly lastScore: number | null;
}

export const initialLeadScoreState: LeadScoreState = { engagements: [], lastScore: null };

function decide(command: LeadScoreCommand, state: LeadScoreState): readonly LeadScoreEvent[] {
  switch (command.type) {
    case 'RecordLeadEngagement': {
      const { leadId, kind, occurredAt, now } = command.data;
      // The same engagement reported twice (an integration's retry) counts once.
      if (state.engagements.some((e) => e.kind === kind && e.at === occurredAt)) return [];
      return [
        {
          type: 'sales.LeadEngagementRecorded',
          data: { leadId, kind, occurredAt, recordedAt: now },
        },
      ];
    }
    case 'RecordLeadScore': {
      const { leadId, result, now } = command.data;
      return [{ type: 'sales.LeadScored', data: { ...result, leadId, scoredAt: now } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown lead score command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: LeadScoreState, event: LeadScoreEvent): LeadScoreState {
  switch (event.type) {
    case 'sales.LeadEngagementRecorded':
      return {
        ...state,
        engagements: [...state.engagements, { kind: event.data.kind, at: event.data.occurredAt }],
      };
    case 'sales.LeadScored':
      return { ...state, lastScore: event.data.score };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown lead score event ${JSON.stringify(unknown)}`);
    }
  }
}

export const leadScoreDecider: Decider<LeadScoreState, LeadScoreCommand, LeadScoreEvent> = {
  decide,
  evolve,
  initialState: initialLeadScoreState,
};
