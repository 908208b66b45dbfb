// Nest wiring of the membership reconciliation: started after boot with the other workers (unless
// CRM_MARKETING_WORKERS=off), stopped before the pool and MongoDB close.
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { CustomerAudience } from '@crm/marketing-read-models';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { MarketingApplication } from '../application/marketing.application';
import type { MarketingConfig } from '../config/marketing.config';
import {
  MARKETING_EVENT_STORE,
  MARKETING_LOGGER,
  MARKETING_MONGO,
  MARKETING_RUNTIME,
} from '../marketing.tokens';
import { SegmentMembershipReconciler } from './segment-membership-reconciler';

export class SegmentMembershipWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly reconciler: SegmentMembershipReconciler,
    private readonly enabled: boolean,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.reconciler.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.reconciler.stop();
  }
}

export function segmentMembershipProviders(config: MarketingConfig): Provider[] {
  return [
    {
      provide: SegmentMembershipWorker,
      inject: [
        MARKETING_EVENT_STORE,
        MarketingApplication,
        MARKETING_MONGO,
        MARKETING_RUNTIME,
        MARKETING_LOGGER,
      ],
      useFactory: (
        store: EventStore,
        app: MarketingApplication,
        mongo: Connection,
        runtime: RuntimeDependencies,
        logger: Logger,
      ) =>
        new SegmentMembershipWorker(
          new SegmentMembershipReconciler(
            store,
            app,
            new CustomerAudience(mongo),
            runtime,
            logger,
            config.membershipIntervalMs,
          ),
          config.workers,
        ),
    },
  ];
}
