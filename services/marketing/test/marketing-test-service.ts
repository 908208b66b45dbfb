/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the Marketing service on a throwaway PostgreSQL database, a throwaway MongoDB
// database holding the customer profiles a segment selects from (written here as the customers
// projection would write them), the real mail server (Mailpit), and a free port; gives a real gRPC
// client. Calls carry a token minted for a MARKETER unless the test names another caller or sends
// its own metadata (a forged, expired or foreign token, or none).
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
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
} from '@crm/contracts/marketing-grpc';
import { ERROR_DETAIL_KEY } from '@crm/grpc-service';
import { ALIASES_COLLECTION } from '@crm/read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  freePort,
  testInfrastructure,
  type TestInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import mongoose from 'mongoose';
import { Client } from 'pg';
import pino from 'pino';
import { CUSTOMER_PROFILE_MODEL, CUSTOMER_PROFILE_PROJECTION } from '@crm/marketing-read-models';
import { loadMarketingConfig } from '../src/config/marketing.config';
import { startMarketingService, type RunningMarketingService } from '../src/marketing.app';

export const MARKETER: ServiceCaller = {
  tenantId: 'tenant-a',
  actor: { kind: 'user', userId: 'marketer-1' },
  roles: [Role.MARKETER],
  teamId: null,
  teamMemberIds: [],
};

export const UNSUBSCRIBE_KEY = Buffer.alloc(32, 9);

export interface MintOptions {
  readonly audience?: string;
  readonly now?: () => Date;
  /** Another private key (base64 PKCS#8): a forged token. */
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

export interface MarketingTestService {
  readonly service: RunningMarketingService;
  readonly infra: TestInfrastructure;
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  fail(method: string, request: object, as?: CallAs): Promise<Failure>;
  /** Writes customer profiles as the customers context's customer_360 projection does. */
  putCustomers(docs: readonly Record<string, unknown>[]): Promise<void>;
  /** The events the store holds, in global order. */
  events(): Promise<StoredEvent[]>;
  /** Rows of a query on the service's database (timers, checkpoints). */
  query<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startMarketingTestService(prefix = 'mkt'): Promise<MarketingTestService> {
  const infra = await testInfrastructure({ require: ['postgres', 'mongo', 'mailpit'] });
  const database: ThrowawayDatabase = await createThrowawayPostgresDatabase({ prefix, infra });
  const mongoDb = await createThrowawayMongoDatabase({ prefix, infra });
  const mongo = await mongoose.createConnection(mongoDb.url).asPromise();
  const profiles = `${CUSTOMER_PROFILE_MODEL}_test`;
  await mongo
    .db!.collection<{ _id: string; [key: string]: unknown }>(ALIASES_COLLECTION)
    .insertOne({
      _id: CUSTOMER_PROFILE_PROJECTION,
      version: 1,
      targetId: `${CUSTOMER_PROFILE_PROJECTION}.v1.test`,
      collections: { [CUSTOMER_PROFILE_MODEL]: profiles },
      switchedAt: new Date(),
    });
  const keys = generateServiceTokenKeys();
  const config = loadMarketingConfig({
    CRM_POSTGRES_URL: database.url,
    CRM_MONGO_URL: mongoDb.url,
    CRM_SMTP_URL: infra.smtpUrl,
    CRM_PUBLIC_BASE_URL: 'https://crm.test',
    CRM_MARKETING_UNSUBSCRIBE_KEY: UNSUBSCRIBE_KEY.toString('base64'),
    CRM_SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    CRM_MARKETING_GRPC_PORT: String(await freePort()),
    CRM_MARKETING_HEALTH_PORT: '0',
    CRM_LOG_LEVEL: process.env['CRM_TEST_LOG_LEVEL'] ?? 'silent',
  });
  const service = await startMarketingService(config, pino({ level: config.logLevel }));
  const query = async <R extends object>(sql: string, params: unknown[] = []): Promise<R[]> => {
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      return (await pg.query<R>(sql, params)).rows;
    } finally {
      await pg.end();
    }
  };
  const definition = protoLoader.loadSync(MARKETING_PROTO_PATH, MARKETING_PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const client = new pkg.crm.marketing.v1.MarketingService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  const metadata = async (caller: Partial<ServiceCaller> = {}, options: MintOptions = {}) => {
    const token = await new ServiceTokenSigner(
      parseServiceTokenPrivateKey(options.privateKey ?? keys.privateKey),
      options.now,
    ).sign(
      { ...MARKETER, ...caller },
      (options.audience ?? SERVICE_AUDIENCES.marketing) as ServiceAudience,
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
    infra,
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
    putCustomers: async (docs) => {
      await mongo.db!.collection(profiles).insertMany(docs.map((d) => ({ ...d })));
    },
    events: () =>
      query<StoredEvent>(
        'SELECT type, stream_id, data, actor FROM event_store.events ORDER BY global_position',
      ),
    query,
    stop: async () => {
      client.close();
      await service.stop();
      await mongo.close();
      await mongoDb.drop();
      await database.drop();
    },
  };
}

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });
