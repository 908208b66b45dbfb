// Fault-test child: runs the purchase-history reactor inside the real Customers module and kills
// itself with SIGKILL right after the first command succeeded, before the checkpoint is written.
//   CRM_POSTGRES_URL=… CRM_MASTER_KEY=… node -r @swc-node/register services/customers/test/purchase-history-crash.child.ts
import 'reflect-metadata';
import { Reactor } from '@crm/reactors';
import { killedAfterFirstCommand } from '@crm/reactors/testing';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { CustomersApplication } from '../src/application/customers.application';
import { loadCustomersConfig } from '../src/config/customers.config';
import { CustomersModule } from '../src/customers.module';
import { purchaseHistoryReactor } from '../src/reactors/purchase-history.reactor';
import { reactorDependencies } from './purchase-history-reactor.fixture';

async function main(): Promise<void> {
  // The module's own reactor stays off: this process runs the one that crashes.
  const config = loadCustomersConfig({
    ...process.env,
    CRM_CUSTOMERS_PURCHASE_HISTORY_REACTOR: 'off',
  });
  const logger = pino({ level: 'silent' });
  const context = await NestFactory.createApplicationContext(
    CustomersModule.forRoot(config, { logger }),
    { logger: false },
  );
  const app = context.get(CustomersApplication);
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: config.postgresUrl, max: 2 });
  const reactor = new Reactor(
    killedAfterFirstCommand(purchaseHistoryReactor(app)),
    await reactorDependencies(config.postgresUrl, pool),
  );
  await reactor.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
