// The one configuration schema of the Marketing service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the unsubscribe link key) and the service
// token public key have no default.
import { readContextServiceConfig, type ContextServiceConfig } from '@crm/grpc-service';
import {
  parseFrequencyCap,
  parseQuietHours,
  type FrequencyCap,
  type QuietHours,
} from '@crm/marketing-domain';
import { MARKETING_INBOUND_BOUNCES_TOPIC } from '@crm/contracts/marketing';
import {
  ConfigError,
  EnvReader,
  readInboundTopicSettings,
  type Env,
  type InboundTopicSettings,
} from '@crm/messaging';

export interface MarketingConfig extends ContextServiceConfig {
  /** The read models: the customers' profiles a segment selects from (ADR 0190). */
  readonly mongoUrl: string;
  /** The campaign scheduler reactor and the timer worker (scheduled sends); off: RPCs only. */
  readonly workers: boolean;
  /** How often segment membership is reconciled with the audience (SegmentMembershipChanged). */
  readonly membershipIntervalMs: number;
  readonly mail: {
    /** Outgoing SMTP server (Mailpit locally; any provider's relay in production). */
    readonly smtpUrl: string;
    readonly from: string;
    /** Base of the public unsubscribe link: `<base>/marketing/unsubscribe?token=…` (the gateway). */
    readonly publicBaseUrl: string;
    /** Signs unsubscribe and tracking links (HMAC-SHA256, one purpose each), at least 32 bytes. */
    readonly unsubscribeKey: Buffer;
  };
  /** Campaigns must be approved (by an admin, after a test send) before they are scheduled or sent. */
  readonly campaignApproval: boolean;
  /** Limits on every marketing send beside consent (docs/marketing.md); absent: none. */
  readonly limits: {
    /** At most `max` marketing e-mails per customer in a rolling window of `days`. */
    readonly frequencyCap?: FrequencyCap;
    /** In the customer's time zone; journey sends wait until they end. */
    readonly quietHours?: QuietHours;
  };
  /** Bounce reports from the mail provider (CRM_MARKETING_INBOUND_BOUNCES=on); undefined: off. */
  readonly inboundBounces: InboundTopicSettings | undefined;
}

const UNSUBSCRIBE_KEY = 'CRM_MARKETING_UNSUBSCRIBE_KEY';

export function loadMarketingConfig(env: Env = process.env): MarketingConfig {
  const read = new EnvReader(env);
  const base = readContextServiceConfig(read, env, {
    prefix: 'CRM_MARKETING',
    grpcPort: 50055,
    healthPort: 9455,
    pgPoolSize: 16,
  });
  const mongoUrl = read.url('CRM_MONGO_URL', 'mongodb://127.0.0.1:57017/crm', ['mongodb']);
  const workers = read.oneOf('CRM_MARKETING_WORKERS', 'on', ['on', 'off'] as const) === 'on';
  const membershipIntervalMs = read.integer(
    'CRM_MARKETING_MEMBERSHIP_INTERVAL_MS',
    10_000,
    100,
    86_400_000,
  );
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
  const cap = read.string(
    'CRM_MARKETING_EMAIL_FREQUENCY_CAP',
    '',
    /^$|^[1-9]\d{0,2}\/[1-9]\d{0,2}$/,
    'max/days, e.g. 3/7, or empty for none',
  );
  const quiet = read.string(
    'CRM_MARKETING_QUIET_HOURS',
    '',
    /^$|^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
    'HH:MM-HH:MM, e.g. 21:00-08:00, or empty for none',
  );
  const campaignApproval =
    read.oneOf('CRM_MARKETING_CAMPAIGN_APPROVAL', 'off', ['on', 'off'] as const) === 'on';
  const frequencyCap = parseFrequencyCap(cap);
  const quietHours = parseQuietHours(quiet);
  const inboundBounces = readInboundTopicSettings(read, {
    switch: 'CRM_MARKETING_INBOUND_BOUNCES',
    defaultTenant: 'CRM_MARKETING_INBOUND_DEFAULT_TENANT',
    topic: MARKETING_INBOUND_BOUNCES_TOPIC,
    groupId: 'marketing.bounce-intake',
  });
  const rawKey = env[UNSUBSCRIBE_KEY];
  const unsubscribeKey = rawKey ? Buffer.from(rawKey, 'base64') : undefined;
  if (!unsubscribeKey || unsubscribeKey.length < 32)
    read.problems.push(`${UNSUBSCRIBE_KEY}: required, base64 of at least 32 random bytes`);
  if (read.problems.length > 0 || !base.serviceTokenPublicKey || !unsubscribeKey)
    throw new ConfigError('marketing', read.problems);
  return {
    ...base,
    serviceTokenPublicKey: base.serviceTokenPublicKey,
    mongoUrl,
    workers,
    membershipIntervalMs,
    mail: { smtpUrl, from, publicBaseUrl, unsubscribeKey },
    campaignApproval,
    limits: { ...(frequencyCap ? { frequencyCap } : {}), ...(quietHours ? { quietHours } : {}) },
    inboundBounces,
  };
}
