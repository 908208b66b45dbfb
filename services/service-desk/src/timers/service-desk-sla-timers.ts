// Wiring of the SLA timers: the scheduler reactor and the timer worker, started after boot when
// CRM_SERVICE_DESK_SLA_TIMERS=on (the default) and stopped before the pool closes.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { Reactor } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import {
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ServiceDeskApplication } from '../application/service-desk.application';
import { ownEventsReactor } from '../infrastructure/service-desk-reactor';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import {
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
} from '../service-desk.tokens';
import { SLA_TIMER, SLA_TIMER_OWNER, fireSlaCheck, slaScheduler } from './sla-timers';

export class ServiceDeskSlaTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    private readonly config: ServiceDeskConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.slaTimers) return;
    await this.scheduler.start();
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.scheduler.stop();
  }
}

export function serviceDeskSlaTimerProviders(config: ServiceDeskConfig): Provider[] {
  return [
    {
      provide: ServiceDeskSlaTimers,
      inject: [
        SERVICE_DESK_RAW_STORE,
        SERVICE_DESK_PG_POOL,
        ServiceDeskApplication,
        SERVICE_DESK_RUNTIME,
        SERVICE_DESK_LOGGER,
      ],
      useFactory: async (
        rawStore: EventStore,
        pool: Pool,
        app: ServiceDeskApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateTimersSchema(pool);
        const timers = new TimerScheduler(pool, SLA_TIMER_OWNER, runtime);
        const scheduler = await ownEventsReactor(slaScheduler(app, timers), {
          rawStore,
          pool,
          runtime,
          logger,
        });
        const worker = new TimerWorker({
          pool,
          owner: SLA_TIMER_OWNER,
          actorName: SLA_TIMER,
          clock: runtime,
          fire: fireSlaCheck(app),
          logger,
        });
        return new ServiceDeskSlaTimers(scheduler, timers, worker, config);
      },
    },
  ];
}
