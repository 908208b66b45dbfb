// The one configuration schema of the Sales service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the master key) and the service token public
// key have no default.
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';
import { type KeyObject } from 'node:crypto';
import { readServiceTokenKey } from '@crm/access-policy';
import {
  defaultErasureLedgerUrl,
  readMasterKeyRing,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface SalesConfig {
  readonly postgresUrl: string;
  /** The erasure ledger's own database (lead erasures are recorded there before keys are shredded). */
  readonly erasureLedgerUrl: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Encrypts leads' personal data under per-lead keys. */
  readonly masterKeys: MasterKeyRing;
  /** Verifies the service call token of every RPC (Ed25519 public key of the gateway's signer). */
  readonly serviceTokenPublicKey: KeyObject;
  /** Re-decisions after an optimistic-concurrency conflict. */
  readonly maxCommandRetries: number;
  readonly pgPoolSize: number;
  /** Schedules and fires quote expiry and reminders and activity reminders (durable timers). */
  readonly timers: boolean;
  /** Scores leads on capture and on every engagement (reactor sales.lead-scorer). */
  readonly leadScorer: boolean;
  readonly observability: ObservabilityConfig;
}

export function loadSalesConfig(env: Env = process.env): SalesConfig {
  const read = new EnvReader(env);
  const postgresUrl = read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
    'postgres',
    'postgresql',
  ]);
  const erasureLedgerUrl = read.url(
    'CRM_ERASURE_LEDGER_URL',
    defaultErasureLedgerUrl(postgresUrl),
    ['postgres', 'postgresql'],
  );
  const grpcHost = read.string(
    'CRM_SALES_GRPC_HOST',
    '127.0.0.1',
    /^[A-Za-z0-9.:-]+$/,
    'a host name or IP address',
  );
  const grpcPort = read.integer('CRM_SALES_GRPC_PORT', 50052, 0, 65535);
  const healthPort = read.integer('CRM_SALES_HEALTH_PORT', 9452, 0, 65535);
  const logLevel = read.oneOf('CRM_LOG_LEVEL', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const);
  const maxCommandRetries = read.integer('CRM_SALES_MAX_COMMAND_RETRIES', 3, 0, 20);
  const pgPoolSize = read.integer('CRM_SALES_PG_POOL_SIZE', 8, 2, 200);
  const timers = read.oneOf('CRM_SALES_TIMERS', 'on', ['on', 'off'] as const) === 'on';
  const leadScorer = read.oneOf('CRM_SALES_LEAD_SCORER', 'on', ['on', 'off'] as const) === 'on';
  const masterKeys = readMasterKeyRing(env, read.problems);
  const serviceTokenPublicKey = readServiceTokenKey(env, 'public', read.problems);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  if (read.problems.length > 0 || !masterKeys || !serviceTokenPublicKey)
    throw new ConfigError('sales', read.problems);
  return {
    postgresUrl,
    erasureLedgerUrl,
    grpcHost,
    grpcPort,
    healthPort,
    logLevel,
    masterKeys,
    serviceTokenPublicKey,
    maxCommandRetries,
    pgPoolSize,
    timers,
    leadScorer,
    observability: observability.config,
  };
}
