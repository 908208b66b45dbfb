// The one wiring of the service's background work (SLA timers, routing, care reminders, mail):
// each part is a Nest provider built from the same dependencies by `backgroundWorkProvider`, and
// runs its reactors and timer workers through `BackgroundWork`, started after boot when its switch
// is on and stopped before the pool closes (workers first: a firing timer may still need its
// reactor's application).
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import type { Reactor } from '@crm/reactors';
import type { TimerWorker } from '@crm/timers';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { ServiceDeskApplication } from '../application/service-desk.application';
import type { SurveyLinks } from '../satisfaction/survey-link';
import {
  SERVICE_DESK_EVENT_STORE,
  SERVICE_DESK_LOGGER,
  SERVICE_DESK_PG_POOL,
  SERVICE_DESK_RAW_STORE,
  SERVICE_DESK_RUNTIME,
  SURVEY_LINKS,
} from '../service-desk.tokens';
import { ownEventsReactor, type OwnReactorDependencies } from './service-desk-reactor';

/** What every background part is built from. */
export interface BackgroundDependencies extends OwnReactorDependencies {
  /** The store with the personal-data layer (commands, decrypted reads). */
  readonly store: EventStore;
  readonly tickets: ServiceDeskApplication;
  /** The survey link signer; null without a survey secret. */
  readonly links: SurveyLinks | null;
  /** A reactor on the service's own events with these dependencies. */
  readonly reactor: (definition: Parameters<typeof ownEventsReactor>[0]) => Promise<Reactor>;
}

/** Reactors and timer workers that run together while the application is up. */
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    readonly reactors: readonly Reactor[],
    readonly workers: readonly TimerWorker[],
    private readonly enabled: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    for (const reactor of this.reactors) await reactor.start();
    for (const worker of this.workers) worker.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const worker of this.workers) await worker.stop();
    for (const reactor of this.reactors) await reactor.stop();
  }
}

type Constructor<T> = abstract new (...args: never[]) => T;

/** A provider of `token` built by `build` from the service's shared dependencies. */
export function backgroundWorkProvider<T extends BackgroundWork>(
  token: Constructor<T>,
  build: (deps: BackgroundDependencies) => Promise<T>,
): Provider {
  return {
    provide: token,
    inject: [
      SERVICE_DESK_RAW_STORE,
      SERVICE_DESK_EVENT_STORE,
      SERVICE_DESK_PG_POOL,
      ServiceDeskApplication,
      SERVICE_DESK_RUNTIME,
      SERVICE_DESK_LOGGER,
      SURVEY_LINKS,
    ],
    useFactory: (
      rawStore: EventStore,
      store: EventStore,
      pool: Pool,
      tickets: ServiceDeskApplication,
      runtime: RuntimeDependencies,
      logger: Logger,
      links: SurveyLinks | null,
    ) => {
      const own = { rawStore, pool, runtime, logger };
      return build({
        ...own,
        store,
        tickets,
        links,
        reactor: (definition) => ownEventsReactor(definition, own),
      });
    },
  };
}
