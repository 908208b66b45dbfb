// Test support: runs the service-desk service on a throwaway PostgreSQL database and a free port
// with a clock the test moves, and gives the kit's gRPC test client (@crm/grpc-service/testing).
// The SLA timers and care reminders are off unless a spec turns them on (the timer, telemetry and
// care specs), so every event in the store was written by a command the spec sent.
// Each run has its own service token key pair; calls carry a token minted for `ADMIN` (at the
// test clock's time) unless the test names another caller or sends its own metadata.
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  type ServiceCaller,
} from '@crm/access-policy';
import {
  SERVICE_DESK_PROTO_LOADER_OPTIONS,
  SERVICE_DESK_PROTO_PATH,
} from '@crm/contracts/service-desk-grpc';
import { uuidV7Ids, type RuntimeDependencies } from '@crm/event-sourcing';
import {
  TestClock,
  grpcTestClient,
  storedEvents,
  type GrpcTestClient,
  type StoredEvent,
} from '@crm/grpc-service/testing';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import pino from 'pino';
import { loadServiceDeskConfig } from '../src/config/service-desk.config';
import { startServiceDeskService, type RunningServiceDeskService } from '../src/service-desk.app';

export const ADMIN: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'admin-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

export const agent = (userId: string, teamId = 'desk-a'): Partial<ServiceCaller> => ({
  actor: { kind: 'user', userId },
  roles: [Role.SERVICE_AGENT],
  teamId,
  teamMemberIds: [],
});

export const lead = (userId: string, teamId: string): Partial<ServiceCaller> => ({
  actor: { kind: 'user', userId },
  roles: [Role.SERVICE_LEAD],
  teamId,
  teamMemberIds: [],
});

export { TestClock } from '@crm/grpc-service/testing';
export type { CallAs, Failure, MintOptions, StoredEvent } from '@crm/grpc-service/testing';

export interface ServiceDeskTestService extends GrpcTestClient {
  readonly service: RunningServiceDeskService;
  readonly database: ThrowawayDatabase;
  readonly clock: TestClock;
  /** The events the store holds (personal fields as stored: encrypted), in global order. */
  events(): Promise<StoredEvent[]>;
  /** How many events the store holds (a refused command must leave this unchanged). */
  eventCount(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServiceDeskTestService(
  prefix = 'desk',
  start = '2026-12-07T08:00:00.000Z',
  env: Record<string, string> = {},
  /** Runs on the fresh database before the service starts (e.g. tables of an older version). */
  prepareDatabase?: (databaseUrl: string) => Promise<void>,
): Promise<ServiceDeskTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix });
  await prepareDatabase?.(database.url);
  const keys = generateServiceTokenKeys();
  const clock = new TestClock(new Date(start));
  const runtime: RuntimeDependencies = { now: () => clock.now(), newId: () => uuidV7Ids.newId() };
  const config = loadServiceDeskConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    CRM_SERVICE_DESK_GRPC_PORT: String(await freePort()),
    CRM_SERVICE_DESK_HEALTH_PORT: '0',
    CRM_SERVICE_DESK_TIME_ZONE: 'Europe/Paris',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
    CRM_SERVICE_DESK_SLA_TIMERS: 'off',
    CRM_SERVICE_DESK_CARE: 'off',
    CRM_SERVICE_DESK_NPS_SCHEDULE: 'off',
    CRM_SERVICE_DESK_INBOUND_TICKETS: 'off',
    CRM_SERVICE_DESK_SURVEY_SECRET: TEST_SURVEY_SECRET,
    ...env,
  });
  const service = await startServiceDeskService(config, pino({ level: config.logLevel }), runtime);
  const grpcClient = grpcTestClient({
    address: service.grpcAddress,
    protoPath: SERVICE_DESK_PROTO_PATH,
    loaderOptions: SERVICE_DESK_PROTO_LOADER_OPTIONS,
    serviceName: 'crm.service_desk.v1.ServiceDeskService',
    audience: SERVICE_AUDIENCES.serviceDesk,
    defaultCaller: ADMIN,
    keys,
    now: clock.now,
  });
  return {
    ...grpcClient,
    service,
    database,
    clock,
    eventCount: async () => (await storedEvents(database.url)).length,
    events: () => storedEvents(database.url),
    stop: async () => {
      grpcClient.client.close();
      await service.stop();
      await database.drop();
    },
  };
}

/** Signs the survey links of test services (a spec may sign its own to forge or answer one). */
export const TEST_SURVEY_SECRET = 'test-only-survey-secret-0123456789abcdef';

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });
