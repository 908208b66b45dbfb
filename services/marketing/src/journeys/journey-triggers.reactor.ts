// What starts and ends journeys, read from the store's log by one reactor: another context's public
// event, or the customer entering a segment, enrols the customer in every journey it triggers (entry
// key `event:<eventId>`, so a redelivery or replay enrols nobody twice) and ends the running enrolments whose version exits on
// it; an order or a registration moves each inactivity journey's timer for that customer; a
// published birthday journey gets its quarter-hourly sweep timer. Timers fire in journey-timers.ts.
// Events run in lanes per customer (ADR 0450): a customer's events keep the log's order, different
// customers' sends overlap their store, wire-server and SMTP round trips.
import type { OrderPlacedV1 } from '@crm/contracts/sales';
import {
  JOURNEY_TRIGGER_EVENTS,
  versionAt,
  type JourneyPublished,
  type SegmentMembershipChanged,
} from '@crm/marketing-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { TimerScheduler } from '@crm/timers';
import {
  BIRTHDAY_SWEEP_CRON,
  journeyTimerKeys,
  systemMeta,
  type JourneyRunner,
} from './journey-runner';

export const JOURNEY_TRIGGERS_REACTOR = 'marketing.journey-triggers';

const DAY_MS = 86_400_000;
/** Events after which a customer counts as active (an inactivity timer starts again). */
const ACTIVITY_EVENTS: readonly string[] = ['customers.CustomerRegistered', 'sales.OrderPlaced'];

/** The customer an event is about: loyalty members are customers (`loyalty.Member-<customerId>`). */
function customerOf(data: unknown): string {
  const { customerId, memberId } = data as { customerId?: string; memberId?: string };
  const id = customerId ?? memberId;
  if (!id) throw new Error('the event names no customer');
  return id;
}

/**
 * Lanes the trigger reactor runs at once. Each holds a pooled connection for its participation lock
 * and needs another for its appends, beside the journey timers' lanes (journey-workers.ts): lanes × 2
 * for both must stay well inside the service's pool (16).
 */
export const JOURNEY_TRIGGER_LANES = 4;

/** The lane of a trigger event: its customer's, or for a publication, the journey's own. */
export function journeyTriggerLane(event: EventEnvelope): string {
  if (event.type === 'marketing.JourneyPublished')
    return `journey:${(event.data as JourneyPublished['data']).journeyId}`;
  return `customer:${customerOf(event.data)}`;
}

export function journeyTriggersReactor(
  runner: JourneyRunner,
  timers: TimerScheduler,
): ReactorDefinition {
  return {
    name: JOURNEY_TRIGGERS_REACTOR,
    eventTypes: [
      ...JOURNEY_TRIGGER_EVENTS,
      'marketing.JourneyPublished',
      'marketing.SegmentMembershipChanged',
    ],
    lanes: { concurrency: JOURNEY_TRIGGER_LANES, keyOf: journeyTriggerLane },
    async react(event, reaction) {
      const meta = systemMeta(reaction.actor.name, reaction.tenantId, reaction.correlationId);
      if (event.type === 'marketing.JourneyPublished') {
        const { journeyId, definition } = event.data as JourneyPublished['data'];
        const key = journeyTimerKeys.birthdays(journeyId);
        const isBirthday = (definition['trigger'] as { kind?: string }).kind === 'birthday';
        if (!isBirthday) {
          await timers.cancel(event.tenantId, key);
          return;
        }
        await timers.schedule({
          tenantId: event.tenantId,
          key,
          command: { type: 'JourneyBirthdaySweep', data: { journeyId } },
          schedule: { cron: BIRTHDAY_SWEEP_CRON, timeZone: 'UTC' },
        });
        // Today's birthdays that are already due need not wait for the next quarter hour.
        await runner.birthdaySweep(meta, journeyId);
        return;
      }
      if (event.type === 'marketing.SegmentMembershipChanged') {
        const { segmentId, customerId, change } = event.data as SegmentMembershipChanged['data'];
        if (change !== 'entered') return;
        const catalogue = await runner.catalogue(meta);
        for (const journey of catalogue.journeys.values()) {
          const trigger = versionAt(journey, event.occurredAt)?.definition.trigger;
          if (trigger?.kind === 'segmentEntered' && trigger.segmentId === segmentId)
            await runner.enter(meta, journey, customerId, {
              entryKey: `event:${event.eventId}`,
              at: event.occurredAt,
              catalogue,
            });
        }
        return;
      }
      const customerId = customerOf(event.data);
      const catalogue = await runner.catalogue(meta);
      for (const journey of catalogue.journeys.values()) {
        await runner.exitOn(meta, journey.journeyId, customerId, event.type, catalogue);
        // The trigger in effect when the event happened: a journey never reacts to its past.
        const trigger = versionAt(journey, event.occurredAt)?.definition.trigger;
        if (!trigger) continue;
        if (trigger.kind === 'event' && trigger.eventType === event.type)
          await runner.enter(meta, journey, customerId, {
            entryKey: `event:${event.eventId}`,
            at: event.occurredAt,
            catalogue,
          });
        if (trigger.kind === 'inactivity' && ACTIVITY_EVENTS.includes(event.type)) {
          const since =
            event.type === 'sales.OrderPlaced'
              ? (event.data as OrderPlacedV1).placedAt
              : event.occurredAt;
          await timers.schedule({
            tenantId: event.tenantId,
            key: journeyTimerKeys.inactivity(journey.journeyId, customerId),
            command: {
              type: 'JourneyInactivity',
              data: { journeyId: journey.journeyId, customerId },
            },
            schedule: { at: new Date(Date.parse(since) + trigger.days * DAY_MS).toISOString() },
          });
        }
      }
    },
  };
}
