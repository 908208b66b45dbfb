// The projection workers' configuration: ONE schema, validated once at boot; a bad variable stops
// the process with a message naming it. Connection defaults match infra/local/env.sh.
import { readMasterKeyRing, type MasterKeyRing } from '@crm/event-sourcing';
import { ConfigError, EnvReader } from '@crm/messaging';
import type { Env } from '@crm/messaging';
import { readObservabilityConfig, type ObservabilityConfig } from '@crm/observability';

export interface ProjectionsConfig {
  readonly postgresUrl: string;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUrl: string;
  readonly topicNamespace: string;
  /** Names of the projections this process runs; empty = all of the catalogue. */
  readonly only: readonly string[];
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly partitionsConsumedConcurrently: number;
  readonly healthHost: string;
  readonly healthPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Customer projections read personal fields through the decrypting store, so the workers need
   * CRM_MASTER_KEY; validated here so a missing key stops the boot with the other problems.
   */
  readonly masterKeys: MasterKeyRing;
  /** Traces exporter and sampling (docs/operations/tracing.md). */
  readonly observability: ObservabilityConfig;
  /**
   * How often the pre-aggregated standard reports are brought up to date (ADR 0330), ms; 0: not
   * by this process. Defaults to 10 s in the process that runs the whole catalogue, else 0.
   */
  readonly reportRollupMs: number;
}

export function loadProjectionsConfig(env: Env, known: readonly string[]): ProjectionsConfig {
  const read = new EnvReader(env);
  const only = read
    .string('CRM_PROJECTIONS', '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of only) {
    if (!known.includes(name))
      read.problems.push(
        `CRM_PROJECTIONS names an unknown projection ${JSON.stringify(name)} (known: ${known.join(', ') || 'none'})`,
      );
  }
  const observability = readObservabilityConfig(env);
  read.problems.push(...observability.problems);
  const settings: Omit<ProjectionsConfig, 'masterKeys'> = {
    postgresUrl: read.url('CRM_POSTGRES_URL', 'postgres://crm:crm@127.0.0.1:55432/crm', [
      'postgres',
      'postgresql',
    ]),
    kafkaBrokers: read.brokers('CRM_KAFKA_BROKERS', '127.0.0.1:59092'),
    mongoUrl: read.url('CRM_MONGO_URL', 'mongodb://127.0.0.1:57017/crm', [
      'mongodb',
      'mongodb+srv',
    ]),
    topicNamespace: read.string(
      'CRM_TOPIC_NAMESPACE',
      '',
      /^([A-Za-z0-9._-]{0,100})$/,
      'a topic-name prefix such as "staging."',
    ),
    only,
    batchSize: read.integer('CRM_PROJECTIONS_BATCH_SIZE', 500, 1, 10_000),
    pollIntervalMs: read.integer('CRM_PROJECTIONS_POLL_MS', 1000, 50, 60_000),
    partitionsConsumedConcurrently: read.integer('CRM_PROJECTIONS_PARTITION_CONCURRENCY', 1, 1, 64),
    healthHost: read.string('CRM_PROJECTIONS_HEALTH_HOST', '127.0.0.1'),
    healthPort: read.integer('CRM_PROJECTIONS_HEALTH_PORT', 9102, 0, 65_535),
    logLevel: read.oneOf('CRM_LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    observability: observability.config,
    reportRollupMs: read.integer(
      'CRM_PROJECTIONS_REPORT_ROLLUP_MS',
      only.length === 0 ? 10_000 : 0,
      0,
      3_600_000,
    ),
  };
  const masterKeys = readMasterKeyRing(env, read.problems);
  if (read.problems.length > 0 || !masterKeys) throw new ConfigError('projections', read.problems);
  return { ...settings, masterKeys };
}
