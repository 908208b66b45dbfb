// Test support: runs the Sales service on a throwaway PostgreSQL database and a free port, and gives
// the kit's gRPC test client (@crm/grpc-service/testing). Each run has its own service token key
// pair; calls carry a token minted for `ADMIN` unless the test names another caller, or sends its
// own metadata (a forged, expired or foreign token, or none).
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  type ServiceCaller,
} from '@crm/access-policy';
import { SALES_PROTO_LOADER_OPTIONS, SALES_PROTO_PATH } from '@crm/contracts/sales-grpc';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import {
  grpcTestClient,
  storedEvents,
  type GrpcTestClient,
  type StoredEvent,
} from '@crm/grpc-service/testing';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import pino from 'pino';
import { loadSalesConfig } from '../src/config/sales.config';
import { startSalesService, type RunningSalesService } from '../src/sales.app';

export type { CallAs, Failure, MintOptions, StoredEvent } from '@crm/grpc-service/testing';

export const ADMIN: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'admin-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

export const rep = (userId: string, teamId = 'team-a'): Partial<ServiceCaller> => ({
  actor: { kind: 'user', userId },
  roles: [Role.SALES_REP],
  teamId,
  teamMemberIds: [],
});

export const manager = (
  userId: string,
  teamId: string,
  members: readonly string[],
): Partial<ServiceCaller> => ({
  actor: { kind: 'user', userId },
  roles: [Role.SALES_MANAGER],
  teamId,
  teamMemberIds: [userId, ...members],
});

export interface SalesTestService extends GrpcTestClient {
  readonly service: RunningSalesService;
  readonly database: ThrowawayDatabase;
  /** The events the store holds, in global order. */
  events(): Promise<StoredEvent[]>;
  stop(): Promise<void>;
}

/**
 * `runtime`: a clock the test moves (tokens are then minted at its time too). The lead scorer is
 * off unless `env` turns it on: its LeadScored events would land in the middle of specs that count
 * what commands write.
 */
export async function startSalesTestService(
  prefix = 'sales',
  runtime?: RuntimeDependencies,
  env: Record<string, string> = {},
): Promise<SalesTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix });
  const keys = generateServiceTokenKeys();
  const config = loadSalesConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    CRM_SALES_GRPC_PORT: String(await freePort()),
    CRM_SALES_HEALTH_PORT: '0',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
    CRM_SALES_LEAD_SCORER: 'off',
    // Kafka is only needed by the specs of lead capture from the inbound topic.
    CRM_SALES_INBOUND_LEADS: 'off',
    ...env,
  });
  const service = await startSalesService(config, pino({ level: config.logLevel }), runtime);
  const grpcClient = grpcTestClient({
    address: service.grpcAddress,
    protoPath: SALES_PROTO_PATH,
    loaderOptions: SALES_PROTO_LOADER_OPTIONS,
    serviceName: 'crm.sales.v1.SalesService',
    audience: SERVICE_AUDIENCES.sales,
    defaultCaller: ADMIN,
    keys,
    ...(runtime ? { now: () => runtime.now() } : {}),
  });
  return {
    ...grpcClient,
    service,
    database,
    events: () => storedEvents(database.url),
    stop: async () => {
      grpcClient.client.close();
      await service.stop();
      await database.drop();
    },
  };
}

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });

/** Opens an "Engines" deal (300.00 EUR) for customer cust-1 as `caller`; answers its id. */
export async function openEnginesDeal(
  t: SalesTestService,
  caller: Partial<ServiceCaller>,
): Promise<string> {
  const opened = await t.call(
    'OpenOpportunity',
    {
      ctx: ctx(),
      name: 'Engines',
      customerId: 'cust-1',
      amount: '300.00',
      currency: 'EUR',
      expectedCloseOn: '2026-06-30',
    },
    caller,
  );
  return opened.createdId as string;
}
