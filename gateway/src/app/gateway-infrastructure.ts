// Connects the gateway to the real servers: PostgreSQL (users, migrated at start), MongoDB (read
// models, connected in the background: /ready says "not ready" until it answers), services/customers
// over gRPC, and Kafka (change events for subscriptions). Returns the infrastructure for
// GatewayModule and a function that closes every connection.
import { ServiceTokenSigner } from '@crm/access-policy';
import { createPostgresPool, systemRuntime } from '@crm/event-sourcing';
import { type Logger } from 'pino';
import { AuthService } from '../auth/auth.service';
import { LoginThrottle } from '../auth/login-throttle';
import { PasswordHasher } from '../auth/password-hasher';
import { TokenService } from '../auth/token.service';
import { connectAuditTrail } from '../audit/connect-audit-trail';
import { type GatewayConfig } from '../config/gateway-config';
import { CustomerChangeHub } from '../customers/changes/customer-change-hub';
import { CustomerEventsConsumer } from '../customers/changes/customer-events.consumer';
import { CustomersGrpcClient } from '../customers/grpc/customers-grpc.client';
import { CustomerReadModelQueries } from '@crm/customers-read-models';
import { LoyaltyReadModelQueries } from '@crm/loyalty-read-models';
import { LOYALTY_SERVICE } from '../loyalty/loyalty.service-spec';
import { MarketingReadModelQueries } from '@crm/marketing-read-models';
import { MARKETING_SERVICE } from '../marketing/marketing.service-spec';
import { SalesReadModelQueries } from '@crm/sales-read-models';
import { SALES_SERVICE } from '../sales/sales.service-spec';
import { ServiceDeskQueries } from '@crm/service-desk-read-models';
import { ContextGrpcClient } from '../grpc/context-grpc.client';
import { SERVICE_DESK_SERVICE } from '../service-desk/service-desk.service-spec';
import { AppliedPositionWatcher, ReadModelResolver, openMongoConnection } from '@crm/read-models';
import { MongoCustomerReadModels } from '../customers/read/mongo-customer-read-models';
import { migrateGatewaySchema } from '../users/users.migrations';
import { UserRepository } from '../users/user.repository';
import { PostgresStoreHead } from '@crm/messaging';
import { ExchangeRateBook, ReportEngine, ReportResultCache, ReportRollups } from '@crm/reports';
import { PostgresSavedReports } from '../reports/saved-reports.repository';
import { connectReportChecks, connectReportsStore } from '../reports/report-checks';
import { type GatewayInfrastructure } from './gateway.module';

export interface ConnectedInfrastructure {
  readonly infra: GatewayInfrastructure;
  close(): Promise<void>;
}

export async function connectInfrastructure(
  config: GatewayConfig,
  logger: Logger,
): Promise<ConnectedInfrastructure> {
  const pool = createPostgresPool({
    connectionString: config.postgresUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
    application_name: 'crm-gateway',
  });
  pool.on('error', (error) => logger.error({ err: error }, 'idle PostgreSQL client failed'));
  const applied = await migrateGatewaySchema(pool, config.postgresSchema);
  if (applied.length > 0)
    logger.info({ schema: config.postgresSchema, applied }, 'migrated the gateway tables');
  const userStore = new UserRepository(pool, config.postgresSchema);
  const savedReports = new PostgresSavedReports(pool, config.postgresSchema);
  await savedReports.ensureTable();

  if (config.seedAdmin) {
    const auth = new AuthService(
      userStore,
      new PasswordHasher(),
      new TokenService(config.jwtSecret, config.jwtTtlSeconds, config.jwtIssuer),
      new LoginThrottle(config.loginThrottle),
    );
    const created = await auth.seedAdmin(config.seedAdmin);
    logger.info(
      { tenantId: config.seedAdmin.tenantId, email: config.seedAdmin.email, created },
      created ? 'seeded the first admin' : 'the configured admin already exists',
    );
  }

  // MongoDB may come up after the gateway (compose, a restart): keep retrying the first
  // connection with backoff instead of giving up after one server-selection timeout.
  const stopConnecting = new AbortController();
  const { connection: mongo, connected: mongoConnected } = openMongoConnection(config.mongoUrl, {
    logger,
    signal: stopConnecting.signal,
  });
  mongoConnected.then(
    () => logger.info({}, 'connected to MongoDB'),
    () => undefined, // only when closed before MongoDB ever answered
  );
  // One resolver for the queries and the read-your-writes watcher: a wait checks the checkpoint
  // of the same serving target the next query reads.
  const resolver = new ReadModelResolver(mongo);
  const readModels = new MongoCustomerReadModels(new CustomerReadModelQueries(mongo, { resolver }));
  const readPositions = new AppliedPositionWatcher((p) => resolver.appliedStorePosition(p), {
    timeoutMs: config.readWaitMs,
    pollIntervalMs: config.readWaitPollMs,
  });

  const customersClient = new CustomersGrpcClient(
    config.customersGrpcUrl,
    config.grpcDeadlineMs,
    new ServiceTokenSigner(config.serviceTokenPrivateKey),
  );
  const tokenSigner = new ServiceTokenSigner(config.serviceTokenPrivateKey);
  const loyaltyClient = new ContextGrpcClient(
    LOYALTY_SERVICE,
    config.loyaltyGrpcUrl,
    config.grpcDeadlineMs,
    tokenSigner,
  );
  const loyaltyReadModels = new LoyaltyReadModelQueries(mongo, resolver);
  const salesClient = new ContextGrpcClient(
    SALES_SERVICE,
    config.salesGrpcUrl,
    config.grpcDeadlineMs,
    tokenSigner,
  );
  const salesReadModels = new SalesReadModelQueries(mongo, resolver);
  const serviceDeskClient = new ContextGrpcClient(
    SERVICE_DESK_SERVICE,
    config.serviceDeskGrpcUrl,
    config.grpcDeadlineMs,
    tokenSigner,
  );
  const serviceDeskReadModels = new ServiceDeskQueries(mongo, resolver);
  const marketingClient = new ContextGrpcClient(
    MARKETING_SERVICE,
    config.marketingGrpcUrl,
    config.grpcDeadlineMs,
    tokenSigner,
  );
  const marketingReadModels = new MarketingReadModelQueries(mongo, resolver);
  const changeHub = new CustomerChangeHub();
  const consumer = new CustomerEventsConsumer(
    {
      brokers: config.kafkaBrokers,
      groupId: config.kafkaGroupId,
      topic: config.customersEventsTopic,
    },
    changeHub,
    logger,
  );
  consumer.start();
  const audit = await connectAuditTrail(config);
  const reportsStore = await connectReportsStore(pool);
  const exchangeRates = new ExchangeRateBook(reportsStore, () => systemRuntime.now());
  const reports = new ReportEngine({
    connection: mongo,
    storeHead: new PostgresStoreHead(pool),
    resolver,
    rates: (tenantId) => exchangeRates.rates(tenantId),
    // Dashboards re-run the same reports: reuse figures at an unchanged read-model position.
    cache: new ReportResultCache(),
    // A dashboard's first query: standard reports kept grouped by the projections app (ADR 0330).
    rollups: new ReportRollups({ connection: mongo, resolver }),
  });
  const reportChecks = await connectReportChecks({
    pool,
    store: reportsStore,
    mongo,
    resolver,
    engine: reports,
    logger,
    runWorker: config.reportChecks,
    saved: savedReports,
    users: userStore,
    schema: config.postgresSchema,
    smtpUrl: config.smtpUrl,
    mailFrom: config.reportMailFrom,
  });

  return {
    infra: {
      userStore,
      readModels,
      readPositions,
      customersClient,
      changeHub,
      logger,
      auditTrail: audit.trail,
      loyalty: { client: loyaltyClient, readModels: loyaltyReadModels },
      sales: { client: salesClient, readModels: salesReadModels },
      serviceDesk: { client: serviceDeskClient, readModels: serviceDeskReadModels },
      // The event store shares the gateway's database (as the audit trail assumes by default).
      savedReports,
      reports,
      marketing: { client: marketingClient, readModels: marketingReadModels },
      reportChecks: reportChecks.api,
      reportDigests: reportChecks.digests,
      exchangeRates,
      readinessChecks: {
        postgres: async () => {
          await pool.query('SELECT 1');
        },
        mongo: () => readModels.ping(),
        customersGrpc: () => customersClient.waitForReady(1_500),
      },
    },
    async close() {
      readPositions.close();
      await consumer.stop();
      await audit.close().catch(() => undefined);
      await reportChecks.close().catch(() => undefined);
      customersClient.close();
      loyaltyClient.close();
      salesClient.close();
      serviceDeskClient.close();
      marketingClient.close();
      stopConnecting.abort();
      await mongoConnected.catch(() => undefined);
      await mongo.close().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
