// Wiring of the sales timers and reactors on the service's own events: the timer scheduler and
// worker (CRM_SALES_TIMERS=on, the default) and the lead scorer (CRM_SALES_LEAD_SCORER=on, the
// default), and the release of closed leads from their reps' loads (always on, ADR 0443), on the raw store, checkpointed in the service's database, started after boot and
// stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { SalesApplication } from '../application/sales.application';
import type { SalesConfig } from '../config/sales.config';
import {
  SALES_CONFIG,
  SALES_LOGGER,
  SALES_PG_POOL,
  SALES_RAW_STORE,
  SALES_RUNTIME,
} from '../sales.tokens';
import { leadLoadRelease } from './lead-load-release.reactor';
import { leadScorer } from './lead-scorer.reactor';
import {
  SALES_TIMER,
  SALES_TIMER_OWNER,
  fireSalesTimer,
  salesTimerScheduler,
} from './sales-timers';

export class SalesTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerScheduler,
    readonly worker: TimerWorker,
    private readonly enabled: boolean,
    /** Scores leads on capture and engagement (CRM_SALES_LEAD_SCORER). */
    readonly scorer: Reactor,
    private readonly scoring: boolean,
    /** Takes closed leads off their reps' loads. */
    readonly loadRelease: Reactor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.loadRelease.start();
    if (this.scoring) await this.scorer.start();
    if (!this.enabled) return;
    await this.scheduler.start();
    this.worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
    await this.scheduler.stop();
    await this.scorer.stop();
    await this.loadRelease.stop();
  }
}

export function salesTimerProviders(): Provider[] {
  return [
    {
      provide: SalesTimers,
      inject: [
        SALES_CONFIG,
        SALES_RAW_STORE,
        SALES_PG_POOL,
        SalesApplication,
        SALES_RUNTIME,
        SALES_LOGGER,
      ],
      useFactory: async (
        config: SalesConfig,
        rawStore: EventStore,
        pool: Pool,
        app: SalesApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        await migrateTimersSchema(pool);
        await migrateReactorsSchema(pool);
        const timers = new TimerScheduler(pool, SALES_TIMER_OWNER, runtime);
        const ownEvents = {
          store: rawStore,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
          pollIntervalMs: 200,
        };
        const scheduler = new Reactor(salesTimerScheduler(timers), ownEvents);
        const scorer = new Reactor(leadScorer(app), ownEvents);
        const worker = new TimerWorker({
          pool,
          owner: SALES_TIMER_OWNER,
          actorName: SALES_TIMER,
          clock: runtime,
          fire: fireSalesTimer(app),
          logger,
        });
        return new SalesTimers(
          scheduler,
          timers,
          worker,
          config.timers,
          scorer,
          config.leadScorer,
          new Reactor(leadLoadRelease(app), ownEvents),
        );
      },
    },
  ];
}
