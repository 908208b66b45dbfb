// Composition root of the gateway's Nest application. Infrastructure (user store, read models,
// customers client, change hub, readiness checks) is passed in, so that main.ts wires the real
// servers and tests wire in-memory fakes through exactly the same GraphQL, guard and error path.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MulterModule } from '@nestjs/platform-express';
import { type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
import { type Logger } from 'pino';
import { AUDIT_TRAIL, type AuditTrail } from '../audit/audit-trail';
import { AuditResolver } from '../audit/audit.resolver';
import { AuthService } from '../auth/auth.service';
import { clientAddressResolver } from '../auth/client-address';
import { LoginThrottle } from '../auth/login-throttle';
import { PasswordHasher } from '../auth/password-hasher';
import { closeWhenSessionExpires, type ClosableSocket } from '../auth/session-expiry';
import { TokenService } from '../auth/token.service';
import { RolesGuard } from '../authz/roles.guard';
import { type Principal } from '../authz/principal';
import { type GatewayConfig, GATEWAY_CONFIG } from '../config/gateway-config';
import { CustomerAccess } from '../customers/customer-access';
import {
  CUSTOMERS_CLIENT,
  CustomerCommands,
  type CustomersClient,
} from '../customers/customer-commands';
import { CustomerImportUploadController } from '../customers/customer-import-upload.controller';
import { CustomerMutationsResolver } from '../customers/customer-mutations.resolver';
import { CustomerServiceQueriesResolver } from '../customers/customer-service-queries.resolver';
import { CustomersResolver } from '../customers/customers.resolver';
import {
  CUSTOMER_CHANGE_HUB,
  type CustomerChangeHub,
} from '../customers/changes/customer-change-hub';
import { CustomerChangesResolver } from '../customers/changes/customer-changes.resolver';
import { ImportProgressResolver } from '../customers/import-progress.resolver';
import {
  CUSTOMER_READ_MODELS,
  type CustomerReadModels,
} from '../customers/read/customer-read-models.port';
import { createFormatError } from '../graphql/format-error';
import { type GatewayContext } from '../graphql/gateway-context';
import { type GatewayDriverConfig, GatewayApolloDriver } from '../graphql/gateway-apollo.driver';
import { GatewayExceptionFilter } from '../graphql/gateway-exception.filter';
import { InputValidationPipe } from '../graphql/input-validation.pipe';
import { operationLoggingPlugin } from '../graphql/operation-logging.plugin';
import { operationTelemetryPlugin } from '../graphql/operation-telemetry.plugin';
import { assertWithinLimits, queryLimitsPlugin } from '../graphql/query-limits';
import { RequestLoaders } from '../graphql/request-loaders';
import {
  HealthController,
  READINESS_CHECKS,
  type ReadinessCheck,
} from '../health/health.controller';
import {
  acceptOrGenerateCorrelationId,
  CORRELATION_HEADER,
  correlationIdOf,
} from '../logging/correlation-id';
import { GATEWAY_LOGGER } from '../logging/logger';
import {
  READ_POSITIONS,
  ReadConsistency,
  type ReadPositions,
} from '../read-consistency/read-consistency';
import { LoyaltyResolver } from '../loyalty/loyalty.resolver';
import { CustomerLoyaltyResolver } from '../loyalty/customer-loyalty.resolver';
import { ServiceDeskResolver } from '../service-desk/service-desk.resolver';
import { KnowledgeBaseResolver } from '../service-desk/knowledge-base.resolver';
import { SurveyAnswerController } from '../service-desk/survey-answer.controller';
import { Ticket360Resolver } from '../service-desk/ticket-360.resolver';
import { SlaDashboardResolver } from '../service-desk/sla-dashboard.resolver';
import { SatisfactionResolver } from '../service-desk/satisfaction.resolver';
import { CareTasksResolver } from '../service-desk/care-tasks.resolver';
import {
  SERVICE_DESK_CLIENT,
  SERVICE_DESK_NOT_CONFIGURED,
  SERVICE_DESK_READ_MODELS,
  type ServiceDeskClient,
  type ServiceDeskReadModels,
} from '../service-desk/service-desk.ports';
import {
  LOYALTY_CLIENT,
  LOYALTY_NOT_CONFIGURED,
  LOYALTY_READ_MODELS,
  type LoyaltyClient,
  type LoyaltyReadModels,
} from '../loyalty/loyalty.ports';
import { SalesResolver } from '../sales/sales.resolver';
import { LeadCustomerLink } from '../sales/lead-customer-link';
import { SalesQuotesActivitiesResolver } from '../sales/sales-quotes-activities.resolver';
import { SalesScoringResolver } from '../sales/sales-scoring.resolver';
import { SalesForecastResolver } from '../sales/sales-forecast.resolver';
import { SalesLeadImportResolver } from '../sales/sales-lead-import.resolver';
import { SalesContractsResolver } from '../sales/sales-contracts.resolver';
import {
  SALES_CLIENT,
  SALES_NOT_CONFIGURED,
  SALES_READ_MODELS,
  type SalesClient,
  type SalesReadModels,
} from '../sales/sales.ports';
import { USER_STORE, type UserStore } from '../users/user-store';
import { MarketingResolver } from '../marketing/marketing.resolver';
import { MarketingJourneysResolver } from '../marketing/marketing-journeys.resolver';
import { SegmentMembersResolver } from '../marketing/segment-members.resolver';
import { JourneyFunnelsResolver } from '../marketing/journey-funnels.resolver';
import { CampaignVariantsResolver } from '../marketing/campaign-variants.resolver';
import { ChannelSinkResolver } from '../marketing/channel-sink.resolver';
import { RfmCutOffsResolver } from '../marketing/rfm-cut-offs.resolver';
import { CustomerMarketingResolver } from '../marketing/customer-marketing.resolver';
import { MarketingUnsubscribeController } from '../marketing/marketing-unsubscribe.controller';
import { MarketingTrackingController } from '../marketing/marketing-tracking.controller';
import {
  MARKETING_CLIENT,
  MARKETING_NOT_CONFIGURED,
  MARKETING_READ_MODELS,
  type MarketingClient,
  type MarketingReadModels,
} from '../marketing/marketing.ports';
import { UsersResolver } from '../users/users.resolver';
import { ReportsResolver } from '../reports/reports.resolver';
import {
  REPORT_RUNNER,
  REPORTS_NOT_CONFIGURED,
  SAVED_REPORTS,
  SAVED_REPORTS_NOT_CONFIGURED,
  type ReportRunner,
} from '../reports/reports.ports';
import { SavedReportsResolver } from '../reports/saved-reports.resolver';
import type { SavedReportStore } from '../reports/saved-reports.repository';
import { CustomerContextFactsResolver } from '../customer-360/customer-context-facts.resolver';
import { REPORT_CHECKS, ReportAlertsResolver } from '../reports/report-alerts.resolver';
import { ReportDigestsResolver } from '../reports/report-digests.resolver';
import {
  EXCHANGE_RATES,
  EXCHANGE_RATES_NOT_CONFIGURED,
  ExchangeRatesResolver,
  type ExchangeRatesApi,
} from '../reports/exchange-rates.resolver';
import { REPORT_CHECKS_NOT_CONFIGURED, type ReportChecksApi } from '../reports/report-checks';
import {
  REPORT_DIGESTS,
  REPORT_DIGESTS_NOT_CONFIGURED,
  type ReportDigestsApi,
} from '../reports/report-digests.resolver';

export interface GatewayInfrastructure {
  readonly userStore: UserStore;
  readonly readModels: CustomerReadModels;
  /** Read your own writes: waits for a read model's applied position (queries' atLeastPosition). */
  readonly readPositions: ReadPositions;
  readonly customersClient: CustomersClient;
  readonly changeHub: CustomerChangeHub;
  readonly readinessChecks: Record<string, ReadinessCheck>;
  readonly logger: Logger;
  readonly auditTrail: AuditTrail;
  /** services/loyalty and its read models; absent where a test wires only other contexts. */
  readonly loyalty?: { readonly client: LoyaltyClient; readonly readModels: LoyaltyReadModels };
  /** services/sales and its read models; absent where a test wires only other contexts. */
  readonly sales?: { readonly client: SalesClient; readonly readModels: SalesReadModels };
  /** services/service-desk and the agent queue; absent where a test wires only other contexts. */
  readonly serviceDesk?: {
    readonly client: ServiceDeskClient;
    readonly readModels: ServiceDeskReadModels;
  };
  /** Reports over the read models (libs/reports); absent where a test wires only other contexts. */
  readonly reports?: ReportRunner;
  /** Saved report definitions (gateway PostgreSQL); absent where a test wires only other contexts. */
  readonly savedReports?: SavedReportStore;
  /** services/marketing and its read models; absent where a test wires only other contexts. */
  readonly marketing?: {
    readonly client: MarketingClient;
    readonly readModels: MarketingReadModels;
  };
  /** Threshold rules and alerts of the report checks (ADR 0232); absent where a test wires only other contexts. */
  readonly reportChecks?: ReportChecksApi;
  /** Scheduled e-mail digests of saved reports; absent where a test wires only other contexts. */
  readonly reportDigests?: ReportDigestsApi;
  /** The tenant's reporting currency and exchange rates (ADR 0234); absent where a test wires only other contexts. */
  readonly exchangeRates?: ExchangeRatesApi;
}

/** Every HTTP controller: the authorisation coverage test checks their declarations too. */
export const GATEWAY_CONTROLLERS = [
  HealthController,
  CustomerImportUploadController,
  MarketingUnsubscribeController,
  SurveyAnswerController,
  MarketingTrackingController,
] as const;

/** Every resolver class of the API: the schema check and the authorisation coverage test use this list. */
export const GATEWAY_RESOLVERS = [
  UsersResolver,
  CustomersResolver,
  CustomerMutationsResolver,
  CustomerServiceQueriesResolver,
  CustomerChangesResolver,
  ImportProgressResolver,
  AuditResolver,
  LoyaltyResolver,
  CustomerLoyaltyResolver,
  SalesResolver,
  SalesQuotesActivitiesResolver,
  SalesScoringResolver,
  SalesForecastResolver,
  SalesLeadImportResolver,
  ServiceDeskResolver,
  ReportsResolver,
  SavedReportsResolver,
  MarketingResolver,
  KnowledgeBaseResolver,
  SatisfactionResolver,
  CustomerContextFactsResolver,
  ReportAlertsResolver,
  ReportDigestsResolver,
  ExchangeRatesResolver,
  MarketingJourneysResolver,
  SegmentMembersResolver,
  SalesContractsResolver,
  Ticket360Resolver,
  SlaDashboardResolver,
  JourneyFunnelsResolver,
  CustomerMarketingResolver,
  CareTasksResolver,
  CampaignVariantsResolver,
  ChannelSinkResolver,
  RfmCutOffsResolver,
] as const;

interface IncomingLike {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string };
}

interface WsExtra {
  request: IncomingLike;
  socket: ClosableSocket;
  principal?: Principal | null;
  correlationId?: string;
}

interface WsContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: WsExtra;
}

function isWsContext(value: unknown): value is WsContext {
  return (
    typeof value === 'object' && value !== null && 'extra' in value && 'connectionParams' in value
  );
}

/** The schema of the running server, for checks that run outside Apollo (WebSocket operations). */
class SchemaHolder {
  schema: GraphQLSchema | null = null;
}

@Module({})
export class GatewayModule {
  static create(config: GatewayConfig, infra: GatewayInfrastructure): DynamicModule {
    const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds, config.jwtIssuer);
    const auth = new AuthService(
      infra.userStore,
      new PasswordHasher(),
      tokens,
      new LoginThrottle(config.loginThrottle),
    );
    const clientAddressOf = clientAddressResolver(config.trustedProxies);
    const logger = infra.logger;
    const limits = { maxDepth: config.maxQueryDepth, maxComplexity: config.maxQueryComplexity };
    const schemaHolder = new SchemaHolder();

    const httpContext = (req: IncomingLike): GatewayContext => {
      const authorization = req.headers['authorization'];
      const { principal, error } = tokens.fromAuthorizationHeader(
        Array.isArray(authorization) ? authorization[0] : authorization,
      );
      return {
        correlationId: correlationIdOf(req as never),
        principal,
        authError: error,
        loaders: new RequestLoaders(infra.userStore, principal),
        clientIp: clientAddressOf(req as never),
      };
    };

    const wsContext = (ctx: WsContext): GatewayContext => {
      const principal = ctx.extra.principal ?? null;
      return {
        correlationId: ctx.extra.correlationId ?? acceptOrGenerateCorrelationId(undefined),
        principal,
        authError: principal ? null : 'Authentication required.',
        loaders: new RequestLoaders(infra.userStore, principal),
        clientIp: clientAddressOf(ctx.extra.request as never),
      };
    };

    const formatWsErrors = (ctx: WsContext, errors: readonly GraphQLError[]) => {
      const format = createFormatError(logger, () => ctx.extra.correlationId);
      return errors.map((e) => format(e.toJSON(), e));
    };

    const driverConfig: GatewayDriverConfig = {
      driver: GatewayApolloDriver,
      path: '/graphql',
      autoSchemaFile: true,
      sortSchema: true,
      introspection: config.introspection,
      graphiql: config.graphiql,
      includeStacktraceInErrorResponses: false,
      csrfPrevention: true,
      fieldResolverEnhancers: ['guards'],
      maxBodyBytes: config.maxBodyBytes,
      plugins: [
        queryLimitsPlugin(limits),
        operationLoggingPlugin(logger),
        operationTelemetryPlugin(),
      ],
      formatError: createFormatError(logger),
      context: (arg: unknown): GatewayContext => {
        if (isWsContext(arg)) return wsContext(arg);
        return httpContext((arg as { req: IncomingLike }).req);
      },
      subscriptions: {
        'graphql-ws': {
          path: '/graphql',
          // Authenticates once per connection: `connectionParams.authorization` = "Bearer <token>";
          // the connection closes (4403) when that token expires.
          onConnect: (ctx: WsContext) => {
            const raw =
              ctx.connectionParams?.['authorization'] ?? ctx.connectionParams?.['Authorization'];
            const { principal, expiresAt } = tokens.fromAuthorizationHeader(
              typeof raw === 'string' ? raw : undefined,
            );
            if (!principal || !expiresAt) return false; // closes with 4403 Forbidden
            ctx.extra.principal = principal;
            closeWhenSessionExpires(ctx.extra.socket, expiresAt);
            const fromParams = ctx.connectionParams?.[CORRELATION_HEADER];
            ctx.extra.correlationId = acceptOrGenerateCorrelationId(
              typeof fromParams === 'string'
                ? fromParams
                : ctx.extra.request.headers[CORRELATION_HEADER],
            );
            return true;
          },
          onSubscribe: (
            ctx: WsContext,
            _id: string,
            payload: {
              query: string;
              operationName?: string | null;
              variables?: Record<string, unknown> | null;
            },
          ) => {
            const schema = schemaHolder.schema;
            if (!schema) return undefined;
            let document;
            try {
              document = parse(payload.query);
            } catch (error) {
              return [error as GraphQLError];
            }
            const errors = validate(schema, document);
            if (errors.length > 0) return errors;
            try {
              assertWithinLimits({
                schema,
                document,
                operationName: payload.operationName ?? null,
                variables: payload.variables ?? {},
                limits,
              });
            } catch (error) {
              return [error as GraphQLError];
            }
            return undefined;
          },
          onError: (
            ctx: WsContext,
            _id: string,
            _payload: unknown,
            errors: readonly GraphQLError[],
          ) => formatWsErrors(ctx, errors),
          onNext: (
            ctx: WsContext,
            _id: string,
            _payload: unknown,
            _args: unknown,
            result: { data?: unknown; errors?: readonly GraphQLError[] },
          ) =>
            result.errors ? { ...result, errors: formatWsErrors(ctx, result.errors) } : undefined,
        },
      },
    } as GatewayDriverConfig;

    return {
      module: GatewayModule,
      imports: [
        GraphQLModule.forRoot<GatewayDriverConfig>(driverConfig),
        // The CSV upload route keeps the file in memory (bounded) and streams it to the service.
        MulterModule.register({
          limits: {
            fileSize: config.maxUploadBytes,
            files: 1,
            fields: 10,
            fieldSize: 64 * 1024,
            parts: 12,
          },
        }),
      ],
      controllers: [...GATEWAY_CONTROLLERS],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GATEWAY_LOGGER, useValue: logger },
        { provide: USER_STORE, useValue: infra.userStore },
        { provide: CUSTOMER_READ_MODELS, useValue: infra.readModels },
        { provide: READ_POSITIONS, useValue: infra.readPositions },
        { provide: CUSTOMERS_CLIENT, useValue: infra.customersClient },
        { provide: CUSTOMER_CHANGE_HUB, useValue: infra.changeHub },
        { provide: READINESS_CHECKS, useValue: infra.readinessChecks },
        { provide: AUDIT_TRAIL, useValue: infra.auditTrail },
        { provide: LOYALTY_CLIENT, useValue: infra.loyalty?.client ?? LOYALTY_NOT_CONFIGURED },
        {
          provide: LOYALTY_READ_MODELS,
          useValue: infra.loyalty?.readModels ?? LOYALTY_NOT_CONFIGURED,
        },
        { provide: SALES_CLIENT, useValue: infra.sales?.client ?? SALES_NOT_CONFIGURED },
        { provide: SALES_READ_MODELS, useValue: infra.sales?.readModels ?? SALES_NOT_CONFIGURED },
        {
          provide: SERVICE_DESK_CLIENT,
          useValue: infra.serviceDesk?.client ?? SERVICE_DESK_NOT_CONFIGURED,
        },
        {
          provide: SERVICE_DESK_READ_MODELS,
          useValue: infra.serviceDesk?.readModels ?? SERVICE_DESK_NOT_CONFIGURED,
        },
        { provide: REPORT_RUNNER, useValue: infra.reports ?? REPORTS_NOT_CONFIGURED },
        { provide: SAVED_REPORTS, useValue: infra.savedReports ?? SAVED_REPORTS_NOT_CONFIGURED },
        {
          provide: MARKETING_CLIENT,
          useValue: infra.marketing?.client ?? MARKETING_NOT_CONFIGURED,
        },
        {
          provide: MARKETING_READ_MODELS,
          useValue: infra.marketing?.readModels ?? MARKETING_NOT_CONFIGURED,
        },
        { provide: REPORT_CHECKS, useValue: infra.reportChecks ?? REPORT_CHECKS_NOT_CONFIGURED },
        {
          provide: REPORT_DIGESTS,
          useValue: infra.reportDigests ?? REPORT_DIGESTS_NOT_CONFIGURED,
        },
        { provide: EXCHANGE_RATES, useValue: infra.exchangeRates ?? EXCHANGE_RATES_NOT_CONFIGURED },
        { provide: AuthService, useValue: auth },
        { provide: TokenService, useValue: tokens },
        { provide: SchemaHolder, useValue: schemaHolder },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
        CustomerAccess,
        CustomerCommands,
        ReadConsistency,
        ...GATEWAY_RESOLVERS,
        LeadCustomerLink,
      ],
      exports: [SchemaHolder],
    };
  }
}

export { SchemaHolder };
