// Test support: runs the Loyalty service on a throwaway PostgreSQL database and a free port with a
// movable clock, and gives the kit's gRPC test client (@crm/grpc-service/testing). Each run has
// its own service token key pair; calls carry a token minted for DEFAULT_CALLER unless the test
// names another caller or sends its own metadata.
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  type ServiceCaller,
} from '@crm/access-policy';
import { LOYALTY_PROTO_LOADER_OPTIONS, LOYALTY_PROTO_PATH } from '@crm/contracts/loyalty-grpc';
import { systemRuntime, type RuntimeDependencies } from '@crm/event-sourcing';
import {
  TestClock,
  grpcTestClient,
  queryDatabase,
  type GrpcTestClient,
} from '@crm/grpc-service/testing';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import type { Provider } from '@nestjs/common';
import pino from 'pino';
import { loadLoyaltyConfig, type LoyaltyConfig } from '../src/config/loyalty.config';
import { startLoyaltyService, type RunningLoyaltyService } from '../src/loyalty.app';

export const DEFAULT_CALLER: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'user-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

export { TestClock } from '@crm/grpc-service/testing';
export type { CallAs, MintOptions } from '@crm/grpc-service/testing';

export interface LoyaltyTestService extends GrpcTestClient {
  readonly service: RunningLoyaltyService;
  readonly database: ThrowawayDatabase;
  readonly config: LoyaltyConfig;
  readonly clock: TestClock;
  readonly runtime: RuntimeDependencies;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  stop(): Promise<void>;
}

export async function startLoyaltyTestService(
  options: {
    env?: Readonly<Record<string, string>>;
    providers?: readonly Provider[];
    start?: string;
  } = {},
): Promise<LoyaltyTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix: 'loyalty' });
  const keys = generateServiceTokenKeys();
  const clock = new TestClock(new Date(options.start ?? '2026-03-01T10:00:00.000Z'));
  const runtime: RuntimeDependencies = { now: clock.now, newId: () => systemRuntime.newId() };
  const config = loadLoyaltyConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    CRM_LOYALTY_GRPC_PORT: String(await freePort()),
    CRM_LOYALTY_HEALTH_PORT: '0',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
    ...options.env,
  });
  const logger = pino({ level: config.logLevel });
  const service = await startLoyaltyService(config, logger, {
    runtime,
    ...(options.providers ? { providers: options.providers } : {}),
  });
  // Tokens are signed on the service's (moved) clock, which is the one that verifies them.
  const grpcClient = grpcTestClient({
    address: service.grpcAddress,
    protoPath: LOYALTY_PROTO_PATH,
    loaderOptions: LOYALTY_PROTO_LOADER_OPTIONS,
    serviceName: 'crm.loyalty.v1.LoyaltyService',
    audience: SERVICE_AUDIENCES.loyalty,
    defaultCaller: DEFAULT_CALLER,
    keys,
    now: clock.now,
  });
  return {
    ...grpcClient,
    service,
    database,
    config,
    clock,
    runtime,
    query: (sql, params) => queryDatabase(database.url, sql, params),
    stop: async () => {
      grpcClient.client.close();
      await service.stop();
      await database.drop();
    },
  };
}

export const ctx = (idempotencyKey = '', correlationId = '') => ({ idempotencyKey, correlationId });

/** A program request: 1 point per 1.00 EUR, Silver ×1.5 from 500 points, lots live 12 months. */
export const PROGRAM_REQUEST = {
  name: 'Club',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  autoEnrol: true,
  earnRules: [{ ruleId: 'spend', kind: 'EARN_RULE_KIND_AMOUNT', points: 1, perAmount: '1.00' }],
  tiers: [
    { name: 'Bronze', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Silver', qualifyingThreshold: 500, multiplierPercent: 150 },
  ],
  promotions: [],
  lotLifetime: { rollingMonths: 12 },
  adjustmentApprovalThreshold: 1000,
};
