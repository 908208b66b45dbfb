// Wiring of the automatic NPS cadence: the scheduler reactor and its timer worker (owner
// `service-desk-nps`), run when CRM_SERVICE_DESK_NPS_SCHEDULE=on (the default).
import type { Reactor } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { NPS_TIMER, NPS_TIMER_OWNER, fireNpsSurvey, npsScheduler } from './nps-schedule';
import { NpsSurveys } from './nps-surveys';

export class ServiceDeskNpsSchedule extends BackgroundWork {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    enabled: boolean,
  ) {
    super([scheduler], [worker], enabled);
  }
}

export function serviceDeskNpsScheduleProviders(config: ServiceDeskConfig): Provider[] {
  const { npsCadenceDays, npsSchedule } = config.survey;
  return [
    backgroundWorkProvider(ServiceDeskNpsSchedule, async (deps) => {
      await migrateTimersSchema(deps.pool);
      const surveys = new NpsSurveys(
        deps.store,
        deps.runtime,
        deps.links,
        npsCadenceDays,
        config.maxCommandRetries,
      );
      const timers = new TimerScheduler(deps.pool, NPS_TIMER_OWNER, deps.runtime);
      const worker = new TimerWorker({
        pool: deps.pool,
        owner: NPS_TIMER_OWNER,
        actorName: NPS_TIMER,
        clock: deps.runtime,
        fire: fireNpsSurvey(surveys, deps.rawStore),
        logger: deps.logger,
      });
      const scheduler = await deps.reactor(npsScheduler(timers, npsCadenceDays));
      return new ServiceDeskNpsSchedule(scheduler, timers, worker, npsSchedule);
    }),
  ];
}
