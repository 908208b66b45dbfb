// The relay process: forwards the event store's global log to Kafka (see docs/delivery-guarantees.md).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/relay/src/main.ts
// Run two or more for availability: one leads (PostgreSQL advisory lock), the others stand by.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import pino from 'pino';
import { ConfigError } from '@crm/messaging';
import { startTracing } from '@crm/observability';
import { startRelayApp } from './relay.app';
import { loadRelayConfig } from './relay.config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadRelayConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({
    level: config.logLevel,
    base: { service: 'relay', relay: config.relayName },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const tracing = startTracing(config.observability, 'relay');
  const app = await startRelayApp(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping relay');
    app
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            'relay did not stop cleanly',
          );
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
