// The Loyalty service's background work, wired into its module: the points reactor (customers and
// sales events), the expiry scheduler (lots → timers), the tier review and churn schedulers and the timer worker. Built after the store,
// started after boot unless switched off by configuration, stopped before the pool closes, and
// reported on GET /health.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema, type ReactorStatus } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { LoyaltyApplication } from './application/loyalty.application';
import type { LoyaltyConfig } from './config/loyalty.config';
import {
  LOYALTY_EVENT_STORE,
  LOYALTY_LOGGER,
  LOYALTY_PG_POOL,
  LOYALTY_RUNTIME,
} from './loyalty.tokens';
import { expirySchedulerReactor } from './reactors/expiry-scheduler.reactor';
import { pointsReactor } from './reactors/points.reactor';
import { tierReviewSchedulerReactor } from './reactors/tier-review-scheduler.reactor';
import { churnSchedulerReactor } from './reactors/churn-scheduler.reactor';
import { churnSignalsReactor } from './reactors/churn-signals.reactor';
import {
  LOYALTY_TIMERS_ACTOR,
  LOYALTY_TIMER_OWNER,
  fireLoyaltyTimer,
} from './timers/loyalty-timers';

export class LoyaltyWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly reactors: readonly Reactor[],
    readonly timers: TimerWorker,
    private readonly config: Pick<LoyaltyConfig, 'reactors' | 'timers'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.reactors) for (const reactor of this.reactors) await reactor.start();
    if (this.config.timers) this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.reactors.map((reactor) => reactor.stop()), this.timers.stop()]);
  }

  /** For /health: one entry per reactor; a failing status query is reported, not thrown. */
  async status(): Promise<(ReactorStatus | { name: string; error: string })[]> {
    return Promise.all(
      this.reactors.map((reactor) =>
        reactor.status().catch((error: unknown) => ({
          name: reactor.name,
          error: error instanceof Error ? error.message : String(error),
        })),
      ),
    );
  }
}

export function loyaltyWorkerProviders(config: LoyaltyConfig): Provider[] {
  return [
    {
      provide: LoyaltyWorkers,
      inject: [
        LOYALTY_EVENT_STORE,
        LOYALTY_PG_POOL,
        LoyaltyApplication,
        LOYALTY_RUNTIME,
        LOYALTY_LOGGER,
      ],
      useFactory: async (
        store: EventStore,
        pool: Pool,
        app: LoyaltyApplication,
        runtime: RuntimeDependencies,
        logger: Logger,
      ): Promise<LoyaltyWorkers> => {
        await migrateReactorsSchema(pool);
        await migrateTimersSchema(pool);
        const deps = {
          store,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
        };
        const scheduler = new TimerScheduler(pool, LOYALTY_TIMER_OWNER, runtime);
        const worker = new TimerWorker({
          pool,
          owner: LOYALTY_TIMER_OWNER,
          actorName: LOYALTY_TIMERS_ACTOR,
          clock: runtime,
          logger,
          fire: (firing) => fireLoyaltyTimer(app, firing),
        });
        return new LoyaltyWorkers(
          [
            new Reactor(pointsReactor(app, scheduler), deps),
            new Reactor(expirySchedulerReactor(scheduler, runtime), deps),
            new Reactor(tierReviewSchedulerReactor(scheduler), deps),
            new Reactor(churnSchedulerReactor(scheduler, app), deps),
            new Reactor(churnSignalsReactor(app, store), deps),
          ],
          worker,
          config,
        );
      },
    },
  ];
}
