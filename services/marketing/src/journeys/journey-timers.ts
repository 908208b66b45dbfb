// The journeys' durable timers fire here (owner `marketing-journeys`, actor
// `marketing.journey-timers`): a wait that ended advances its enrolment, an inactivity timer enrols
// the customer (entry key from the due instant: one enrolment per quiet spell), a birthday sweep
// enrols today's birthdays.
import { currentVersion } from '@crm/marketing-domain';
import type { TimerFiring } from '@crm/timers';
import { systemMeta, type JourneyRunner } from './journey-runner';

export async function fireJourneyTimer(runner: JourneyRunner, firing: TimerFiring): Promise<void> {
  const meta = systemMeta(firing.actor.name, firing.tenantId, firing.timerId);
  const { journeyId, customerId } = firing.command.data as {
    journeyId: string;
    customerId?: string;
  };
  switch (firing.command.type) {
    case 'AdvanceJourney':
      return runner.advance(meta, journeyId, customerId!);
    case 'JourneyInactivity': {
      const catalogue = await runner.catalogue(meta);
      const journey = catalogue.journeys.get(journeyId);
      if (journey && currentVersion(journey).definition.trigger.kind === 'inactivity')
        await runner.enter(meta, journey, customerId!, {
          entryKey: `inactive:${firing.dueAt.toISOString()}`,
          catalogue,
        });
      return;
    }
    case 'JourneyBirthdaySweep':
      return runner.birthdaySweep(meta, journeyId);
    default:
      throw new Error(`unknown journey timer command ${firing.command.type}`);
  }
}
