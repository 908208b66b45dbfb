// One customer's participation in one journey: their enrolments, each pinned to the version it
// entered, and the step each is at. The re-entry policy is decided here, and a step is recorded only
// while it is the enrolment's current step: branches jump forward only, so each send happens at most
// once per (journey version, enrolment, step), whatever is retried, redelivered or replayed.
import type { MarketingChannel } from '../delivery/channels';
import type { DeferralReason } from '../delivery/sending-policy';
import type { Decider } from '@crm/event-sourcing';
import type { SkipReason } from '../campaign/campaign.events';
import type { ReEntryPolicy } from './journey-definition';
import type { JourneyParticipationEvent, JourneyStepEvent } from './journey.events';

export type EnrolmentStatus = 'active' | 'completed' | 'goal';

export interface Enrolment {
  readonly enrolment: number;
  readonly version: number;
  readonly entryKey: string;
  readonly enteredAt: string;
  readonly status: EnrolmentStatus;
  /** The step to run next; null once exited. */
  readonly currentStepId: string | null;
  /** Set while the current step is a wait that has started. */
  readonly waitingUntil: string | null;
  readonly exitedAt: string | null;
}

export interface ParticipationState {
  readonly enrolments: readonly Enrolment[];
  readonly entryKeys: ReadonlySet<string>;
}

export const initialParticipationState: ParticipationState = {
  enrolments: [],
  entryKeys: new Set(),
};

interface Ref {
  readonly journeyId: string;
  readonly customerId: string;
  readonly now: string;
}
export type StepOutcome =
  | {
      readonly kind: 'sent';
      readonly templateId: string;
      readonly messageId: string;
      /** Absent: e-mail. */
      readonly channel?: MarketingChannel;
    }
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail: string }
  | { readonly kind: 'waitEnded' }
  | { readonly kind: 'branch'; readonly conditionHeld: boolean };

export type JourneyParticipationCommand =
  | {
      readonly type: 'EnterJourney';
      readonly data: Ref & {
        readonly version: number;
        readonly firstStepId: string;
        readonly reEntry: ReEntryPolicy;
        readonly entryKey: string;
      };
    }
  | {
      readonly type: 'RecordJourneyStep';
      readonly data: Ref & {
        readonly enrolment: number;
        readonly stepId: string;
        readonly nextStepId: string | null;
        readonly outcome: StepOutcome;
      };
    }
  | {
      readonly type: 'StartJourneyWait';
      readonly data: Ref & {
        readonly enrolment: number;
        readonly stepId: string;
        readonly until: string;
        /** A send held by the tenant's quiet hours or cap (ADR 0385). */
        readonly reason?: DeferralReason;
      };
    }
  | {
      readonly type: 'ExitJourney';
      readonly data: Ref & {
        readonly enrolment: number;
        readonly reason: 'completed' | 'goal';
        readonly detail: string;
      };
    };

const DAY_MS = 86_400_000;

/** Whether the policy lets a customer whose last enrolment is `last` enter again at `now`. */
export function mayEnter(policy: ReEntryPolicy, last: Enrolment | undefined, now: string): boolean {
  if (!last) return true;
  if (last.status === 'active') return false;
  switch (policy.policy) {
    case 'never':
      return false;
    case 'afterCompletion':
      return true;
    case 'cooldown':
      return Date.parse(now) - Date.parse(last.exitedAt ?? last.enteredAt) >= policy.days * DAY_MS;
    default: {
      const unknown: never = policy;
      throw new Error(`Unknown re-entry policy ${JSON.stringify(unknown)}`);
    }
  }
}

function stepEvent(
  ref: { journeyId: string; customerId: string; enrolment: number; version: number },
  stepId: string,
  nextStepId: string | null,
  outcome: StepOutcome,
  now: string,
): JourneyStepEvent {
  const base = { ...ref, stepId, nextStepId };
  switch (outcome.kind) {
    case 'sent':
      return {
        type: 'marketing.JourneyMessageSent',
        data: {
          ...base,
          templateId: outcome.templateId,
          messageId: outcome.messageId,
          ...(outcome.channel === undefined ? {} : { channel: outcome.channel }),
          sentAt: now,
        },
      };
    case 'skipped':
      return {
        type: 'marketing.JourneyMessageSkipped',
        data: { ...base, reason: outcome.reason, detail: outcome.detail, skippedAt: now },
      };
    case 'waitEnded':
      return { type: 'marketing.JourneyWaitEnded', data: { ...base, endedAt: now } };
    case 'branch':
      return {
        type: 'marketing.JourneyBranchTaken',
        data: { ...base, conditionHeld: outcome.conditionHeld, takenAt: now },
      };
    default: {
      const unknown: never = outcome;
      throw new Error(`Unknown step outcome ${JSON.stringify(unknown)}`);
    }
  }
}

function decide(
  command: JourneyParticipationCommand,
  state: ParticipationState,
): readonly JourneyParticipationEvent[] {
  const { journeyId, customerId, now } = command.data;
  if (command.type === 'EnterJourney') {
    const { version, firstStepId, reEntry, entryKey } = command.data;
    if (state.entryKeys.has(entryKey) || !mayEnter(reEntry, state.enrolments.at(-1), now))
      return [];
    return [
      {
        type: 'marketing.JourneyEntered',
        data: {
          journeyId,
          customerId,
          enrolment: state.enrolments.length + 1,
          version,
          entryKey,
          firstStepId,
          enteredAt: now,
        },
      },
    ];
  }
  const current = state.enrolments.find((e) => e.enrolment === command.data.enrolment);
  // Anything for an enrolment that has moved on (or never was) is a repeat: it decides nothing.
  if (!current || current.status !== 'active') return [];
  const ref = { journeyId, customerId, enrolment: current.enrolment, version: current.version };
  switch (command.type) {
    case 'RecordJourneyStep': {
      const { stepId, nextStepId, outcome } = command.data;
      if (current.currentStepId !== stepId) return [];
      return [stepEvent(ref, stepId, nextStepId, outcome, now)];
    }
    case 'StartJourneyWait': {
      const { stepId, until, reason } = command.data;
      if (current.currentStepId !== stepId) return [];
      // A wait already started is not started again, unless a send it held is deferred further (a
      // tenant cap still full when the wait ended): that later wait is recorded too.
      if (current.waitingUntil !== null && (reason === undefined || until <= current.waitingUntil))
        return [];
      return [
        {
          type: 'marketing.JourneyWaitStarted',
          data: { ...ref, stepId, until, ...(reason ? { reason } : {}), startedAt: now },
        },
      ];
    }
    case 'ExitJourney':
      return [
        {
          type: 'marketing.JourneyExited',
          data: { ...ref, reason: command.data.reason, detail: command.data.detail, exitedAt: now },
        },
      ];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown journey command ${JSON.stringify(unknown)}`);
    }
  }
}

function updateEnrolment(
  state: ParticipationState,
  number: number,
  change: (e: Enrolment) => Enrolment,
): ParticipationState {
  return {
    ...state,
    enrolments: state.enrolments.map((e) => (e.enrolment === number ? change(e) : e)),
  };
}

function evolve(state: ParticipationState, event: JourneyParticipationEvent): ParticipationState {
  switch (event.type) {
    case 'marketing.JourneyEntered': {
      const { enrolment, version, entryKey, firstStepId, enteredAt } = event.data;
      return {
        enrolments: [
          ...state.enrolments,
          {
            enrolment,
            version,
            entryKey,
            enteredAt,
            status: 'active',
            currentStepId: firstStepId,
            waitingUntil: null,
            exitedAt: null,
          },
        ],
        entryKeys: new Set(state.entryKeys).add(entryKey),
      };
    }
    case 'marketing.JourneyWaitStarted':
      return updateEnrolment(state, event.data.enrolment, (e) => ({
        ...e,
        waitingUntil: event.data.until,
      }));
    case 'marketing.JourneyMessageSent':
    case 'marketing.JourneyMessageSkipped':
    case 'marketing.JourneyWaitEnded':
    case 'marketing.JourneyBranchTaken':
      return updateEnrolment(state, event.data.enrolment, (e) => ({
        ...e,
        currentStepId: event.data.nextStepId,
        waitingUntil: null,
      }));
    case 'marketing.JourneyExited':
      return updateEnrolment(state, event.data.enrolment, (e) => ({
        ...e,
        status: event.data.reason,
        currentStepId: null,
        waitingUntil: null,
        exitedAt: event.data.exitedAt,
      }));
    default: {
      const unknown: never = event;
      throw new Error(`Unknown journey event ${JSON.stringify(unknown)}`);
    }
  }
}

export const journeyParticipationDecider: Decider<
  ParticipationState,
  JourneyParticipationCommand,
  JourneyParticipationEvent
> = { decide, evolve, initialState: initialParticipationState };

/** The enrolment still running, if any (at most one: a policy never admits a second while one runs). */
export function activeEnrolment(state: ParticipationState): Enrolment | undefined {
  const last = state.enrolments.at(-1);
  return last?.status === 'active' ? last : undefined;
}
