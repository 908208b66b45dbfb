// Wiring of the SLA timers: the scheduler reactor and the timer worker, run when
// CRM_SERVICE_DESK_SLA_TIMERS=on (the default).
import type { Reactor } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { Provider } from '@nestjs/common';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { BackgroundWork, backgroundWorkProvider } from '../infrastructure/background-work';
import { SLA_TIMER, SLA_TIMER_OWNER, fireSlaCheck, slaScheduler } from './sla-timers';

export class ServiceDeskSlaTimers extends BackgroundWork {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    enabled: boolean,
  ) {
    super([scheduler], [worker], enabled);
  }
}

export function serviceDeskSlaTimerProviders(config: ServiceDeskConfig): Provider[] {
  return [
    backgroundWorkProvider(ServiceDeskSlaTimers, async (deps) => {
      await migrateTimersSchema(deps.pool);
      const timers = new TimerScheduler(deps.pool, SLA_TIMER_OWNER, deps.runtime);
      const scheduler = await deps.reactor(slaScheduler(deps.tickets, timers));
      const worker = new TimerWorker({
        pool: deps.pool,
        owner: SLA_TIMER_OWNER,
        actorName: SLA_TIMER,
        clock: deps.runtime,
        fire: fireSlaCheck(deps.tickets),
        logger: deps.logger,
      });
      return new ServiceDeskSlaTimers(scheduler, timers, worker, config.slaTimers);
    }),
  ];
}
