// The Marketing service's background work, wired into its module: the campaign scheduler reactor
// and the timer worker that sends scheduled campaigns, and the A/B variant evaluator reactor. Started after boot unless
// CRM_MARKETING_WORKERS=off, stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CampaignSending } from '../application/campaign-sending';
import { MarketingApplication } from '../application/marketing.application';
import { CampaignVariants } from '../variants/campaign-variants';
import { variantEvaluatorReactor } from '../variants/variant-evaluator.reactor';
import type { MarketingConfig } from '../config/marketing.config';
import {
  MARKETING_EVENT_STORE,
  MARKETING_LOGGER,
  MARKETING_PG_POOL,
  MARKETING_RUNTIME,
} from '../marketing.tokens';
import {
  MARKETING_TIMERS_ACTOR,
  MARKETING_TIMER_OWNER,
  campaignSchedulerReactor,
  fireMarketingTimer,
} from './campaign-schedule';

export class MarketingWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly scheduler: Reactor,
    readonly timers: TimerWorker,
    readonly variantEvaluator: Reactor,
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.scheduler.start();
    await this.variantEvaluator.start();
    this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.scheduler.stop(), this.variantEvaluator.stop(), this.timers.stop()]);
  }
}

export function marketingWorkerProviders(config: MarketingConfig): Provider[] {
  return [
    {
      provide: MarketingWorkers,
      inject: [
        MARKETING_EVENT_STORE,
        MARKETING_PG_POOL,
        CampaignSending,
        MARKETING_RUNTIME,
        MARKETING_LOGGER,
        MarketingApplication,
        CampaignVariants,
      ],
      useFactory: async (
        store: EventStore,
        pool: Pool,
        sending: CampaignSending,
        runtime: RuntimeDependencies,
        logger: Logger,
        app: MarketingApplication,
        variants: CampaignVariants,
      ): Promise<MarketingWorkers> => {
        await migrateReactorsSchema(pool);
        await migrateTimersSchema(pool);
        const reactorOptions = {
          store,
          pool,
          contracts: new ContractValidator(platformContracts()),
          clock: runtime,
          logger,
          pollIntervalMs: 200,
        };
        const reactor = new Reactor(
          campaignSchedulerReactor(new TimerScheduler(pool, MARKETING_TIMER_OWNER, runtime)),
          reactorOptions,
        );
        const variantEvaluator = new Reactor(
          variantEvaluatorReactor(app, variants),
          reactorOptions,
        );
        const worker = new TimerWorker({
          pool,
          owner: MARKETING_TIMER_OWNER,
          actorName: MARKETING_TIMERS_ACTOR,
          clock: runtime,
          logger,
          fire: (firing) => fireMarketingTimer(sending, firing),
        });
        return new MarketingWorkers(reactor, worker, variantEvaluator, config.workers);
      },
    },
  ];
}
