// Runs journeys: enrols customers (the participation decides the re-entry policy), then advances an
// enrolment step by step on the version it entered: a send mails through JourneyDelivery, a wait
// records its end time and leaves a durable timer (@crm/timers) to come back, a branch evaluates its
// segment rule on the profile now, an exit ends it with its goal. Every step is recorded once by the
// participation decider; a PostgreSQL advisory lock per participation keeps two runners (a
// redelivered trigger and a timer, two replicas) from running the same step at once (ADR 0196).
import { Role, systemCaller } from '@crm/access-policy';
import {
  activeEnrolment,
  birthdayEntryKey,
  customerTouchesDecider,
  customerTouchesStreamId,
  ENGAGEMENT_LEVELS,
  type Engagement,
  birthdaySuffixesAround,
  currentVersion,
  evaluateSegment,
  factsReadBy,
  rfmCurrenciesReadBy,
  isTimeZone,
  journeyCatalogueDecider,
  journeyCatalogueStreamId,
  journeyParticipationDecider,
  journeyParticipationStreamId,
  journeyVersion,
  versionAt,
  stepAfter,
  JOURNEY_LIMITS,
  type Journey,
  type JourneyCatalogueState,
  type JourneyParticipationCommand,
  type ParticipationState,
  type StepOutcome,
  type DeferralReason,
} from '@crm/marketing-domain';
import type { CustomerAudience, JourneyProfiles } from '@crm/marketing-read-models';
import type { TimerScheduler } from '@crm/timers';
import type { Pool } from 'pg';
import type { MarketingApplication, RequestMeta } from '../application/marketing.application';
import type { JourneyDelivery } from './journey-delivery';

export const JOURNEY_TIMER_OWNER = 'marketing-journeys';
export const JOURNEY_TIMERS_ACTOR = 'marketing.journey-timers';
/** The birthday sweep runs every quarter hour (UTC), so every zone's 09:00 is met within 15 minutes. */
export const BIRTHDAY_SWEEP_CRON = '*/15 * * * *';

export const journeyTimerKeys = {
  wait: (journeyId: string, customerId: string, enrolment: number, stepId: string) =>
    `journey-wait:${journeyId}:${customerId}:${enrolment}:${stepId}`,
  inactivity: (journeyId: string, customerId: string) =>
    `journey-inactive:${journeyId}:${customerId}`,
  birthdays: (journeyId: string) => `journey-birthdays:${journeyId}`,
};

/** Request metadata for a system process of the service (reactor or timer), without a request key. */
export function systemMeta(
  actorName: string,
  tenantId: string,
  correlationId: string,
): RequestMeta {
  return {
    caller: systemCaller(actorName, tenantId, [Role.MARKETER]),
    tenantId,
    correlationId,
  };
}

/** How an enrolment came about: its entry key (one enrolment per key), when, and the catalogue read. */
export interface EntryOptions {
  readonly entryKey: string;
  /** When the trigger happened (default now): the version in effect then is the one entered. */
  readonly at?: string;
  /** The tenant's catalogue the caller already read; default: read again. */
  readonly catalogue?: JourneyCatalogueState;
}

const MINUTE_MS = 60_000;
/** How often a send held by a paused journey checks again: it goes within this after a resume. */
export const PAUSED_RECHECK_MS = 5 * MINUTE_MS;

export class JourneyRunner {
  constructor(
    private readonly app: MarketingApplication,
    private readonly pool: Pool,
    private readonly profiles: JourneyProfiles,
    private readonly audience: Pick<CustomerAudience, 'facts' | 'rfmModels'>,
    private readonly delivery: JourneyDelivery,
    private readonly timers: TimerScheduler,
  ) {}

  catalogue(meta: RequestMeta): Promise<JourneyCatalogueState> {
    return this.app.load(meta, journeyCatalogueDecider, journeyCatalogueStreamId(meta.tenantId));
  }

  /**
   * Enrols the customer (if the re-entry policy allows) in the version in effect when the trigger
   * happened (`at`, default now), and runs it; a trigger older than the journey enrols nobody.
   */
  async enter(
    meta: RequestMeta,
    journey: Journey,
    customerId: string,
    entry: EntryOptions,
  ): Promise<void> {
    const { entryKey, at = this.app.now(), catalogue } = entry;
    const pinned = versionAt(journey, at);
    if (!pinned) return;
    const { version, definition } = pinned;
    await this.participation(meta, journey.journeyId, customerId, {
      type: 'EnterJourney',
      data: {
        journeyId: journey.journeyId,
        customerId,
        version,
        firstStepId: definition.steps[0]!.id,
        reEntry: definition.reEntry,
        entryKey,
        now: this.app.now(),
      },
    });
    await this.advance(meta, journey.journeyId, customerId, catalogue);
  }

  /** Ends the customer's running enrolment when its version exits on this event. */
  async exitOn(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
    eventType: string,
    catalogue?: JourneyCatalogueState,
  ): Promise<void> {
    await this.locked(meta, journeyId, customerId, async () => {
      const enrolment = activeEnrolment(await this.loadParticipation(meta, journeyId, customerId));
      if (!enrolment) return;
      const { definition } = journeyVersion(
        await this.knowing(meta, catalogue, journeyId, enrolment.version),
        journeyId,
        enrolment.version,
      );
      if (!(definition.exitOn as readonly string[]).includes(eventType)) return;
      await this.participation(meta, journeyId, customerId, {
        type: 'ExitJourney',
        data: {
          journeyId,
          customerId,
          enrolment: enrolment.enrolment,
          reason: 'goal',
          detail: eventType,
          now: this.app.now(),
        },
      });
    });
  }

  /**
   * Runs the customer's enrolment until it waits or ends; a repeat finds its steps done. The
   * tenant's catalogue is read once per run (or the caller's is used): a publication, pause or
   * resume during the run applies from the next run, as it would had it landed a moment later.
   */
  advance(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
    catalogue?: JourneyCatalogueState,
  ): Promise<void> {
    return this.locked(meta, journeyId, customerId, async () => {
      const journeys = catalogue ?? (await this.catalogue(meta));
      for (let i = 0; i <= JOURNEY_LIMITS.steps; i += 1)
        if (!(await this.step(meta, journeys, journeyId, customerId))) return;
    });
  }

  /** Enrols every customer whose birthday it is at the journey's local time now. */
  async birthdaySweep(meta: RequestMeta, journeyId: string): Promise<void> {
    const catalogue = await this.catalogue(meta);
    const journey = catalogue.journeys.get(journeyId);
    const trigger = journey && currentVersion(journey).definition.trigger;
    if (!journey || trigger?.kind !== 'birthday') return;
    const now = new Date(this.app.now());
    for (const profile of await this.profiles.withBirthdayOn(
      meta.tenantId,
      birthdaySuffixesAround(now),
    )) {
      const zone = profile.customFields?.['timeZone'];
      const key = birthdayEntryKey(
        profile.demographics?.birthday ?? '',
        now,
        isTimeZone(zone) ? zone : trigger.timeZone,
        trigger.localTime,
      );
      if (key) await this.enter(meta, journey, profile._id, { entryKey: key, catalogue });
    }
  }

  /** One step of the running enrolment; false when there is nothing more to do now. */
  private async step(
    meta: RequestMeta,
    journeys: JourneyCatalogueState,
    journeyId: string,
    customerId: string,
  ): Promise<boolean> {
    const enrolment = activeEnrolment(await this.loadParticipation(meta, journeyId, customerId));
    if (!enrolment) return false;
    const ref = { journeyId, customerId, enrolment: enrolment.enrolment };
    const now = this.app.now();
    if (enrolment.currentStepId === null) {
      await this.participation(meta, journeyId, customerId, {
        type: 'ExitJourney',
        data: { ...ref, reason: 'completed', detail: 'no step left', now },
      });
      return false;
    }
    const catalogue = await this.knowing(meta, journeys, journeyId, enrolment.version);
    const journey = catalogue.journeys.get(journeyId)!;
    const { definition } = journeyVersion(catalogue, journeyId, enrolment.version);
    const step = definition.steps.find((s) => s.id === enrolment.currentStepId)!;
    const record = (outcome: StepOutcome, nextStepId = stepAfter(definition, step.id)) =>
      this.participation(meta, journeyId, customerId, {
        type: 'RecordJourneyStep',
        data: { ...ref, stepId: step.id, nextStepId, outcome, now },
      });
    switch (step.kind) {
      case 'send': {
        // A paused journey holds the send: a wait (JOURNEY_PAUSED) checked again until it resumes.
        if (journey.pausedAt !== null)
          return this.waitUntil(
            meta,
            ref,
            step.id,
            new Date(Date.parse(now) + PAUSED_RECHECK_MS).toISOString(),
            enrolment.waitingUntil,
            now,
            'JOURNEY_PAUSED',
          );
        // Quiet hours hold the send (a wait on the send step, ended by its timer).
        const quietUntil =
          enrolment.waitingUntil ?? (await this.delivery.quietUntil(meta, customerId, now));
        if (quietUntil !== null && Date.parse(quietUntil) > Date.parse(now))
          return this.waitUntil(meta, ref, step.id, quietUntil, enrolment.waitingUntil, now);
        const outcome = await this.delivery.deliver(meta, journey, customerId, enrolment, step);
        // The tenant's quiet hours or cap hold the send: a recorded wait with its reason, then again.
        if (outcome.kind === 'deferred')
          return this.waitUntil(meta, ref, step.id, outcome.until, null, now, outcome.reason);
        await record(outcome);
        return true;
      }
      case 'wait': {
        const until =
          enrolment.waitingUntil ??
          new Date(Date.parse(now) + step.minutes * MINUTE_MS).toISOString();
        if (Date.parse(until) <= Date.parse(now)) {
          await record({ kind: 'waitEnded' });
          return true;
        }
        return this.waitUntil(meta, ref, step.id, until, enrolment.waitingUntil, now);
      }
      case 'branch': {
        if ('engagement' in step) {
          const held = await this.engagedSince(
            meta,
            journeyId,
            customerId,
            enrolment.enteredAt,
            step.engagement,
          );
          await record({ kind: 'branch', conditionHeld: held }, held ? step.then : step.else);
          return true;
        }
        const profile = await this.profiles.profile(meta.tenantId, customerId);
        // A condition may read joined facts and RFM scores, as segments do (ADR 0192, 0194).
        const [facts, rfm] = await Promise.all([
          this.audience.facts(meta.tenantId, factsReadBy(step.condition)),
          this.audience.rfmModels(meta.tenantId, rfmCurrenciesReadBy(step.condition)),
        ]);
        const joined = facts.get(customerId);
        const held =
          profile !== null &&
          evaluateSegment(
            step.condition,
            { ...profile, ...(joined ? { facts: joined } : {}) },
            new Date(now),
            rfm,
          ).matches;
        await record({ kind: 'branch', conditionHeld: held }, held ? step.then : step.else);
        return true;
      }
      case 'exit':
        await this.participation(meta, journeyId, customerId, {
          type: 'ExitJourney',
          data: { ...ref, reason: 'goal', detail: step.goal, now },
        });
        return false;
      default: {
        const unknown: never = step;
        throw new Error(`Unknown journey step ${JSON.stringify(unknown)}`);
      }
    }
  }

  /**
   * Whether the customer opened (or clicked: a click implies the mail was opened) or clicked a mail
   * of this journey since `since`, as tracking recorded it on their touches.
   */
  private async engagedSince(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
    since: string,
    atLeast: Engagement,
  ): Promise<boolean> {
    const touches = await this.app.load(
      meta,
      customerTouchesDecider,
      customerTouchesStreamId(customerId),
    );
    const level = (e: Engagement) => ENGAGEMENT_LEVELS.indexOf(e);
    return touches.engagements.some(
      (e) =>
        e.sourceKind === 'journey' &&
        e.sourceId === journeyId &&
        Date.parse(e.engagedAt) >= Date.parse(since) &&
        level(e.engagement) >= level(atLeast),
    );
  }

  /** Starts the step's wait (unless started) and keeps its timer; the enrolment pauses. */
  private async waitUntil(
    meta: RequestMeta,
    ref: { readonly journeyId: string; readonly customerId: string; readonly enrolment: number },
    stepId: string,
    until: string,
    waitingUntil: string | null,
    now: string,
    reason?: DeferralReason,
  ): Promise<false> {
    const { journeyId, customerId, enrolment } = ref;
    if (waitingUntil === null)
      await this.participation(meta, journeyId, customerId, {
        type: 'StartJourneyWait',
        data: { ...ref, stepId, until, ...(reason ? { reason } : {}), now },
      });
    // Scheduling again is harmless (same key, same instant) and repairs a crash before it.
    await this.timers.schedule({
      tenantId: meta.tenantId,
      key: journeyTimerKeys.wait(journeyId, customerId, enrolment, stepId),
      command: { type: 'AdvanceJourney', data: { journeyId, customerId } },
      schedule: { at: until },
    });
    return false;
  }

  /**
   * The catalogue the caller read, unless it predates the enrolment's version (published, and
   * entered by a timer or another replica, since it was read): then the current one.
   */
  private async knowing(
    meta: RequestMeta,
    catalogue: JourneyCatalogueState | undefined,
    journeyId: string,
    version: number,
  ): Promise<JourneyCatalogueState> {
    const known = catalogue?.journeys.get(journeyId)?.versions.some((v) => v.version === version);
    return catalogue && known ? catalogue : this.catalogue(meta);
  }

  private loadParticipation(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
  ): Promise<ParticipationState> {
    return this.app.load(
      meta,
      journeyParticipationDecider,
      journeyParticipationStreamId(journeyId, customerId),
    );
  }

  private participation(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
    command: JourneyParticipationCommand,
  ) {
    const streamId = journeyParticipationStreamId(journeyId, customerId);
    return this.app.run(
      meta,
      journeyParticipationDecider,
      streamId,
      command,
      `${journeyId}:${customerId}`,
    );
  }

  /** One runner at a time per participation, across replicas (a session advisory lock). */
  private async locked(
    meta: RequestMeta,
    journeyId: string,
    customerId: string,
    work: () => Promise<void>,
  ): Promise<void> {
    const key = `${meta.tenantId}|${journeyParticipationStreamId(journeyId, customerId)}`;
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
      try {
        await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
      }
    } finally {
      client.release();
    }
  }
}
