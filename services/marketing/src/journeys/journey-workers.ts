// The journeys' and attribution's background work, beside the campaign scheduler: the journey
// trigger reactor, the attribution reactor and the journeys' own timer worker (owner
// `marketing-journeys`, so the campaign timer worker never claims a journey timer). Started after
// boot unless CRM_MARKETING_WORKERS=off, stopped before the pool closes.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { JourneyProfiles, CustomerAudience } from '@crm/marketing-read-models';
import { Reactor, migrateReactorsSchema, type ReactorDefinition } from '@crm/reactors';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CampaignSending } from '../application/campaign-sending';
import { MarketingApplication } from '../application/marketing.application';
import { attributionReactor } from '../attribution/attribution.reactor';
import type { MarketingConfig } from '../config/marketing.config';
import {
  MARKETING_EVENT_STORE,
  MARKETING_LOGGER,
  MARKETING_MONGO,
  MARKETING_PG_POOL,
  MARKETING_RUNTIME,
} from '../marketing.tokens';
import { JourneyDelivery } from './journey-delivery';
import { JOURNEY_TIMERS_ACTOR, JOURNEY_TIMER_OWNER, JourneyRunner } from './journey-runner';
import { fireJourneyTimer } from './journey-timers';
import { journeyTriggersReactor } from './journey-triggers.reactor';

/** Journey timers fired at once (see the worker's options below). */
const JOURNEY_TIMER_LANES = 3;

export class JourneyWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly reactors: readonly Reactor[],
    readonly timers: TimerWorker,
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    for (const reactor of this.reactors) await reactor.start();
    this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.reactors.map((r) => r.stop()), this.timers.stop()]);
  }
}

export function journeyProviders(config: MarketingConfig): Provider[] {
  return [
    {
      provide: JourneyRunner,
      inject: [
        MarketingApplication,
        MARKETING_PG_POOL,
        MARKETING_MONGO,
        CampaignSending,
        MARKETING_RUNTIME,
      ],
      useFactory: (
        app: MarketingApplication,
        pool: Pool,
        mongo: Connection,
        sending: CampaignSending,
        runtime: RuntimeDependencies,
      ) => {
        const audience = new CustomerAudience(mongo);
        return new JourneyRunner(
          app,
          pool,
          new JourneyProfiles(mongo),
          audience,
          new JourneyDelivery(
            app,
            audience,
            sending,
            new JourneyProfiles(mongo),
            config.limits.quietHours,
          ),
          new TimerScheduler(pool, JOURNEY_TIMER_OWNER, runtime),
        );
      },
    },
    {
      provide: JourneyWorkers,
      inject: [
        MARKETING_EVENT_STORE,
        MARKETING_PG_POOL,
        MarketingApplication,
        JourneyRunner,
        MARKETING_RUNTIME,
        MARKETING_LOGGER,
      ],
      useFactory: async (
        store: EventStore,
        pool: Pool,
        app: MarketingApplication,
        runner: JourneyRunner,
        runtime: RuntimeDependencies,
        logger: Logger,
      ): Promise<JourneyWorkers> => {
        await migrateReactorsSchema(pool);
        await migrateTimersSchema(pool);
        const reactor = (definition: ReactorDefinition) =>
          new Reactor(definition, {
            store,
            pool,
            contracts: new ContractValidator(platformContracts()),
            clock: runtime,
            logger,
            pollIntervalMs: 200,
          });
        const timers = new TimerScheduler(pool, JOURNEY_TIMER_OWNER, runtime);
        const worker = new TimerWorker({
          pool,
          owner: JOURNEY_TIMER_OWNER,
          actorName: JOURNEY_TIMERS_ACTOR,
          clock: runtime,
          logger,
          pollIntervalMs: 200,
          // Each firing holds a connection for its participation lock and needs another for its
          // appends, while the worker holds one for its claim: with the default 16 lanes a pool of
          // 8 ran dry and every lane waited on the others (the claim then died idle in its
          // transaction). Lanes × 2 + 1 must stay well inside the pool.
          concurrency: JOURNEY_TIMER_LANES,
          fire: (firing) => fireJourneyTimer(runner, firing),
        });
        return new JourneyWorkers(
          [reactor(journeyTriggersReactor(runner, timers)), reactor(attributionReactor(app))],
          worker,
          config.workers,
        );
      },
    },
  ];
}
