// The automatic NPS cadence: each customer asked once is asked again `cadenceDays` after their
// last survey or answer, never sooner (ADR 0319).
//   service-desk.NpsSurveySent, service-desk.NpsAnswered → the customer's timer `nps:<customerId>`
//     (re)scheduled at that instant + the cadence (the later of the two wins: log order)
//   customers.PersonalDataErased → the erased customers' timers cancelled
//   the timer fires → SendNpsSurvey to the address of the last survey, as the system identity
//     `service-desk.nps-timer`, unless the customer withdrew e-mail consent (then nothing is written
//     and no timer follows: a survey sent by hand restarts the cadence); the decider's cadence check
//     still holds, so a timer firing twice or early writes nothing more.
import type { EventStore } from '@crm/event-sourcing';
import type { ReactorDefinition } from '@crm/reactors';
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import { timerMeta } from '../timers/sla-timers';
import type { NpsSurveys } from './nps-surveys';

export const NPS_SCHEDULER = 'service-desk.nps-scheduler';
export const NPS_TIMER = 'service-desk.nps-timer';
export const NPS_TIMER_OWNER = 'service-desk-nps';
const DAY_MS = 86_400_000;

const npsTimerKey = (customerId: string) => `nps:${customerId}`;

export function npsScheduler(timers: TimerScheduler, cadenceDays: number): ReactorDefinition {
  return {
    name: NPS_SCHEDULER,
    eventTypes: [
      'service-desk.NpsSurveySent',
      'service-desk.NpsAnswered',
      'customers.PersonalDataErased',
    ],
    async react(event, reaction) {
      const data = event.data as { customerId: string; at?: string; erasedCustomerIds?: string[] };
      if (event.type === 'customers.PersonalDataErased') {
        for (const customerId of [data.customerId, ...(data.erasedCustomerIds ?? [])])
          await timers.cancel(reaction.tenantId, npsTimerKey(customerId));
        return;
      }
      const last = Date.parse(data.at ?? event.occurredAt);
      await timers.schedule({
        tenantId: reaction.tenantId,
        key: npsTimerKey(data.customerId),
        command: { type: 'SendScheduledNpsSurvey', data: { customerId: data.customerId } },
        schedule: { at: new Date(last + cadenceDays * DAY_MS) },
      });
    },
  };
}

/** The customer's e-mail consent as their last grant or withdrawal on that channel says. */
async function emailConsentWithdrawn(
  customers: EventStore,
  tenantId: string,
  customerId: string,
): Promise<boolean> {
  const { events } = await customers.readStream(`customers.Customer-${customerId}`, { tenantId });
  const last = events
    .filter(
      (e) =>
        (e.type === 'customers.ConsentGranted' || e.type === 'customers.ConsentWithdrawn') &&
        (e.data as { channel?: string }).channel === 'email',
    )
    .at(-1);
  return last?.type === 'customers.ConsentWithdrawn';
}

/** What the timer worker runs when a customer's next survey is due. `customers` is the raw store. */
export function fireNpsSurvey(
  surveys: NpsSurveys,
  customers: EventStore,
): (firing: TimerFiring) => Promise<void> {
  return async (firing) => {
    const { customerId } = firing.command.data as { customerId: string };
    if (await emailConsentWithdrawn(customers, firing.tenantId, customerId)) return;
    await surveys.sendScheduled(timerMeta(firing), customerId);
  };
}
