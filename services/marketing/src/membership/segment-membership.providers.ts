// Nest wiring of the membership reconciliation and the nightly RFM run: started after boot with the
// other workers (unless CRM_MARKETING_WORKERS=off), stopped before the pool and MongoDB close. The
// RFM timers have their own owner (`marketing-rfm`) and worker, beside the campaign timers.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { CustomerAudience } from '@crm/marketing-read-models';
import { TimerScheduler, TimerWorker } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { MarketingApplication } from '../application/marketing.application';
import type { MarketingConfig } from '../config/marketing.config';
import {
  MARKETING_EVENT_STORE,
  MARKETING_LOGGER,
  MARKETING_MONGO,
  MARKETING_PG_POOL,
  MARKETING_RUNTIME,
} from '../marketing.tokens';
import { RFM_ACTOR, RFM_TIMER_OWNER, RfmScoring } from '../rfm/rfm-scoring';
import { MarketingWorkers } from '../scheduling/marketing-workers';
import { SegmentMembershipReconciler } from './segment-membership-reconciler';

export class SegmentMembershipWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly reconciler: SegmentMembershipReconciler,
    readonly rfmTimers: TimerWorker,
    private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.reconciler.start();
    this.rfmTimers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.reconciler.stop(), this.rfmTimers.stop()]);
  }
}

export function segmentMembershipProviders(config: MarketingConfig): Provider[] {
  return [
    {
      provide: SegmentMembershipWorker,
      // MarketingWorkers first: its factory creates the timers schema these timers live in.
      inject: [
        MARKETING_EVENT_STORE,
        MarketingApplication,
        MARKETING_MONGO,
        MARKETING_PG_POOL,
        MARKETING_RUNTIME,
        MARKETING_LOGGER,
        MarketingWorkers,
      ],
      useFactory: (
        store: EventStore,
        app: MarketingApplication,
        mongo: Connection,
        pool: Pool,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) => {
        const audience = new CustomerAudience(mongo);
        const rfm = new RfmScoring(app, audience, runtime);
        const rfmTimers = new TimerScheduler(pool, RFM_TIMER_OWNER, runtime);
        return new SegmentMembershipWorker(
          new SegmentMembershipReconciler(
            store,
            app,
            audience,
            runtime,
            logger,
            config.membershipIntervalMs,
            (tenantId) => RfmScoring.scheduleFor(rfmTimers, tenantId, runtime.now()),
          ),
          new TimerWorker({
            pool,
            owner: RFM_TIMER_OWNER,
            actorName: RFM_ACTOR,
            clock: runtime,
            logger,
            fire: (firing) => rfm.fire(firing),
          }),
          config.workers,
        );
      },
    },
  ];
}
