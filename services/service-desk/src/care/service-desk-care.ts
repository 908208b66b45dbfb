// Wiring of care reminders: the care scheduler reactor and its timer worker (owner
// `service-desk-care`), started after boot when CRM_SERVICE_DESK_CARE=on (the default) and
// stopped before the pool closes.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { Reactor } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ServiceDeskApplication } from '../application/service-desk.application';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { ownEventsReactor } from '../infrastructure/service-desk-reactor';
import {
  SERVICE_DESK_EVENT_STORE,
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
} from '../service-desk.tokens';
import {
  CARE_TIMER,
  CARE_TIMER_OWNER,
  CareTasks,
  careScheduler,
  fireCareTask,
} from './care-reminders';

export class ServiceDeskCare implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.scheduler.start();
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.scheduler.stop();
  }
}

export function serviceDeskCareProviders(config: ServiceDeskConfig): Provider[] {
  return [
    {
      provide: ServiceDeskCare,
      inject: [
        SERVICE_DESK_RAW_STORE,
        SERVICE_DESK_EVENT_STORE,
        SERVICE_DESK_PG_POOL,
        ServiceDeskApplication,
        SERVICE_DESK_RUNTIME,
        SERVICE_DESK_LOGGER,
      ],
      useFactory: async (
        rawStore: EventStore,
        store: EventStore,
        pool: Pool,
        tickets: ServiceDeskApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateTimersSchema(pool);
        const tasks = new CareTasks(store, runtime, config.maxCommandRetries);
        const timers = new TimerScheduler(pool, CARE_TIMER_OWNER, runtime);
        const scheduler = await ownEventsReactor(
          careScheduler(tasks, tickets, timers, config.care, runtime),
          { rawStore, pool, runtime, logger },
        );
        const worker = new TimerWorker({
          pool,
          owner: CARE_TIMER_OWNER,
          actorName: CARE_TIMER,
          clock: runtime,
          fire: fireCareTask(tasks),
          logger,
        });
        return new ServiceDeskCare(scheduler, timers, worker, config.care.enabled);
      },
    },
  ];
}
