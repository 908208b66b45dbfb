/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access --
   proto-loader clients and messages are untyped at runtime; the specs assert their shape. */
// Test support: runs the Loyalty service on a throwaway PostgreSQL database and a free port with a
// movable clock, and gives a real gRPC client (proto-loader with the shared options). Each run has
// its own service token key pair; calls carry a token minted for DEFAULT_CALLER unless the test
// names another caller or sends its own metadata.
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
import { LOYALTY_PROTO_LOADER_OPTIONS, LOYALTY_PROTO_PATH } from '@crm/contracts/loyalty-grpc';
import { systemRuntime, type RuntimeDependencies } from '@crm/event-sourcing';
import { createThrowawayPostgresDatabase, freePort, type ThrowawayDatabase } from '@crm/testing';
import type { Provider } from '@nestjs/common';
import { Client } from 'pg';
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

export interface MintOptions {
  readonly audience?: string;
  readonly now?: () => Date;
  readonly privateKey?: string;
}

export type CallAs = Partial<ServiceCaller> | { readonly metadata: grpc.Metadata };

/** A clock the test moves. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface LoyaltyTestService {
  readonly service: RunningLoyaltyService;
  readonly database: ThrowawayDatabase;
  readonly config: LoyaltyConfig;
  readonly clock: TestClock;
  readonly runtime: RuntimeDependencies;
  readonly keys: { readonly privateKey: string; readonly publicKey: string };
  mint(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<string>;
  metadata(caller?: Partial<ServiceCaller>, options?: MintOptions): Promise<grpc.Metadata>;
  call(method: string, request: object, as?: CallAs): Promise<Record<string, any>>;
  fail(
    method: string,
    request: object,
    as?: CallAs,
  ): Promise<{
    code: grpc.status;
    detail: { code: string; message: string; violations: { field: string; code: string }[] };
  }>;
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
  const pkg = grpc.loadPackageDefinition(
    protoLoader.loadSync(LOYALTY_PROTO_PATH, LOYALTY_PROTO_LOADER_OPTIONS),
  ) as any;
  const client = new pkg.crm.loyalty.v1.LoyaltyService(
    service.grpcAddress,
    grpc.credentials.createInsecure(),
  );
  // Tokens are signed on the service's (moved) clock, which is the one that verifies them.
  const mint = (
    caller: Partial<ServiceCaller> = {},
    mintOptions: MintOptions = {},
  ): Promise<string> =>
    new ServiceTokenSigner(
      parseServiceTokenPrivateKey(mintOptions.privateKey ?? keys.privateKey),
      mintOptions.now ?? clock.now,
    ).sign(
      { ...DEFAULT_CALLER, ...caller },
      (mintOptions.audience ?? SERVICE_AUDIENCES.loyalty) as ServiceAudience,
    );
  const metadata = async (
    caller?: Partial<ServiceCaller>,
    mintOptions?: MintOptions,
  ): Promise<grpc.Metadata> => {
    const md = new grpc.Metadata();
    md.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${await mint(caller, mintOptions)}`);
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
    clock,
    runtime,
    keys,
    mint,
    metadata,
    call,
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
    query: async <Row>(sql: string, params: unknown[] = []): Promise<Row[]> => {
      const pg = new Client({ connectionString: database.url });
      await pg.connect();
      try {
        return (await pg.query(sql, params)).rows as Row[];
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
