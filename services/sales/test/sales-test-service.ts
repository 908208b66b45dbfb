/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the Sales service on a throwaway PostgreSQL database and a free port, and gives
// a real gRPC client (proto-loader with the shared options). Each run has its own service token key
// pair; calls carry a token minted for `ADMIN` unless the test names another caller, or sends its
// own metadata (a forged, expired or foreign token, or none).
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
import { SALES_PROTO_LOADER_OPTIONS, SALES_PROTO_PATH } from '@crm/contracts/sales-grpc';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { ERROR_DETAIL_KEY } from '@crm/grpc-service';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
import pino from 'pino';
import { loadSalesConfig } from '../src/config/sales.config';
import { startSalesService, type RunningSalesService } from '../src/sales.app';

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

export interface MintOptions {
  readonly audience?: string;
  readonly now?: () => Date;
  /** Another private key (base64 PKCS#8): a forged token. */
  readonly privateKey?: string;
}

export type CallAs = Partial<ServiceCaller> | { readonly metadata: grpc.Metadata };

export interface Failure {
  readonly code: grpc.status;
  readonly detail: {
    code: string;
    message: string;
    violations: { field: string; code: string }[];
  };
}

export interface StoredEvent {
  readonly type: string;
  readonly stream_id: string;
  readonly data: any;
  readonly actor: any;
}

export interface SalesTestService {
  readonly service: RunningSalesService;
  readonly database: ThrowawayDatabase;
  readonly keys: { readonly privateKey: string; readonly publicKey: string };
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  fail(method: string, request: object, as?: CallAs): Promise<Failure>;
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
    ...env,
  });
  const service = await startSalesService(config, pino({ level: config.logLevel }), runtime);
  const definition = protoLoader.loadSync(SALES_PROTO_PATH, SALES_PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.crm.sales.v1.SalesService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  const metadata = async (
    caller: Partial<ServiceCaller> = {},
    options: MintOptions = {},
  ): Promise<grpc.Metadata> => {
    const token = await new ServiceTokenSigner(
      parseServiceTokenPrivateKey(options.privateKey ?? keys.privateKey),
      options.now ?? (runtime ? () => runtime.now() : undefined),
    ).sign(
      { ...ADMIN, ...caller },
      (options.audience ?? SERVICE_AUDIENCES.sales) as ServiceAudience,
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
  return {
    service,
    database,
    keys,
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
    events: async () => {
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
    },
    stop: async () => {
      client.close();
      await service.stop();
      await database.drop();
    },
  };
}

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });
