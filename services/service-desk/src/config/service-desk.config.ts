// The one configuration schema of the service-desk service, validated once at boot. Every problem
// is reported at once, each naming its variable; the master key and the service token public key
// have no default. The SLA policies are part of the configuration (sla-configuration.ts).
import {
  defineRoutingTeams,
  isKnownTimeZone,
  TICKET_TYPES,
  SERVICE_DESK_LIMITS,
  type CareSettings,
  type RoutingTeam,
  type SlaPolicy,
  type TicketType,
} from '@crm/service-desk-domain';
import type { StaffDirectory } from '../mail/escalation-mailer.reactor';
import type { InboundTicketsSettings } from '../inbound/inbound-ticket.consumer';
import { SERVICE_DESK_INBOUND_TICKETS_TOPIC } from '@crm/contracts/service-desk';
import { EMAIL_ADDRESS, readStaffDirectory } from './staff-directory';
import { readFileSync } from 'node:fs';
import { readMasterKeyRing, type MasterKeyRing } from '@crm/event-sourcing';
import { readContextServiceConfig, type ContextServiceConfig } from '@crm/grpc-service';
import { ConfigError, EnvReader, readInboundTopicSettings, type Env } from '@crm/messaging';
import {
  buildSlaPolicies,
  defaultSlaConfiguration,
  readSlaConfigurationFile,
} from './sla-configuration';

export interface ServiceDeskConfig extends ContextServiceConfig {
  readonly masterKeys: MasterKeyRing;
  /** Days after resolution within which a customer message or an agent reopens a ticket. */
  readonly reopenWindowDays: number;
  readonly slaPolicies: readonly SlaPolicy[];
  readonly mail: MailConfig;
  readonly survey: SurveyConfig;
  /** Schedules and fires SLA warnings and breaches (durable timers). */
  readonly slaTimers: boolean;
  /** Teams that new tickets are routed to (CRM_SERVICE_DESK_ROUTING_FILE); none: no routing. */
  readonly routingTeams: readonly RoutingTeam[];
  /** Care reminders: tasks from purchases (follow-up, warranty end) and detractor answers. */
  readonly care: CareSettings & { readonly enabled: boolean; readonly timeZone: string };
  /** Tickets from the inbound Kafka topic (social and other systems); undefined: off. */
  readonly inboundTickets: InboundTicketsSettings | undefined;
}

/** E-mail in (inbound mailbox polled) and out (SMTP); off unless CRM_SERVICE_DESK_MAIL=on. */
export interface MailConfig {
  readonly enabled: boolean;
  readonly smtpUrl: string;
  /** Mailpit's HTTP API: the inbound mailbox in development (ADR 0160). */
  readonly mailpitUrl: string;
  readonly supportAddress: string;
  /** The tenant whose tickets inbound mail to the support address opens. */
  readonly tenantId: string;
  readonly pollIntervalMs: number;
  /** The automatic reply with suggested articles to inbound mail (ADR 0290). */
  readonly autoReply: AutoReplyConfig;
  /** Addresses the escalation notifications are mailed to (ADR 0291). */
  readonly staff: StaffDirectory;
}

export interface AutoReplyConfig {
  readonly enabled: boolean;
  /** Ticket types whose inbound mail is answered automatically. */
  readonly types: readonly TicketType[];
  readonly locale: string;
  readonly maxArticles: number;
}

/** Satisfaction surveys mailed on resolution (with mail on): signed one-click answer links. */
export interface SurveyConfig {
  /** Signs and verifies the answer links (HS256); absent: no survey is mailed or accepted. */
  readonly secret: string | undefined;
  /** The answer pages' base (the gateway's `/survey`): links go to `<base>/csat` and `<base>/nps`. */
  readonly answerUrl: string;
  readonly validDays: number;
  /** A customer is asked for their NPS at most once in this many days. */
  readonly npsCadenceDays: number;
  /** Asks each customer surveyed once again every `npsCadenceDays` (a timer per customer). */
  readonly npsSchedule: boolean;
}

export function loadServiceDeskConfig(env: Env = process.env): ServiceDeskConfig {
  const read = new EnvReader(env);
  const base = readContextServiceConfig(read, env, {
    prefix: 'CRM_SERVICE_DESK',
    grpcPort: 50053,
    healthPort: 9453,
    pgPoolSize: 8,
  });
  const reopenWindowDays = read.integer(
    'CRM_SERVICE_DESK_REOPEN_WINDOW_DAYS',
    7,
    0,
    SERVICE_DESK_LIMITS.reopenWindowDays,
  );
  const timeZone = read.string('CRM_SERVICE_DESK_TIME_ZONE', 'Europe/Paris');
  if (!isKnownTimeZone(timeZone))
    read.problems.push(`CRM_SERVICE_DESK_TIME_ZONE="${timeZone}" is not an IANA time zone`);
  const slaFile = read.string('CRM_SERVICE_DESK_SLA_FILE', '');
  let slaPolicies: SlaPolicy[] = [];
  try {
    slaPolicies = buildSlaPolicies(
      slaFile ? readSlaConfigurationFile(slaFile) : defaultSlaConfiguration(timeZone),
    );
  } catch (error) {
    read.problems.push(
      `CRM_SERVICE_DESK_SLA_FILE: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const supportAddress = read.string(
    'CRM_SERVICE_DESK_SUPPORT_ADDRESS',
    'support@desk.localhost',
    EMAIL_ADDRESS,
    'an e-mail address',
  );
  const mail: MailConfig = {
    enabled: read.oneOf('CRM_SERVICE_DESK_MAIL', 'off', ['on', 'off'] as const) === 'on',
    smtpUrl: read.url('CRM_SMTP_URL', 'smtp://127.0.0.1:51025', ['smtp', 'smtps']),
    mailpitUrl: read.url('CRM_MAILPIT_URL', 'http://127.0.0.1:58025', ['http', 'https']),
    supportAddress,
    tenantId: read.string(
      'CRM_SERVICE_DESK_MAIL_TENANT',
      'demo',
      /^[A-Za-z0-9_-]{1,64}$/,
      'a tenant id',
    ),
    pollIntervalMs: read.integer('CRM_SERVICE_DESK_MAIL_POLL_MS', 2000, 100, 3_600_000),
    autoReply: readAutoReplyConfig(read),
    staff: readStaffDirectory(read, supportAddress),
  };
  const surveySecret = env['CRM_SERVICE_DESK_SURVEY_SECRET']?.trim() || undefined;
  if (surveySecret !== undefined && surveySecret.length < 32)
    read.problems.push('CRM_SERVICE_DESK_SURVEY_SECRET must be at least 32 characters');
  if (surveySecret === undefined && mail.enabled)
    read.problems.push(
      'CRM_SERVICE_DESK_SURVEY_SECRET is required with CRM_SERVICE_DESK_MAIL=on (signs the satisfaction survey links)',
    );
  const survey: SurveyConfig = {
    secret: surveySecret,
    answerUrl: read.url('CRM_SERVICE_DESK_SURVEY_URL', 'http://127.0.0.1:4000/survey', [
      'http',
      'https',
    ]),
    validDays: read.integer('CRM_SERVICE_DESK_SURVEY_DAYS', 30, 1, 365),
    npsCadenceDays: read.integer('CRM_SERVICE_DESK_NPS_CADENCE_DAYS', 90, 1, 3650),
    npsSchedule: read.oneOf('CRM_SERVICE_DESK_NPS_SCHEDULE', 'on', ['on', 'off'] as const) === 'on',
  };
  const slaTimers =
    read.oneOf('CRM_SERVICE_DESK_SLA_TIMERS', 'on', ['on', 'off'] as const) === 'on';
  const routingFile = read.string('CRM_SERVICE_DESK_ROUTING_FILE', '');
  let routingTeams: readonly RoutingTeam[] = [];
  try {
    if (routingFile)
      routingTeams = defineRoutingTeams(
        (JSON.parse(readFileSync(routingFile, 'utf8')) as { teams: RoutingTeam[] }).teams,
      );
  } catch (error) {
    read.problems.push(
      `CRM_SERVICE_DESK_ROUTING_FILE: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const care = {
    enabled: read.oneOf('CRM_SERVICE_DESK_CARE', 'on', ['on', 'off'] as const) === 'on',
    followUpDays: read.integer('CRM_SERVICE_DESK_CARE_FOLLOW_UP_DAYS', 14, 1, 365),
    warrantyMonths: read.integer('CRM_SERVICE_DESK_WARRANTY_MONTHS', 24, 1, 120),
    // Birthday reminders come at 09:00 in the desk's zone (customers carry no time zone yet).
    timeZone,
  };
  const inboundTickets = readInboundTopicSettings(read, {
    switch: 'CRM_SERVICE_DESK_INBOUND_TICKETS',
    defaultTenant: 'CRM_SERVICE_DESK_INBOUND_DEFAULT_TENANT',
    topic: SERVICE_DESK_INBOUND_TICKETS_TOPIC,
    groupId: 'service-desk.inbound-ticket-intake',
  });
  const masterKeys = readMasterKeyRing(env, read.problems);
  if (read.problems.length > 0 || !masterKeys || !base.serviceTokenPublicKey)
    throw new ConfigError('service-desk', read.problems);
  return {
    ...base,
    serviceTokenPublicKey: base.serviceTokenPublicKey,
    masterKeys,
    reopenWindowDays,
    slaPolicies,
    mail,
    survey,
    slaTimers,
    routingTeams,
    care,
    inboundTickets,
  };
}

function readAutoReplyConfig(read: EnvReader): AutoReplyConfig {
  const types = read
    .string(
      'CRM_SERVICE_DESK_AUTO_REPLY_TYPES',
      'question,incident',
      /^[a-z_]+(,[a-z_]+)*$/,
      'ticket types separated by commas',
    )
    .split(',');
  for (const type of types)
    if (!(TICKET_TYPES as readonly string[]).includes(type))
      read.problems.push(
        `CRM_SERVICE_DESK_AUTO_REPLY_TYPES: "${type}" is not a ticket type (${TICKET_TYPES.join(', ')})`,
      );
  return {
    enabled: read.oneOf('CRM_SERVICE_DESK_AUTO_REPLY', 'on', ['on', 'off'] as const) === 'on',
    types: types as TicketType[],
    locale: read.string(
      'CRM_SERVICE_DESK_AUTO_REPLY_LOCALE',
      'en',
      /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/,
      'a BCP 47 locale',
    ),
    maxArticles: read.integer('CRM_SERVICE_DESK_AUTO_REPLY_ARTICLES', 3, 1, 10),
  };
}
