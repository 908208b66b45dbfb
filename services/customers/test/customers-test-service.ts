// Test support: runs the Customers service on a throwaway PostgreSQL database and free ports, and
// gives the kit's gRPC test client (@crm/grpc-service/testing). Each run has its own service token
// key pair; calls carry a token minted for `DEFAULT_CALLER` unless the test names another caller,
// or sends its own token (or none) in `metadata`.
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  type ServiceCaller,
} from '@crm/access-policy';
import { grpcTestClient, queryDatabase, type GrpcTestClient } from '@crm/grpc-service/testing';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import pino from 'pino';
import { loadCustomersConfig, type CustomersConfig } from '../src/config/customers.config';
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
  startCustomersService,
  type RunningCustomersService,
} from '../src/customers.app';

export type { CallAs, MintOptions } from '@crm/grpc-service/testing';
export { freePort } from '@crm/testing';

/** The caller of calls that name none: an admin of tenant-a. */
export const DEFAULT_CALLER: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'user-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

export interface CustomersTestService extends GrpcTestClient {
  readonly service: RunningCustomersService;
  readonly database: ThrowawayDatabase;
  readonly config: CustomersConfig;
  /** Rows of a query on the service's database (e.g. what the event store holds). */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  stop(): Promise<void>;
}

export const MASTER_KEY = Buffer.alloc(32, 42).toString('base64');

export async function startCustomersTestService(
  prefix = 'customers',
  env: Readonly<Record<string, string>> = {},
): Promise<CustomersTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix });
  // The erasure ledger lives in its own database, as in production (outside the store's backups).
  const ledgerDatabase = await createThrowawayPostgresDatabase({ prefix: `${prefix}-ledger` });
  const keys = generateServiceTokenKeys();
  const config = loadCustomersConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_ERASURE_LEDGER_URL: ledgerDatabase.url,
    CRM_MASTER_KEY: MASTER_KEY,
    CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    CRM_CUSTOMERS_GRPC_PORT: String(await freePort()),
    CRM_CUSTOMERS_HEALTH_PORT: '0',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
    CRM_CUSTOMERS_PG_POOL_SIZE: '16',
    ...env,
  });
  const service = await startCustomersService(config, pino({ level: config.logLevel }));
  const grpcClient = grpcTestClient({
    address: service.grpcAddress,
    protoPath: CUSTOMERS_PROTO_PATH,
    loaderOptions: CUSTOMERS_PROTO_LOADER_OPTIONS,
    serviceName: 'crm.customers.v1.CustomersService',
    audience: SERVICE_AUDIENCES.customers,
    defaultCaller: DEFAULT_CALLER,
    keys,
  });
  return {
    ...grpcClient,
    service,
    database,
    config,
    query: (sql, params) => queryDatabase(database.url, sql, params),
    stop: async () => {
      grpcClient.client.close();
      await service.stop();
      await database.drop();
      await ledgerDatabase.drop();
    },
  };
}

/**
 * A RequestContext. Its tenant and actor fields are deprecated and ignored by the service (who
 * calls comes from the token); tests set them only to prove that.
 */
export function ctx(
  overrides: Partial<{
    tenantId: string;
    actorUserId: string;
    actorRoles: string[];
    correlationId: string;
    idempotencyKey: string;
  }> = {},
) {
  return { correlationId: '', idempotencyKey: '', ...overrides };
}
