// The audit CLI's configuration: one schema, read once, naming every bad variable.
// The CLI connects as the auditor's read-only database role (CRM_AUDIT_POSTGRES_URL, see
// docs/auditing.md and ADR 0096); only `checkpoint` writes, and only with the signing key.
import { readMasterKeyRing, readPemFiles, type MasterKeyRing } from '@crm/event-sourcing';
import { ConfigError, EnvReader, type Env } from '@crm/messaging';

export interface AuditCliConfig {
  readonly postgresUrl: string;
  /** Trusted checkpoint public keys (PEM), from CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS files. */
  readonly publicKeyPems: readonly string[];
  /** The checkpoint signing key (PEM), only where the checkpointing process runs. */
  readonly signingKeyPem: string | undefined;
  /** Master keys to decrypt personal data (`--decrypt`), only where the operator grants them. */
  readonly masterKeys: MasterKeyRing | undefined;
  /** Brokers of the cluster `replay --to-topic` writes to (the receiving system's). */
  readonly kafkaBrokers: readonly string[];
}

export function loadAuditCliConfig(env: Env): AuditCliConfig {
  const read = new EnvReader(env);
  const postgresUrl = read.url(
    'CRM_AUDIT_POSTGRES_URL',
    env['CRM_POSTGRES_URL']?.trim() || 'postgres://crm_auditor@127.0.0.1:55432/crm',
    ['postgres', 'postgresql'],
  );
  const publicKeyPems = readPemFiles(
    'CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS',
    env['CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS'],
    read.problems,
  );
  const signingKeyPem = readPemFiles(
    'CRM_AUDIT_CHECKPOINT_SIGNING_KEY_FILE',
    env['CRM_AUDIT_CHECKPOINT_SIGNING_KEY_FILE'],
    read.problems,
  )[0];
  const kafkaBrokers = read.brokers(
    'CRM_AUDIT_KAFKA_BROKERS',
    env['CRM_KAFKA_BROKERS']?.trim() || '127.0.0.1:59092',
  );
  const masterKeys = env['CRM_MASTER_KEY']?.trim()
    ? readMasterKeyRing(env, read.problems)
    : undefined;
  if (read.problems.length > 0) throw new ConfigError('audit CLI', read.problems);
  return {
    postgresUrl,
    publicKeyPems,
    signingKeyPem,
    masterKeys: masterKeys ?? undefined,
    kafkaBrokers,
  };
}
