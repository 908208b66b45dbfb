// The one configuration schema of the Customers service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the master key) and the service token public
// key have no default.
import {
  defaultErasureLedgerUrl,
  readMasterKeyRing,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import { readContextServiceConfig, type ContextServiceConfig } from '@crm/grpc-service';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface CustomersConfig extends ContextServiceConfig {
  /** The erasure ledger's own database (outside the event store's backups): docs/operations/backup-and-restore.md. */
  readonly erasureLedgerUrl: string;
  readonly masterKeys: MasterKeyRing;
  /** Largest CSV accepted by StartImport/StreamImport. */
  readonly maxImportBytes: number;
  /** Rows an import writes at once. */
  readonly importConcurrency: number;
  /** Runs the sales.OrderPlaced → purchase history reactor in this process (one switch per reactor). */
  readonly purchaseHistoryReactor: boolean;
}

export function loadCustomersConfig(env: Env = process.env): CustomersConfig {
  const read = new EnvReader(env);
  const base = readContextServiceConfig(read, env, {
    prefix: 'CRM_CUSTOMERS',
    grpcPort: 50051,
    healthPort: 9451,
    pgPoolSize: 16,
  });
  const erasureLedgerUrl = read.url(
    'CRM_ERASURE_LEDGER_URL',
    defaultErasureLedgerUrl(base.postgresUrl),
    ['postgres', 'postgresql'],
  );
  const maxImportBytes = read.integer('CRM_CUSTOMERS_MAX_IMPORT_BYTES', 512 * 1024 * 1024, 1024);
  const importConcurrency = read.integer('CRM_CUSTOMERS_IMPORT_CONCURRENCY', 8, 1, 64);
  const purchaseHistoryReactor =
    read.oneOf('CRM_CUSTOMERS_PURCHASE_HISTORY_REACTOR', 'on', ['on', 'off'] as const) === 'on';
  const masterKeys = readMasterKeyRing(env, read.problems);
  if (read.problems.length > 0 || !masterKeys || !base.serviceTokenPublicKey)
    throw new ConfigError('customers', read.problems);
  return {
    ...base,
    serviceTokenPublicKey: base.serviceTokenPublicKey,
    erasureLedgerUrl,
    masterKeys,
    maxImportBytes,
    importConcurrency,
    purchaseHistoryReactor,
  };
}
