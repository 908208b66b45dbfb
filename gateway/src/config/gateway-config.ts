// The gateway's configuration: ONE schema, validated once at boot. A bad or missing variable stops
// the process with a message that names it. Secrets (CRM_JWT_SECRET, the seeded admin's password)
// have no default in code; local defaults for connection strings live in infra/local/env.sh.
import { type KeyObject } from 'node:crypto';
import path from 'node:path';
import { readServiceTokenKey } from '@crm/access-policy';
import { readPemFiles } from '@crm/event-sourcing';
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';
import { trustedProxiesProblem } from '../auth/client-address';

export interface SeedAdminConfig {
  readonly email: string;
  readonly password: string;
  readonly tenantId: string;
}

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  readonly jwtIssuer: string;
  /** Signs the service call tokens sent with every gRPC call (Ed25519; services hold the public key). */
  readonly serviceTokenPrivateKey: KeyObject;
  readonly postgresUrl: string;
  /** PostgreSQL schema holding the gateway-owned tables (users, roles). */
  readonly postgresSchema: string;
  readonly mongoUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** Consumer group of this gateway instance: every instance must see every change event. */
  readonly kafkaGroupId: string;
  readonly customersEventsTopic: string;
  readonly customersGrpcUrl: string;
  readonly loyaltyGrpcUrl: string;
  readonly salesGrpcUrl: string;
  readonly serviceDeskGrpcUrl: string;
  readonly marketingGrpcUrl: string;
  readonly grpcDeadlineMs: number;
  /** Longest wait of a query for `atLeastPosition` before STALE_READ. */
  readonly readWaitMs: number;
  /** How often the shared wait loop reads a read model's checkpoint while queries wait. */
  readonly readWaitPollMs: number;
  readonly seedAdmin: SeedAdminConfig | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Prometheus /metrics (and /health, /ready) on a port of their own, off the public one. */
  readonly metricsHost: string;
  /** 0 picks a free port (tests). */
  readonly metricsPort: number;
  /** Traces exporter and sampling (docs/operations/tracing.md). */
  readonly observability: ObservabilityConfig;
  readonly maxBodyBytes: number;
  /** Largest CSV accepted by the upload route POST /imports/customers. */
  readonly maxUploadBytes: number;
  readonly maxQueryDepth: number;
  readonly maxQueryComplexity: number;
  readonly introspection: boolean;
  readonly graphiql: boolean;
  /**
   * The built web console served on `/` (docs/console.md); null when CRM_CONSOLE_DIR=off.
   * Default: console/dist of this repository.
   */
  readonly consoleDir: string | null;
  /**
   * Reverse proxies whose X-Forwarded-For is believed (Express `trust proxy` values: addresses,
   * CIDR ranges, `loopback`, `linklocal`, `uniquelocal`). Empty: forwarded headers are ignored.
   */
  readonly trustedProxies: readonly string[];
  readonly loginThrottle: LoginThrottleConfig;
  /** Auditor API: the read-only event-store connection (default: CRM_POSTGRES_URL). */
  readonly auditPostgresUrl: string | null;
  /** Auditor API: trusted checkpoint public keys (PEM), for verifyIntegrity. */
  readonly auditPublicKeyPems: readonly string[];
  /**
   * Runs the report checks' timer worker (daily reconciliation, hourly threshold rules; ADR 0232).
   * Off: rules are still kept, the timers wait for an instance that runs them.
   */
  readonly reportChecks: boolean;
  /** Outgoing mail (report digests): any SMTP relay; Mailpit locally. */
  readonly smtpUrl: string;
  /** The From of report digests. */
  readonly reportMailFrom: string;
}

export interface LoginThrottleConfig {
  /** Failed logins for one account (tenant + e-mail) within the window before it is paused. */
  readonly maxFailuresPerAccount: number;
  /** Failed logins from one client address, over all accounts, within the window. */
  readonly maxFailuresPerAddress: number;
  readonly windowSeconds: number;
}

export class GatewayConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid gateway configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'GatewayConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads variables and records every problem, so one boot reports all bad variables at once. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(
    name: string,
    opts: { default?: string; pattern?: RegExp; describe: string; minLength?: number },
  ): string {
    const value = this.raw(name) ?? opts.default;
    if (value === undefined) {
      this.problems.push(`${name} is required (${opts.describe})`);
      return '';
    }
    if (opts.minLength !== undefined && value.length < opts.minLength) {
      this.problems.push(
        `${name} must be at least ${opts.minLength} characters long (${opts.describe})`,
      );
    } else if (opts.pattern && !opts.pattern.test(value)) {
      this.problems.push(`${name} is invalid: expected ${opts.describe}`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, opts: { default: number; min: number; max: number }): number {
    const raw = this.raw(name);
    if (raw === undefined) return opts.default;
    const value = Number(raw);
    if (
      !/^\d+$/.test(raw) ||
      !Number.isSafeInteger(value) ||
      value < opts.min ||
      value > opts.max
    ) {
      this.problems.push(
        `${name} must be an integer between ${opts.min} and ${opts.max} (got "${raw}")`,
      );
      return opts.default;
    }
    return value;
  }

  bool(name: string, defaultValue: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return defaultValue;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return defaultValue;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], defaultValue: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return defaultValue;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return defaultValue;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Validates the environment into a typed config or throws a GatewayConfigError listing every bad
 * variable. `hostname` names the default Kafka consumer group of this instance.
 */
export function loadGatewayConfig(env: Env, hostname = 'localhost'): GatewayConfig {
  const r = new EnvReader(env);
  const observability = readObservabilityConfig(env);
  r.problems.push(...observability.problems);
  const port = r.int('CRM_GATEWAY_PORT', { default: 4000, min: 1, max: 65535 });
  const config: Omit<GatewayConfig, 'serviceTokenPrivateKey' | 'auditPublicKeyPems'> = {
    host: r.string('CRM_GATEWAY_HOST', {
      default: '127.0.0.1',
      describe: 'an IP address or host name to bind to',
      pattern: /^[A-Za-z0-9.:-]+$/,
    }),
    port,
    jwtSecret: r.string('CRM_JWT_SECRET', {
      describe:
        'the HS256 signing secret, at least 32 random characters, e.g. `head -c 48 /dev/urandom | base64`',
      minLength: 32,
    }),
    jwtTtlSeconds: r.int('CRM_JWT_TTL_SECONDS', { default: 3600, min: 60, max: 86_400 }),
    jwtIssuer: r.string('CRM_JWT_ISSUER', {
      default: 'crm-gateway',
      describe: 'the JWT issuer name',
      pattern: /^[\w.:-]{1,64}$/,
    }),
    postgresUrl: r.string('CRM_POSTGRES_URL', {
      describe: 'a postgres:// connection URL; `infra/local/crm-infra env` prints the local one',
      pattern: /^postgres(ql)?:\/\/.+/,
    }),
    postgresSchema: r.string('CRM_GATEWAY_PG_SCHEMA', {
      default: 'gateway',
      describe: 'a lower-case SQL identifier',
      pattern: SQL_IDENTIFIER,
    }),
    mongoUrl: r.string('CRM_MONGO_URL', {
      describe: 'a mongodb:// connection URL; `infra/local/crm-infra env` prints the local one',
      pattern: /^mongodb(\+srv)?:\/\/.+/,
    }),
    kafkaBrokers: r
      .string('CRM_KAFKA_BROKERS', {
        describe: 'comma-separated host:port list, e.g. 127.0.0.1:59092',
        pattern: /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/,
      })
      .split(',')
      .map((b) => b.trim()),
    kafkaGroupId: r.string('CRM_GATEWAY_KAFKA_GROUP', {
      default: `crm-gateway.${hostname.replace(/[^A-Za-z0-9._-]/g, '_')}.${port}`,
      describe: 'a Kafka consumer group id unique to this gateway instance',
      pattern: /^[A-Za-z0-9._-]{1,200}$/,
    }),
    customersEventsTopic: r.string('CRM_CUSTOMERS_EVENTS_TOPIC', {
      default: 'crm.customers.events',
      describe: 'a Kafka topic name',
      pattern: /^[A-Za-z0-9._-]{1,249}$/,
    }),
    customersGrpcUrl: r.string('CRM_CUSTOMERS_GRPC_URL', {
      default: `127.0.0.1:${env['CRM_CUSTOMERS_GRPC_PORT']?.trim() || '50051'}`,
      describe: 'host:port of services/customers',
      pattern: HOST_PORT,
    }),
    loyaltyGrpcUrl: r.string('CRM_LOYALTY_GRPC_URL', {
      default: `127.0.0.1:${env['CRM_LOYALTY_GRPC_PORT']?.trim() || '50054'}`,
      describe: 'host:port of services/loyalty',
      pattern: HOST_PORT,
    }),
    salesGrpcUrl: r.string('CRM_SALES_GRPC_URL', {
      default: `127.0.0.1:${env['CRM_SALES_GRPC_PORT']?.trim() || '50052'}`,
      describe: 'host:port of services/sales',
      pattern: HOST_PORT,
    }),
    serviceDeskGrpcUrl: r.string('CRM_SERVICE_DESK_GRPC_URL', {
      default: `127.0.0.1:${env['CRM_SERVICE_DESK_GRPC_PORT']?.trim() || '50053'}`,
      describe: 'host:port of services/service-desk',
      pattern: HOST_PORT,
    }),
    marketingGrpcUrl: r.string('CRM_MARKETING_GRPC_URL', {
      default: `127.0.0.1:${env['CRM_MARKETING_GRPC_PORT']?.trim() || '50055'}`,
      describe: 'host:port of services/marketing',
      pattern: HOST_PORT,
    }),
    grpcDeadlineMs: r.int('CRM_GATEWAY_GRPC_DEADLINE_MS', {
      default: 10_000,
      min: 100,
      max: 120_000,
    }),
    readWaitMs: r.int('CRM_GATEWAY_READ_WAIT_MS', { default: 5_000, min: 0, max: 60_000 }),
    readWaitPollMs: r.int('CRM_GATEWAY_READ_WAIT_POLL_MS', { default: 25, min: 5, max: 1_000 }),
    seedAdmin: readSeedAdmin(r),
    logLevel: r.oneOf('CRM_LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsHost: r.string('CRM_GATEWAY_METRICS_HOST', {
      default: '127.0.0.1',
      describe: 'an IP address or host name to bind the metrics port to',
      pattern: /^[A-Za-z0-9.:-]+$/,
    }),
    metricsPort: r.int('CRM_GATEWAY_METRICS_PORT', { default: 9464, min: 0, max: 65535 }),
    observability: observability.config,
    maxBodyBytes: r.int('CRM_GATEWAY_MAX_BODY_BYTES', {
      default: 2 * 1024 * 1024,
      min: 1024,
      max: 64 * 1024 * 1024,
    }),
    maxUploadBytes: r.int('CRM_GATEWAY_MAX_UPLOAD_BYTES', {
      default: 50 * 1024 * 1024,
      min: 1024,
      max: 1024 * 1024 * 1024,
    }),
    maxQueryDepth: r.int('CRM_GRAPHQL_MAX_DEPTH', { default: 8, min: 2, max: 50 }),
    maxQueryComplexity: r.int('CRM_GRAPHQL_MAX_COMPLEXITY', {
      default: 2000,
      min: 10,
      max: 1_000_000,
    }),
    introspection: r.bool('CRM_GRAPHQL_INTROSPECTION', true),
    graphiql: r.bool('CRM_GRAPHQL_GRAPHIQL', false),
    consoleDir: consoleDirOf(r.optionalString('CRM_CONSOLE_DIR')),
    trustedProxies: readTrustedProxies(r),
    auditPostgresUrl: r.optionalString('CRM_GATEWAY_AUDIT_POSTGRES_URL') ?? null,
    loginThrottle: {
      maxFailuresPerAccount: r.int('CRM_LOGIN_MAX_FAILURES_PER_ACCOUNT', {
        default: 10,
        min: 1,
        max: 1000,
      }),
      // Higher than per account: several people may share one address (an office behind NAT).
      maxFailuresPerAddress: r.int('CRM_LOGIN_MAX_FAILURES_PER_ADDRESS', {
        default: 30,
        min: 1,
        max: 100_000,
      }),
      windowSeconds: r.int('CRM_LOGIN_THROTTLE_WINDOW_SECONDS', {
        default: 900,
        min: 1,
        max: 86_400,
      }),
    },
    reportChecks: r.bool('CRM_GATEWAY_REPORT_CHECKS', true),
    smtpUrl: r.string('CRM_SMTP_URL', {
      default: 'smtp://127.0.0.1:51025',
      describe: 'an smtp:// or smtps:// URL of the outgoing mail relay',
      pattern: /^smtps?:\/\/\S+$/,
    }),
    reportMailFrom: r.string('CRM_GATEWAY_REPORT_MAIL_FROM', {
      default: 'CRM reports <reports@crm.invalid>',
      describe: 'the From address of report digests',
      minLength: 3,
    }),
  };
  const serviceTokenPrivateKey = readServiceTokenKey(env, 'private', r.problems);
  const auditPublicKeyPems = readPemFiles(
    'CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS',
    r.optionalString('CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS'),
    r.problems,
  );
  if (r.problems.length > 0 || !serviceTokenPrivateKey) throw new GatewayConfigError(r.problems);
  return { ...config, serviceTokenPrivateKey, auditPublicKeyPems };
}

function readTrustedProxies(r: EnvReader): string[] {
  const raw = r.optionalString('CRM_TRUSTED_PROXIES');
  if (raw === undefined) return [];
  const proxies = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const problem = trustedProxiesProblem(proxies);
  if (problem !== null) {
    r.problems.push(
      `CRM_TRUSTED_PROXIES is invalid: expected comma-separated IP addresses, CIDR ranges, loopback, linklocal or uniquelocal (${problem})`,
    );
  }
  return proxies;
}

function readSeedAdmin(r: EnvReader): SeedAdminConfig | null {
  const email = r.optionalString('CRM_ADMIN_EMAIL');
  const password = r.optionalString('CRM_ADMIN_PASSWORD');
  const tenantId = r.optionalString('CRM_ADMIN_TENANT');
  if (email === undefined && password === undefined && tenantId === undefined) return null;
  const missing = (
    [
      ['CRM_ADMIN_EMAIL', email],
      ['CRM_ADMIN_PASSWORD', password],
      ['CRM_ADMIN_TENANT', tenantId],
    ] as const
  ).filter(([, v]) => v === undefined);
  for (const [name] of missing) {
    r.problems.push(
      `${name} is required when any of CRM_ADMIN_EMAIL, CRM_ADMIN_PASSWORD, CRM_ADMIN_TENANT is set (they seed the first admin together)`,
    );
  }
  if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    r.problems.push('CRM_ADMIN_EMAIL is invalid: expected an email address');
  if (password !== undefined && password.length < 12)
    r.problems.push('CRM_ADMIN_PASSWORD must be at least 12 characters long');
  if (tenantId !== undefined && !TENANT_ID.test(tenantId)) {
    r.problems.push(
      'CRM_ADMIN_TENANT is invalid: expected a tenant id of lower-case letters, digits, "-" or "_" (max 63)',
    );
  }
  if (email === undefined || password === undefined || tenantId === undefined) return null;
  return { email: email.toLowerCase(), password, tenantId };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
export { TENANT_ID as TENANT_ID_PATTERN };

/** CRM_CONSOLE_DIR: a folder, `off`, or unset for this repository's console/dist. */
function consoleDirOf(value: string | undefined): string | null {
  if (value === 'off') return null;
  return path.resolve(value ?? path.join(__dirname, '..', '..', '..', 'console', 'dist'));
}
