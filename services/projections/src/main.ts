// The projection workers: keep every read model of the catalogue up to date (docs/projections.md).
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/projections/src/main.ts
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import pino from 'pino';
import { ConfigError } from '@crm/messaging';
import { startTracing } from '@crm/observability';
import { PROJECTIONS, projectionStore } from './projection-catalogue';
import { startProjectionsApp } from './projections.app';
import { loadProjectionsConfig } from './projections.config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadProjectionsConfig(
      process.env,
      PROJECTIONS.map((p) => p.name),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({
    level: config.logLevel,
    base: { service: 'projections' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  const tracing = startTracing(config.observability, 'projections');
  const app = await startProjectionsApp(config, PROJECTIONS, logger, projectionStore);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping projection workers');
    app
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            'workers did not stop cleanly',
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
