// The one configuration schema of the Marketing service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the unsubscribe link key) and the service
// token public key have no default.
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';
import { type KeyObject } from 'node:crypto';
import { readServiceTokenKey } from '@crm/access-policy';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface MarketingConfig {
  readonly postgresUrl: string;
  /** The read models: the customers' profiles a segment selects from (ADR 0190). */
  readonly mongoUrl: string;
  readonly grpcHost: string;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Verifies the service call token of every RPC (Ed25519 public key of the gateway's signer). */
  readonly serviceTokenPublicKey: KeyObject;
  readonly maxCommandRetries: number;
  readonly pgPoolSize: number;
  /** The campaign scheduler reactor and the timer worker (scheduled sends); off: RPCs only. */
  readonly workers: boolean;
  readonly mail: {
    /** Outgoing SMTP server (Mailpit locally; any provider's relay in production). */
    readonly smtpUrl: string;
    readonly from: string;
    /** Base of the public unsubscribe link: `<base>/marketing/unsubscribe?token=…` (the gateway). */
    readonly publicBaseUrl: string;
    /** Signs unsubscribe links (HMAC-SHA256), at least 32 bytes. */
    readonly unsubscribeKey: Buffer;
  };
  readonly observability: ObservabilityConfig;
}

const UNSUBSCRIBE_KEY = 'CRM_MARKETING_UNSUBSCRIBE_KEY';

export function loadMarketingConfig(env: Env = process.env): MarketingConfig {
  const read = new EnvReader(env);
  const postgresUrl = read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
    'postgres',
    'postgresql',
  ]);
  const mongoUrl = read.url('CRM_MONGO_URL', 'mongodb://127.0.0.1:57017/crm', ['mongodb']);
  const grpcHost = read.string(
    'CRM_MARKETING_GRPC_HOST',
    '127.0.0.1',
    /^[A-Za-z0-9.:-]+$/,
    'a host name or IP address',
  );
  const grpcPort = read.integer('CRM_MARKETING_GRPC_PORT', 50055, 0, 65535);
  const healthPort = read.integer('CRM_MARKETING_HEALTH_PORT', 9455, 0, 65535);
  const logLevel = read.oneOf('CRM_LOG_LEVEL', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const);
  const maxCommandRetries = read.integer('CRM_MARKETING_MAX_COMMAND_RETRIES', 3, 0, 20);
  const pgPoolSize = read.integer('CRM_MARKETING_PG_POOL_SIZE', 8, 2, 200);
  const workers = read.oneOf('CRM_MARKETING_WORKERS', 'on', ['on', 'off'] as const) === 'on';
  const smtpUrl = read.url('CRM_SMTP_URL', 'smtp://127.0.0.1:51025', ['smtp', 'smtps']);
  const from = read.string(
    'CRM_MARKETING_MAIL_FROM',
    'marketing@crm.local',
    /^[^\s@]+@[^\s@]+$/,
    'an e-mail address',
  );
  const publicBaseUrl = read
    .url('CRM_PUBLIC_BASE_URL', 'http://127.0.0.1:4000', ['http', 'https'])
    .replace(/\/+$/, '');
  const rawKey = env[UNSUBSCRIBE_KEY];
  const unsubscribeKey = rawKey ? Buffer.from(rawKey, 'base64') : undefined;
  if (!unsubscribeKey || unsubscribeKey.length < 32)
    read.problems.push(`${UNSUBSCRIBE_KEY}: required, base64 of at least 32 random bytes`);
  const serviceTokenPublicKey = readServiceTokenKey(env, 'public', read.problems);
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  if (read.problems.length > 0 || !serviceTokenPublicKey || !unsubscribeKey)
    throw new ConfigError('marketing', read.problems);
  return {
    postgresUrl,
    mongoUrl,
    grpcHost,
    grpcPort,
    healthPort,
    logLevel,
    serviceTokenPublicKey,
    maxCommandRetries,
    pgPoolSize,
    workers,
    mail: { smtpUrl, from, publicBaseUrl, unsubscribeKey },
    observability: observability.config,
  };
}
