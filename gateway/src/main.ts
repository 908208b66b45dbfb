// Entry point of the GraphQL gateway: validates the configuration (stopping with a message naming
// any bad variable), connects the servers, migrates its tables, seeds the first admin and serves
// HTTP + WebSocket on CRM_GATEWAY_HOST:CRM_GATEWAY_PORT (127.0.0.1:4000 by default).
// eslint-disable-next-line @nx/enforce-module-boundaries -- the repository-wide Node 24 guard is a script, not a library
import '../../scripts/require-node-24.cjs';
import 'reflect-metadata';
import os from 'node:os';
import { startHealthServer } from '@crm/messaging';
import { metricsExposition, startTracing } from '@crm/observability';
import { createGatewayApp } from './app/create-gateway-app';
import { connectInfrastructure } from './app/gateway-infrastructure';
import { GatewayConfigError, loadGatewayConfig } from './config/gateway-config';
import { createLogger } from './logging/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig(process.env, os.hostname());
  } catch (error) {
    if (error instanceof GatewayConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const tracing = startTracing(config.observability, 'gateway');
  const connected = await connectInfrastructure(config, logger);
  const app = await createGatewayApp(config, connected.infra);
  await app.listen(config.port, config.host);
  // Prometheus scrapes a port of its own, never exposed to clients (docs/operations/metrics.md).
  const metricsServer = await startHealthServer({
    host: config.metricsHost,
    port: config.metricsPort,
    health: () => ({ ok: true, details: { service: 'gateway' } }),
    ready: () => ({ ok: true, details: { service: 'gateway' } }),
    metrics: metricsExposition,
  });
  logger.info(
    {
      url: `http://${config.host}:${config.port}/graphql`,
      metrics: `http://${config.metricsHost}:${metricsServer.port}/metrics`,
    },
    'gateway listening',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'gateway stopping');
    void (async () => {
      await app
        .close()
        .catch((error: unknown) =>
          logger.error({ err: error }, 'error while closing the HTTP server'),
        );
      await connected.close();
      await metricsServer.close();
      await tracing.shutdown();
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
