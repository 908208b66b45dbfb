// The one configuration schema of the Sales service, validated once at boot. Every problem is
// reported at once, each naming its variable; secrets (the master key) and the service token public
// key have no default.
import {
  defaultErasureLedgerUrl,
  readMasterKeyRing,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import { readContextServiceConfig, type ContextServiceConfig } from '@crm/grpc-service';
import { DEFAULT_TOPIC_PARTITIONS, DEFAULT_TOPIC_RETENTION_MS } from '@crm/contracts';
import { SALES_INBOUND_LEADS_TOPIC } from '@crm/contracts/sales';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';
import type { InboundLeadsSettings } from '../inbound/inbound-lead.consumer';

export interface SalesConfig extends ContextServiceConfig {
  /** The erasure ledger's own database (lead erasures are recorded there before keys are shredded). */
  readonly erasureLedgerUrl: string;
  /** Encrypts leads' personal data under per-lead keys. */
  readonly masterKeys: MasterKeyRing;
  /** Schedules and fires quote expiry and reminders and activity reminders (durable timers). */
  readonly timers: boolean;
  /** Scores leads on capture and on every engagement (reactor sales.lead-scorer). */
  readonly leadScorer: boolean;
  /** Captures leads from the inbound Kafka topic (CRM_SALES_INBOUND_LEADS=on, the default). */
  readonly inboundLeads: InboundLeadsSettings | undefined;
  /** A sales team's snapshot is taken every this many events of its stream (ADR 0285); 0: none. */
  readonly teamSnapshotEvery: number;
  /** Pipeline events a forecast-as-of query folds past a snapshot before storing the next (0: none). */
  readonly pipelineSnapshotEvery: number;
}

export function loadSalesConfig(env: Env = process.env): SalesConfig {
  const read = new EnvReader(env);
  const base = readContextServiceConfig(read, env, {
    prefix: 'CRM_SALES',
    grpcPort: 50052,
    healthPort: 9452,
    pgPoolSize: 8,
  });
  const erasureLedgerUrl = read.url(
    'CRM_ERASURE_LEDGER_URL',
    defaultErasureLedgerUrl(base.postgresUrl),
    ['postgres', 'postgresql'],
  );
  const timers = read.oneOf('CRM_SALES_TIMERS', 'on', ['on', 'off'] as const) === 'on';
  const leadScorer = read.oneOf('CRM_SALES_LEAD_SCORER', 'on', ['on', 'off'] as const) === 'on';
  const namespace = read.string(
    'CRM_TOPIC_NAMESPACE',
    '',
    /^([A-Za-z0-9._-]{0,100})$/,
    'a topic-name prefix such as "staging."',
  );
  const inboundLeads =
    read.oneOf('CRM_SALES_INBOUND_LEADS', 'on', ['on', 'off'] as const) === 'on'
      ? {
          brokers: read.brokers('CRM_KAFKA_BROKERS', '127.0.0.1:59092'),
          topic: `${namespace}${SALES_INBOUND_LEADS_TOPIC}`,
          groupId: `${namespace}sales.inbound-lead-intake`,
          defaultTenantId: read.string(
            'CRM_SALES_INBOUND_DEFAULT_TENANT',
            'demo',
            /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
            'a tenant id',
          ),
          partitions: read.integer('CRM_TOPIC_PARTITIONS', DEFAULT_TOPIC_PARTITIONS, 1, 1000),
          retentionMs: read.integer('CRM_TOPIC_RETENTION_MS', DEFAULT_TOPIC_RETENTION_MS, -1),
        }
      : undefined;
  const teamSnapshotEvery = read.integer('CRM_SALES_TEAM_SNAPSHOT_EVERY', 100, 0, 1_000_000);
  const pipelineSnapshotEvery = read.integer(
    'CRM_SALES_PIPELINE_SNAPSHOT_EVERY',
    5_000,
    0,
    10_000_000,
  );
  const masterKeys = readMasterKeyRing(env, read.problems);
  if (read.problems.length > 0 || !masterKeys || !base.serviceTokenPublicKey)
    throw new ConfigError('sales', read.problems);
  return {
    ...base,
    serviceTokenPublicKey: base.serviceTokenPublicKey,
    erasureLedgerUrl,
    masterKeys,
    timers,
    leadScorer,
    inboundLeads,
    teamSnapshotEvery,
    pipelineSnapshotEvery,
  };
}
