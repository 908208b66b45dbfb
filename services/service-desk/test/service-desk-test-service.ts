/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the service-desk service on a throwaway PostgreSQL database and a free port
// with a clock the test moves, and gives a real gRPC client (proto-loader with the shared options).
// The SLA timers are off unless a spec turns them on (`CRM_SERVICE_DESK_SLA_TIMERS: 'on'`: the
// timer and telemetry specs), so every event in the store was written by a command the spec sent.
// Each run has its own service token key pair; calls carry a token minted for `ADMIN` (at the
// test clock's time) unless the test names another caller or sends its own metadata.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  Role,
  SERVICE_AUDIENCES,
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenSigner,
  generateServiceTokenKeys,
  parseServiceTokenPrivateKey,
  type ServiceAudience,
  type ServiceCaller,
} from '@crm/access-policy';
import {
  SERVICE_DESK_PROTO_LOADER_OPTIONS,
  SERVICE_DESK_PROTO_PATH,
} from '@crm/contracts/service-desk-grpc';
import { uuidV7Ids, type RuntimeDependencies } from '@crm/event-sourcing';
import { ERROR_DETAIL_KEY } from '@crm/grpc-service';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
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

/** A clock the test sets; starts at `start`. */
export class TestClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface MintOptions {
  readonly audience?: string;
  readonly now?: () => Date;
  readonly privateKey?: string;
}

export type CallAs = Partial<ServiceCaller> | { readonly metadata: grpc.Metadata };

export interface Failure {
  readonly code: grpc.status;
  readonly detail: { code: string; message: string; violations: { field: string; code: string }[] };
}

export interface StoredEvent {
  readonly type: string;
  readonly stream_id: string;
  readonly data: any;
  readonly actor: any;
}

export interface ServiceDeskTestService {
  readonly service: RunningServiceDeskService;
  readonly database: ThrowawayDatabase;
  readonly clock: TestClock;
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  fail(method: string, request: object, as?: CallAs): Promise<Failure>;
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
): Promise<ServiceDeskTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix });
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
    CRM_SERVICE_DESK_SURVEY_SECRET: TEST_SURVEY_SECRET,
    ...env,
  });
  const service = await startServiceDeskService(config, pino({ level: config.logLevel }), runtime);
  const definition = protoLoader.loadSync(
    SERVICE_DESK_PROTO_PATH,
    SERVICE_DESK_PROTO_LOADER_OPTIONS,
  );
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.crm.service_desk.v1.ServiceDeskService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  const metadata = async (
    caller: Partial<ServiceCaller> = {},
    options: MintOptions = {},
  ): Promise<grpc.Metadata> => {
    const token = await new ServiceTokenSigner(
      parseServiceTokenPrivateKey(options.privateKey ?? keys.privateKey),
      options.now ?? (() => clock.now()),
    ).sign(
      { ...ADMIN, ...caller },
      (options.audience ?? SERVICE_AUDIENCES.serviceDesk) as ServiceAudience,
    );
    const md = new grpc.Metadata();
    md.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${token}`);
    return md;
  };
  const call = async (method: string, request: object, as: CallAs = {}) => {
    const md = 'metadata' in as ? as.metadata : await metadata(as);
    return new Promise<Record<string, any>>((resolve, reject) => {
      client[method](
        request,
        md,
        (error: grpc.ServiceError | null, response: Record<string, any>) =>
          error ? reject(error) : resolve(response),
      );
    });
  };
  const readEvents = async (): Promise<StoredEvent[]> => {
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const result = await pg.query<StoredEvent>(
        'SELECT type, stream_id, data, actor FROM event_store.events ORDER BY global_position',
      );
      return result.rows;
    } finally {
      await pg.end();
    }
  };
  return {
    service,
    database,
    clock,
    metadata,
    call,
    fail: async (method, request, as) => {
      try {
        await call(method, request, as);
      } catch (error) {
        const e = error as grpc.ServiceError;
        const raw = e.metadata?.get(ERROR_DETAIL_KEY)[0];
        return {
          code: e.code,
          detail: raw ? JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) : undefined,
        };
      }
      throw new Error(`${method} succeeded but was expected to fail`);
    },
    eventCount: async () => (await readEvents()).length,
    events: async () => readEvents(),
    stop: async () => {
      client.close();
      await service.stop();
      await database.drop();
    },
  };
}

/** Signs the survey links of test services (a spec may sign its own to forge or answer one). */
export const TEST_SURVEY_SECRET = 'test-only-survey-secret-0123456789abcdef';

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });
