// The configuration every context service reads the same way (ADR 0250): the event store's
// database, where gRPC and health listen, the log level, command retries, the pool size, the public
// key that verifies service call tokens (no default) and the telemetry settings. A service's own
// schema calls this first with its variable prefix and defaults, then reads its own variables into
// the same EnvReader, so every problem is still reported at once, each naming its variable.
import type { KeyObject } from 'node:crypto';
import { readServiceTokenKey } from '@crm/access-policy';
import type { Env, EnvReader } from '@crm/messaging';
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface ContextServiceConfig {
  readonly postgresUrl: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Verifies the service call token of every RPC (Ed25519 public key of the gateway's signer). */
  readonly serviceTokenPublicKey: KeyObject;
  /** Re-decisions after an optimistic-concurrency conflict. */
  readonly maxCommandRetries: number;
  readonly pgPoolSize: number;
  readonly observability: ObservabilityConfig;
}

export interface ContextServiceDefaults {
  /** The service's variable prefix, e.g. `CRM_SALES` (`CRM_SALES_GRPC_PORT`…). */
  readonly prefix: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly pgPoolSize: number;
}

/**
 * The shared block; its problems join `read.problems`. `serviceTokenPublicKey` is undefined when
 * the key is missing or bad (a problem names it): the caller throws its ConfigError then.
 */
export function readContextServiceConfig(
  read: EnvReader,
  env: Env,
  defaults: ContextServiceDefaults,
): Omit<ContextServiceConfig, 'serviceTokenPublicKey'> & {
  readonly serviceTokenPublicKey: KeyObject | undefined;
} {
  const { prefix } = defaults;
  const postgresUrl = read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
    'postgres',
    'postgresql',
  ]);
  const grpcHost = read.string(
    `${prefix}_GRPC_HOST`,
    '127.0.0.1',
    /^[A-Za-z0-9.:-]+$/,
    'a host name or IP address',
  );
  const grpcPort = read.integer(`${prefix}_GRPC_PORT`, defaults.grpcPort, 0, 65535);
  const healthPort = read.integer(`${prefix}_HEALTH_PORT`, defaults.healthPort, 0, 65535);
  const logLevel = read.oneOf('CRM_LOG_LEVEL', 'info', LOG_LEVELS);
  const maxCommandRetries = read.integer(`${prefix}_MAX_COMMAND_RETRIES`, 3, 0, 20);
  const pgPoolSize = read.integer(`${prefix}_PG_POOL_SIZE`, defaults.pgPoolSize, 2, 200);
  const serviceTokenPublicKey = readServiceTokenKey(env, 'public', read.problems);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  return {
    postgresUrl,
    grpcHost,
    grpcPort,
    healthPort,
    logLevel,
    serviceTokenPublicKey,
    maxCommandRetries,
    pgPoolSize,
    observability: observability.config,
  };
}
