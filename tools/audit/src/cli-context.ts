// What every command gets: the validated configuration, where to write, and the auditor's
// read-only connection to the event store (opened per command, closed after it).
import { PostgresEventStore } from '@crm/event-sourcing';
import type { AuditCliConfig } from './audit-cli.config';

export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput & { readonly isTTY?: boolean };
}

export interface CliContext {
  readonly config: AuditCliConfig;
  readonly io: CliIo;
}

/** A user error: printed as one line, exit code 2, never a stack trace. */
export class AuditCliError extends Error {
  override readonly name = 'AuditCliError';
}

export async function withEventStore<T>(
  config: AuditCliConfig,
  work: (store: PostgresEventStore) => Promise<T>,
): Promise<T> {
  // No migrations and no event types: the auditor reads whatever is stored, as stored.
  const store = await PostgresEventStore.create({
    connectionString: config.postgresUrl,
    eventTypes: [],
    migrate: false,
    poolConfig: { max: 2, application_name: 'crm-audit-cli' },
  });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
