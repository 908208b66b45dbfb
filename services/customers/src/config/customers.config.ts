// The one configuration schema of the Customers service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the master key) and the service token public
// key have no default.
import { type KeyObject } from 'node:crypto';
import { readServiceTokenKey } from '@crm/access-policy';
import {
  defaultErasureLedgerUrl,
  readMasterKeyRing,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';

export interface CustomersConfig {
  readonly postgresUrl: string;
  /** The erasure ledger's own database (outside the event store's backups): docs/operations/backup-and-restore.md. */
  readonly erasureLedgerUrl: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly masterKeys: MasterKeyRing;
  /** Verifies the service call token of every RPC (Ed25519 public key of the gateway's signer). */
  readonly serviceTokenPublicKey: KeyObject;
  /** Re-decisions after an optimistic-concurrency conflict. */
  readonly maxCommandRetries: number;
  /** Largest CSV accepted by StartImport/StreamImport. */
  readonly maxImportBytes: number;
  readonly pgPoolSize: number;
  /** Rows an import writes at once. */
  readonly importConcurrency: number;
  /** Runs the sales.OrderPlaced → purchase history reactor in this process (one switch per reactor). */
  readonly purchaseHistoryReactor: boolean;
  /** Traces exporter and sampling (docs/operations/tracing.md). */
  readonly observability: ObservabilityConfig;
}

export function loadCustomersConfig(env: Env = process.env): CustomersConfig {
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
    'CRM_CUSTOMERS_GRPC_HOST',
    '127.0.0.1',
    /^[A-Za-z0-9.:-]+$/,
    'a host name or IP address',
  );
  const grpcPort = read.integer('CRM_CUSTOMERS_GRPC_PORT', 50051, 0, 65535);
  const healthPort = read.integer('CRM_CUSTOMERS_HEALTH_PORT', 9451, 0, 65535);
  const logLevel = read.oneOf('CRM_LOG_LEVEL', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const);
  const maxCommandRetries = read.integer('CRM_CUSTOMERS_MAX_COMMAND_RETRIES', 3, 0, 20);
  const maxImportBytes = read.integer('CRM_CUSTOMERS_MAX_IMPORT_BYTES', 512 * 1024 * 1024, 1024);
  const pgPoolSize = read.integer('CRM_CUSTOMERS_PG_POOL_SIZE', 16, 2, 200);
  const importConcurrency = read.integer('CRM_CUSTOMERS_IMPORT_CONCURRENCY', 8, 1, 64);
  const purchaseHistoryReactor =
    read.oneOf('CRM_CUSTOMERS_PURCHASE_HISTORY_REACTOR', 'on', ['on', 'off'] as const) === 'on';
  const masterKeys = readMasterKeyRing(env, read.problems);
  const serviceTokenPublicKey = readServiceTokenKey(env, 'public', read.problems);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  if (read.problems.length > 0 || !masterKeys || !serviceTokenPublicKey)
    throw new ConfigError('customers', read.problems);
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
    maxImportBytes,
    pgPoolSize,
    importConcurrency,
    purchaseHistoryReactor,
    observability: observability.config,
  };
}
