// Events of journeys. The catalogue (stream `marketing.Journeys-<tenantId>`) holds every journey's
// published versions; a participation (stream `marketing.JourneyParticipation-<journeyId>:<customerId>`)
// holds one customer's enrolments in one journey, each pinned to the version it entered, and one
// event per step it went through. No personal data: customers are named by id.
import type { MarketingChannel } from '../delivery/channels';
import type { DomainEvent } from '@crm/event-sourcing';
import type { SkipReason } from '../campaign/campaign.events';
import type { DeferralReason } from '../delivery/sending-policy';

export type JourneyPublished = DomainEvent<
  'marketing.JourneyPublished',
  {
    readonly journeyId: string;
    readonly name: string;
    /** 1 for a new journey, then one more per revision. */
    readonly version: number;
    /** The definition as stored JSON (journeyDefinitionToJson). */
    readonly definition: Readonly<Record<string, unknown>>;
    readonly publishedAt: string;
  }
>;

/** Names an enrolment of a participation and the version it is pinned to. */
interface EnrolmentRef {
  readonly journeyId: string;
  readonly customerId: string;
  /** 1, 2, … within this customer's participation in this journey. */
  readonly enrolment: number;
  readonly version: number;
}

export type JourneyEntered = DomainEvent<
  'marketing.JourneyEntered',
  EnrolmentRef & {
    /** What enrolled the customer: `event:<eventId>`, `birthday:<year>`, `inactive:<instant>`. */
    readonly entryKey: string;
    readonly firstStepId: string;
    readonly enteredAt: string;
  }
>;
type StepEvent<T extends string, D> = DomainEvent<
  T,
  EnrolmentRef & { readonly stepId: string; readonly nextStepId: string | null } & D
>;
export type JourneyMessageSent = StepEvent<
  'marketing.JourneyMessageSent',
  {
    readonly templateId: string;
    readonly messageId: string;
    /** Absent: e-mail. */
    readonly channel?: MarketingChannel;
    readonly sentAt: string;
  }
>;
export type JourneyMessageSkipped = StepEvent<
  'marketing.JourneyMessageSkipped',
  { readonly reason: SkipReason; readonly detail: string; readonly skippedAt: string }
>;
export type JourneyWaitStarted = DomainEvent<
  'marketing.JourneyWaitStarted',
  EnrolmentRef & {
    readonly stepId: string;
    readonly until: string;
    /** A send step held by the tenant's quiet hours or cap (ADR 0385); absent: a wait step or the customer's quiet hours. */
    readonly reason?: DeferralReason;
    readonly startedAt: string;
  }
>;
export type JourneyWaitEnded = StepEvent<
  'marketing.JourneyWaitEnded',
  { readonly endedAt: string }
>;
export type JourneyBranchTaken = StepEvent<
  'marketing.JourneyBranchTaken',
  { readonly conditionHeld: boolean; readonly takenAt: string }
>;
export type JourneyExited = DomainEvent<
  'marketing.JourneyExited',
  EnrolmentRef & {
    /** completed: ran out of steps; goal: an exit step or an exitOn event. */
    readonly reason: 'completed' | 'goal';
    readonly detail: string;
    readonly exitedAt: string;
  }
>;

/** A marketer paused the journey: its sends hold (each a wait, JOURNEY_PAUSED) until it resumes. */
export type JourneyPaused = DomainEvent<
  'marketing.JourneyPaused',
  { readonly journeyId: string; readonly pausedAt: string }
>;
export type JourneyResumed = DomainEvent<
  'marketing.JourneyResumed',
  { readonly journeyId: string; readonly resumedAt: string }
>;
export type JourneyCatalogueEvent = JourneyPublished | JourneyPaused | JourneyResumed;
export type JourneyStepEvent =
  JourneyMessageSent | JourneyMessageSkipped | JourneyWaitEnded | JourneyBranchTaken;
export type JourneyParticipationEvent =
  JourneyEntered | JourneyStepEvent | JourneyWaitStarted | JourneyExited;
