// The journeys of one tenant, in one stream: publishing a journey adds its next version (1 for a new
// one). Enrolments keep the version they entered, so a revision changes only who enters after it.
// Journeys are few per tenant and rarely written, so one stream keeps lookups by trigger cheap.
import type { Decider } from '@crm/event-sourcing';
import { MarketingDomainError } from '../errors';
import {
  journeyDefinitionToJson,
  parseJourneyDefinition,
  type JourneyDefinition,
} from './journey-definition';
import type { JourneyCatalogueEvent } from './journey.events';

export const JOURNEY_CATALOGUE_CATEGORY = 'marketing.Journeys';
export const JOURNEY_PARTICIPATION_CATEGORY = 'marketing.JourneyParticipation';
export const journeyCatalogueStreamId = (tenantId: string): string =>
  `${JOURNEY_CATALOGUE_CATEGORY}-${tenantId}`;
export const journeyParticipationStreamId = (journeyId: string, customerId: string): string =>
  `${JOURNEY_PARTICIPATION_CATEGORY}-${journeyId}:${customerId}`;

export class JourneyNotFoundError extends MarketingDomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly journeyId: string,
    readonly version?: number,
  ) {
    super(`No journey ${journeyId}${version === undefined ? '' : ` version ${version}`}`);
  }
}

export interface JourneyVersion {
  readonly version: number;
  readonly definition: JourneyDefinition;
  readonly publishedAt: string;
}

export interface Journey {
  readonly journeyId: string;
  readonly name: string;
  /** Oldest first; the last one is the one new enrolments enter. */
  readonly versions: readonly JourneyVersion[];
  /** When a marketer paused it (its sends hold until it resumes); null while it runs. */
  readonly pausedAt: string | null;
}

export interface JourneyCatalogueState {
  readonly journeys: ReadonlyMap<string, Journey>;
}

export type PublishJourney = {
  readonly type: 'PublishJourney';
  readonly data: {
    readonly journeyId: string;
    readonly name: string;
    readonly definition: JourneyDefinition;
    readonly now: string;
  };
};
/** Pauses (sends hold, enrolments keep their place) or resumes a journey. */
export type PauseOrResumeJourney = {
  readonly type: 'PauseJourney' | 'ResumeJourney';
  readonly data: { readonly journeyId: string; readonly now: string };
};
export type JourneyCatalogueCommand = PublishJourney | PauseOrResumeJourney;

export const initialJourneyCatalogueState: JourneyCatalogueState = { journeys: new Map() };

/** The version a new enrolment enters. */
export function currentVersion(journey: Journey): JourneyVersion {
  return journey.versions[journey.versions.length - 1]!;
}

/** The version in effect at an instant (the last published by then); none before the first. */
export function versionAt(journey: Journey, instant: string): JourneyVersion | undefined {
  return journey.versions.filter((v) => v.publishedAt <= instant).at(-1);
}

export function journeyVersion(
  state: JourneyCatalogueState,
  journeyId: string,
  version: number,
): JourneyVersion {
  const found = state.journeys.get(journeyId)?.versions.find((v) => v.version === version);
  if (!found) throw new JourneyNotFoundError(journeyId, version);
  return found;
}

/** Pausing a paused journey or resuming a running one records nothing. */
function pauseOrResume(
  command: PauseOrResumeJourney,
  state: JourneyCatalogueState,
): JourneyCatalogueEvent[] {
  const { journeyId, now } = command.data;
  const journey = state.journeys.get(journeyId);
  if (!journey) throw new JourneyNotFoundError(journeyId);
  if (command.type === 'PauseJourney')
    return journey.pausedAt === null
      ? [{ type: 'marketing.JourneyPaused', data: { journeyId, pausedAt: now } }]
      : [];
  return journey.pausedAt === null
    ? []
    : [{ type: 'marketing.JourneyResumed', data: { journeyId, resumedAt: now } }];
}

const sameDefinition = (a: JourneyDefinition, b: JourneyDefinition) =>
  JSON.stringify(journeyDefinitionToJson(a)) === JSON.stringify(journeyDefinitionToJson(b));

export const journeyCatalogueDecider: Decider<
  JourneyCatalogueState,
  JourneyCatalogueCommand,
  JourneyCatalogueEvent
> = {
  decide(command, state) {
    if (command.type !== 'PublishJourney') return pauseOrResume(command, state);
    const { journeyId, name, definition, now } = command.data;
    const journey = state.journeys.get(journeyId);
    // Publishing the same definition again (a retry, a demo seed run twice) makes no new version.
    if (
      journey &&
      journey.name === name &&
      sameDefinition(currentVersion(journey).definition, definition)
    )
      return [];
    return [
      {
        type: 'marketing.JourneyPublished',
        data: {
          journeyId,
          name,
          version: (journey?.versions.length ?? 0) + 1,
          definition: journeyDefinitionToJson(definition),
          publishedAt: now,
        },
      },
    ];
  },
  evolve(state, event) {
    if (event.type !== 'marketing.JourneyPublished') {
      const journey = state.journeys.get(event.data.journeyId);
      if (!journey) return state;
      const pausedAt = event.type === 'marketing.JourneyPaused' ? event.data.pausedAt : null;
      return { journeys: new Map(state.journeys).set(journey.journeyId, { ...journey, pausedAt }) };
    }
    const { journeyId, name, version, definition, publishedAt } = event.data;
    const before = state.journeys.get(journeyId);
    const journeys = new Map(state.journeys);
    journeys.set(journeyId, {
      journeyId,
      name,
      // A new version keeps the journey paused or running as it was.
      pausedAt: before?.pausedAt ?? null,
      versions: [
        ...(before?.versions ?? []),
        { version, definition: parseJourneyDefinition(definition), publishedAt },
      ],
    });
    return { journeys };
  },
  initialState: initialJourneyCatalogueState,
};
