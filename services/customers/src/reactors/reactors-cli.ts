// Operator CLI of the Customers service's reactors (commands: libs/reactors/src/reactors-cli.ts):
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/customers/src/reactors/reactors-cli.ts status
//   npx nx run customers:reactors --args="retry customers.purchase-history-reactor"
// Same configuration as the service (CRM_POSTGRES_URL, CRM_MASTER_KEY); it runs no reactor itself.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import { ConfigError } from '@crm/messaging';
import { runReactorsCli } from '@crm/reactors';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { loadCustomersConfig } from '../config/customers.config';
import { CustomersModule } from '../customers.module';
import { CustomersReactors } from './customers-reactors';

async function main(): Promise<number> {
  let config;
  try {
    config = loadCustomersConfig({ ...process.env, CRM_CUSTOMERS_PURCHASE_HISTORY_REACTOR: 'off' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const context = await NestFactory.createApplicationContext(
    CustomersModule.forRoot(config, { logger }),
    { logger: false },
  );
  try {
    const { reactors } = context.get(CustomersReactors);
    return await runReactorsCli(process.argv.slice(2), reactors, process.stdout, process.stderr);
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
