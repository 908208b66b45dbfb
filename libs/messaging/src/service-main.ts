// The process entry of every app but the gateway: the context services (docs/adding-a-context.md
// step 11, re-exported by @crm/grpc-service), the relay and the projection workers (ADR 0189).
// Validate the configuration once (a ConfigError exits with code 2 and its message), start
// tracing, start the app, and on SIGTERM/SIGINT stop it, then flush the spans, then exit.
import { startTracing, type ObservabilityConfig } from '@crm/observability';
import type { Logger } from 'pino';
import { ConfigError } from './config/env-reader';

export interface ServiceMain<C extends { observability: ObservabilityConfig }> {
  /** The app's name in logs and on its spans (`service.name`). */
  readonly name: string;
  readonly loadConfig: (env: NodeJS.ProcessEnv) => C;
  readonly createLogger: (config: C) => Logger;
  readonly start: (config: C, logger: Logger) => Promise<{ stop(): Promise<void> }>;
}

export async function runServiceMain<C extends { observability: ObservabilityConfig }>(
  main: ServiceMain<C>,
): Promise<void> {
  let config: C;
  try {
    config = main.loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = main.createLogger(config);
  const tracing = startTracing(config.observability, main.name);
  const service = await main.start(config, logger);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `stopping ${main.name} service`);
    service
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, `${main.name} service did not stop cleanly`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Runs `runServiceMain` as the process's main: an unexpected failure exits with code 1. */
export function serviceMain<C extends { observability: ObservabilityConfig }>(
  main: ServiceMain<C>,
): void {
  runServiceMain(main).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
