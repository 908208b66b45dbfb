// The one way the service runs a reactor on its own events (reply mailer, SLA scheduler): on the
// store without the personal-data layer (events as published, checked against the contracts),
// checkpointed in the service's database, with the injected clock.
import { ContractValidator, platformContracts } from '@crm/contracts';
import type { EventStore, RuntimeDependencies } from '@crm/event-sourcing';
import { Reactor, migrateReactorsSchema, type ReactorDefinition } from '@crm/reactors';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

export interface OwnReactorDependencies {
  readonly rawStore: EventStore;
  readonly pool: Pool;
  readonly runtime: RuntimeDependencies;
  readonly logger: Logger;
}

export async function ownEventsReactor(
  definition: ReactorDefinition,
  deps: OwnReactorDependencies,
): Promise<Reactor> {
  await migrateReactorsSchema(deps.pool);
  return new Reactor(definition, {
    store: deps.rawStore,
    pool: deps.pool,
    contracts: new ContractValidator(platformContracts()),
    clock: deps.runtime,
    logger: deps.logger,
    pollIntervalMs: 200,
  });
}
