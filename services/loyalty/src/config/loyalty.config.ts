// The one configuration schema of the Loyalty service, validated once at boot. Every problem is
// reported at once, each naming its variable; the service token public key has no default.
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';
import { type KeyObject } from 'node:crypto';
import { readServiceTokenKey } from '@crm/access-policy';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface LoyaltyConfig {
  readonly postgresUrl: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Verifies the service call token of every RPC (Ed25519 public key of the gateway's signer). */
  readonly serviceTokenPublicKey: KeyObject;
  /** Re-decisions after an optimistic-concurrency conflict. */
  readonly maxCommandRetries: number;
  readonly pgPoolSize: number;
  /** Runs the reactors on sales and customers events in this process. */
  readonly reactors: boolean;
  /** Runs the expiry and reminder timers in this process. */
  readonly timers: boolean;
  readonly observability: ObservabilityConfig;
}

export function loadLoyaltyConfig(env: Env = process.env): LoyaltyConfig {
  const read = new EnvReader(env);
  const postgresUrl = read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
    'postgres',
    'postgresql',
  ]);
  const grpcHost = read.string(
    'CRM_LOYALTY_GRPC_HOST',
    '127.0.0.1',
    /^[A-Za-z0-9.:-]+$/,
    'a host name or IP address',
  );
  const grpcPort = read.integer('CRM_LOYALTY_GRPC_PORT', 50054, 0, 65535);
  const healthPort = read.integer('CRM_LOYALTY_HEALTH_PORT', 9454, 0, 65535);
  const logLevel = read.oneOf('CRM_LOG_LEVEL', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const);
  const maxCommandRetries = read.integer('CRM_LOYALTY_MAX_COMMAND_RETRIES', 3, 0, 20);
  const pgPoolSize = read.integer('CRM_LOYALTY_PG_POOL_SIZE', 16, 2, 200);
  const reactors = read.oneOf('CRM_LOYALTY_REACTORS', 'on', ['on', 'off'] as const) === 'on';
  const timers = read.oneOf('CRM_LOYALTY_TIMERS', 'on', ['on', 'off'] as const) === 'on';
  const serviceTokenPublicKey = readServiceTokenKey(env, 'public', read.problems);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  if (read.problems.length > 0 || !serviceTokenPublicKey)
    throw new ConfigError('loyalty', read.problems);
  return {
    postgresUrl,
    grpcHost,
    grpcPort,
    healthPort,
    logLevel,
    serviceTokenPublicKey,
    maxCommandRetries,
    pgPoolSize,
    reactors,
    timers,
    observability: observability.config,
  };
}
