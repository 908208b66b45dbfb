/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the Customers service on a throwaway PostgreSQL database and free ports, and
// gives a real gRPC client (proto-loader with the shared options) with promise-returning calls.
import { createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import pino from 'pino';
import { loadCustomersConfig, type CustomersConfig } from '../src/config/customers.config';
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
  startCustomersService,
  type RunningCustomersService,
} from '../src/customers.app';

export type Call = (
  request: object,
  options?: { metadata?: grpc.Metadata },
) => Promise<Record<string, any>>;

export interface CustomersTestService {
  readonly service: RunningCustomersService;
  readonly database: ThrowawayDatabase;
  readonly config: CustomersConfig;
  readonly client: grpc.Client & Record<string, any>;
  call(method: string, request: object): Promise<Record<string, any>>;
  /** The gRPC error of a failing call, with its decoded ErrorDetail. */
  fail(
    method: string,
    request: object,
  ): Promise<{
    code: grpc.status;
    detail: { code: string; message: string; violations: { field: string; code: string }[] };
  }>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const MASTER_KEY = Buffer.alloc(32, 42).toString('base64');

export async function startCustomersTestService(
  prefix = 'customers',
  env: Readonly<Record<string, string>> = {},
): Promise<CustomersTestService> {
  const database = await createThrowawayPostgresDatabase({ prefix });
  const config = loadCustomersConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_MASTER_KEY: MASTER_KEY,
    CRM_CUSTOMERS_GRPC_PORT: String(await freePort()),
    CRM_CUSTOMERS_HEALTH_PORT: '0',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
    CRM_CUSTOMERS_PG_POOL_SIZE: '16',
    ...env,
  });
  const logger = pino({ level: config.logLevel });
  const service = await startCustomersService(config, logger);
  const definition = protoLoader.loadSync(CUSTOMERS_PROTO_PATH, CUSTOMERS_PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.crm.customers.v1.CustomersService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  const call = (method: string, request: object): Promise<Record<string, any>> =>
    new Promise((resolve, reject) => {
      client[method](request, (error: grpc.ServiceError | null, response: Record<string, any>) =>
        error ? reject(error) : resolve(response),
      );
    });
  return {
    service,
    database,
    config,
    client,
    call,
    fail: async (method, request) => {
      try {
        await call(method, request);
      } catch (error) {
        const e = error as grpc.ServiceError;
        const raw = e.metadata?.get('crm-error-detail-bin')[0];
        return {
          code: e.code,
          detail: raw ? JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) : undefined,
        };
      }
      throw new Error(`${method} succeeded but was expected to fail`);
    },
    stop: async () => {
      client.close();
      await service.stop();
      await database.drop();
    },
  };
}

export function ctx(
  overrides: Partial<{
    tenantId: string;
    actorUserId: string;
    actorRoles: string[];
    correlationId: string;
    idempotencyKey: string;
  }> = {},
) {
  return {
    tenantId: 'tenant-a',
    actorUserId: 'user-1',
    actorRoles: ['sales'],
    correlationId: '',
    idempotencyKey: '',
    ...overrides,
  };
}
