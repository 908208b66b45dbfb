// Wiring of care reminders: the care scheduler reactor and its timer worker (owner
// `service-desk-care`), run when CRM_SERVICE_DESK_CARE=on (the default).
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { Reactor } from '@crm/reactors';
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { customerFactsStore } from '../customers/customer-personal-data';
import {
  BirthdayReminders,
  CARE_TIMER,
  CARE_TIMER_OWNER,
  CareTasks,
  careScheduler,
  fireCareTask,
} from './care-reminders';

export class ServiceDeskCare extends BackgroundWork {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    enabled: boolean,
  ) {
    super([scheduler], [worker], enabled);
  }
}

export function serviceDeskCareProviders(config: ServiceDeskConfig): Provider[] {
  return [
    backgroundWorkProvider(ServiceDeskCare, async (deps) => {
      await migrateTimersSchema(deps.pool);
      const tasks = new CareTasks(deps.store, deps.runtime, config.maxCommandRetries);
      const timers = new TimerScheduler(deps.pool, CARE_TIMER_OWNER, deps.runtime);
      const birthdays = new BirthdayReminders(
        customerFactsStore(deps.rawStore, deps.pool, config.masterKeys),
        timers,
        config.care.timeZone,
      );
      const scheduler = await deps.reactor(
        careScheduler(tasks, deps.tickets, timers, config.care, deps.runtime, birthdays),
      );
      const worker = new TimerWorker({
        pool: deps.pool,
        owner: CARE_TIMER_OWNER,
        actorName: CARE_TIMER,
        clock: deps.runtime,
        fire: fireCareTask(tasks),
        logger: deps.logger,
      });
      return new ServiceDeskCare(scheduler, timers, worker, config.care.enabled);
    }),
  ];
}
