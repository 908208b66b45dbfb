/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the Customers service on a throwaway PostgreSQL database and free ports, and
// gives a real gRPC client (proto-loader with the shared options) with promise-returning calls. Each
// run has its own service token key pair; calls carry a token minted for `DEFAULT_CALLER` unless
// the test names another caller, or sends its own token (or none) in `metadata`.
import { createServer } from 'node:net';
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
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
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

/** Who a test call is from: a caller (defaults from DEFAULT_CALLER) or exactly this metadata. */
export type CallAs = Partial<ServiceCaller> | { readonly metadata: grpc.Metadata };

/** The caller of calls that name none: an admin of tenant-a. */
export const DEFAULT_CALLER: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'user-1' },
  roles: [Role.ADMIN],
  teamId: null,
  teamMemberIds: [],
};

export interface MintOptions {
  /** Another audience than `crm.customers` (a token for another service). */
  readonly audience?: string;
  /** The signer's clock (an hour ago gives an expired token). */
  readonly now?: () => Date;
  /** Another private key (base64 PKCS#8): a forged token. */
  readonly privateKey?: string;
}

export interface CustomersTestService {
  readonly service: RunningCustomersService;
  readonly database: ThrowawayDatabase;
  readonly config: CustomersConfig;
  readonly client: grpc.Client & Record<string, any>;
  /** The key pair of this run: the service verifies with the public key. */
  readonly keys: { readonly privateKey: string; readonly publicKey: string };
  /** A service call token for `caller` (DEFAULT_CALLER's fields where not given). */
  mint(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<string>;
  /** Metadata carrying `Bearer <token>` for `caller`. */
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  /** Rows of a query on the service's database (e.g. what the event store holds). */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** The gRPC error of a failing call, with its decoded ErrorDetail. */
  fail(
    method: string,
    request: object,
    as?: CallAs,
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
  const logger = pino({ level: config.logLevel });
  const service = await startCustomersService(config, logger);
  const definition = protoLoader.loadSync(CUSTOMERS_PROTO_PATH, CUSTOMERS_PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.crm.customers.v1.CustomersService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  const mint = (caller: Partial<ServiceCaller> = {}, options: MintOptions = {}): Promise<string> =>
    new ServiceTokenSigner(
      parseServiceTokenPrivateKey(options.privateKey ?? keys.privateKey),
      options.now,
    ).sign(
      { ...DEFAULT_CALLER, ...caller },
      (options.audience ?? SERVICE_AUDIENCES.customers) as ServiceAudience,
    );
  const metadata = async (
    caller?: Partial<ServiceCaller>,
    options?: MintOptions,
  ): Promise<grpc.Metadata> => {
    const md = new grpc.Metadata();
    md.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${await mint(caller, options)}`);
    return md;
  };
  const call = async (
    method: string,
    request: object,
    as: CallAs = {},
  ): Promise<Record<string, any>> => {
    const md = 'metadata' in as ? as.metadata : await metadata(as);
    return new Promise((resolve, reject) => {
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
    config,
    client,
    keys,
    mint,
    metadata,
    call,
    query: async <Row>(sql: string, params: unknown[] = []): Promise<Row[]> => {
      const pg = new Client({ connectionString: database.url });
      await pg.connect();
      try {
        return (await pg.query(sql, params)).rows as Row[];
      } finally {
        await pg.end();
      }
    },
    fail: async (method, request, as) => {
      try {
        await call(method, request, as);
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
