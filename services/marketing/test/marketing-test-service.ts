// Test support: runs the Marketing service on a throwaway PostgreSQL database, a throwaway MongoDB
// database holding the customer profiles a segment selects from (written here as the customers
// projection would write them), the real mail server (Mailpit), and a free port; gives a real gRPC
// client (the kit's, @crm/grpc-service/testing). Calls carry a token minted for a MARKETER unless the test names another caller or sends
// its own metadata (a forged, expired or foreign token, or none).
import {
  Role,
  SERVICE_AUDIENCES,
  generateServiceTokenKeys,
  type ServiceCaller,
} from '@crm/access-policy';
import {
  MARKETING_PROTO_LOADER_OPTIONS,
  MARKETING_PROTO_PATH,
} from '@crm/contracts/marketing-grpc';
import {
  grpcTestClient,
  queryDatabase,
  storedEvents,
  type GrpcTestClient,
  type StoredEvent,
} from '@crm/grpc-service/testing';
import { ALIASES_COLLECTION } from '@crm/read-models';
import { runProjection } from '@crm/read-models/testing';
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  freePort,
  testInfrastructure,
  type TestInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import mongoose from 'mongoose';
import pino from 'pino';
import {
  CUSTOMER_PROFILE_MODEL,
  CUSTOMER_PROFILE_PROJECTION,
  marketingAttributionProjection,
} from '@crm/marketing-read-models';
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

export type { CallAs, Failure, MintOptions, StoredEvent } from '@crm/grpc-service/testing';

export interface MarketingTestService extends GrpcTestClient {
  readonly service: RunningMarketingService;
  readonly infra: TestInfrastructure;
  /** Writes customer profiles as the customers context's customer_360 projection does. */
  putCustomers(docs: readonly Record<string, unknown>[]): Promise<void>;
  /** Changes fields of one customer profile (as a later event would: consent withdrawn, …). */
  updateCustomer(customerId: string, set: Record<string, unknown>): Promise<void>;
  /** The events the store holds, in global order. */
  events(): Promise<StoredEvent[]>;
  /** Rows of a query on the service's database (timers, checkpoints). */
  query<R extends object>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
  /** The service's throwaway PostgreSQL database (to append other contexts' events in tests). */
  readonly databaseUrl: string;
}

export async function startMarketingTestService(
  prefix = 'mkt',
  env: Readonly<Record<string, string>> = {},
  runtime?: RuntimeDependencies,
): Promise<MarketingTestService> {
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
    // Bounce reports are fed to BounceIntake.take directly; no Kafka consumer.
    CRM_MARKETING_INBOUND_BOUNCES: 'off',
    ...env,
  });
  const service = await startMarketingService(config, pino({ level: config.logLevel }), runtime);
  const projection = await runAttributionProjection(database.url, mongo);
  const grpcClient = grpcTestClient({
    address: service.grpcAddress,
    protoPath: MARKETING_PROTO_PATH,
    loaderOptions: MARKETING_PROTO_LOADER_OPTIONS,
    serviceName: 'crm.marketing.v1.MarketingService',
    audience: SERVICE_AUDIENCES.marketing,
    defaultCaller: MARKETER,
    keys,
    // Tokens are checked against the service's clock, which a test may have moved.
    ...(runtime ? { now: () => runtime.now() } : {}),
  });
  return {
    ...grpcClient,
    service,
    infra,
    putCustomers: async (docs) => {
      await mongo.db!.collection(profiles).insertMany(docs.map((d) => ({ ...d })));
    },
    updateCustomer: async (customerId, set) => {
      await mongo
        .db!.collection<{ _id: string }>(profiles)
        .updateOne({ _id: customerId }, { $set: set });
    },
    events: () => storedEvents(database.url),
    query: (sql, params) => queryDatabase(database.url, sql, params),
    databaseUrl: database.url,
    stop: async () => {
      grpcClient.client.close();
      await service.stop();
      await projection.stop();
      await mongo.close();
      await mongoDb.drop();
      await database.drop();
    },
  };
}

/** The attribution report's read model, kept live as the projections worker keeps it. */
async function runAttributionProjection(
  databaseUrl: string,
  connection: mongoose.Connection,
): Promise<{ stop(): Promise<void> }> {
  const store = await PostgresEventStore.create({
    connectionString: databaseUrl,
    eventTypes: storeEventTypes(marketingContracts.events),
    poolConfig: { max: 2 },
    pollIntervalMs: 100,
  });
  const stopProjection = runProjection(marketingAttributionProjection, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  return {
    stop: async () => {
      await stopProjection();
      await store.close();
    },
  };
}

export const ctx = (idempotencyKey = '') => ({ correlationId: '', idempotencyKey });

/** A live person's profile with e-mail consent and an address, as the customers projection writes it. */
export const consentingPerson = (
  id: string,
  email: string,
  region = 'Bavaria',
): Record<string, unknown> => ({
  _id: id,
  tenantId: MARKETER.tenantId,
  kind: 'person',
  status: 'active',
  person: { firstName: id.charAt(0).toUpperCase() + id.slice(1), lastName: 'Test' },
  demographics: { region },
  consents: { email: { granted: true, source: 'web', since: '2026-01-01T00:00:00.000Z' } },
  contacts: { c1: { kind: 'email', email, addedAt: '2026-01-01T00:00:00Z' } },
  primaryContacts: { email: 'c1' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

/** The smallest MJML body a campaign template may have: a line and the unsubscribe link. */
export const UNSUBSCRIBE_ONLY_BODY =
  '<mjml><mj-body><mj-section><mj-column><mj-text>Hi <a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>';

/**
 * The usual set-up of a campaign spec: the segment `bavaria` (region Bavaria, as `consentingPerson`
 * gives) and one English template per `[templateId, subject]` with the smallest body.
 */
export async function defineBavariaAndTemplates(
  t: Pick<MarketingTestService, 'call'>,
  templates: readonly (readonly [templateId: string, subject: string])[],
): Promise<void> {
  await t.call('DefineSegment', {
    ctx: ctx(),
    segmentId: 'bavaria',
    name: 'Bavaria',
    ruleJson: JSON.stringify({ field: 'region', op: 'in', value: ['Bavaria'] }),
  });
  for (const [templateId, subject] of templates)
    await t.call('CreateTemplate', {
      ctx: ctx(),
      templateId,
      name: subject,
      versions: [{ locale: 'TEMPLATE_LOCALE_EN', subject, body: UNSUBSCRIBE_ONLY_BODY }],
    });
}

/** Creates a campaign of the `bavaria` segment with the template `hello` (and `extra`), and sends it. */
export async function sendNewCampaign(
  t: Pick<MarketingTestService, 'call'>,
  campaignId: string,
  extra: Record<string, unknown> = {},
) {
  await t.call('CreateCampaign', {
    ctx: ctx(),
    campaignId,
    name: campaignId,
    segmentId: 'bavaria',
    templateId: 'hello',
    locale: 'TEMPLATE_LOCALE_EN',
    ...extra,
  });
  return t.call('SendCampaign', { ctx: ctx(), campaignId });
}
