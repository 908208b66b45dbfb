// The event store as the auditor reads it: stored payloads as they are (ciphertext stays
// ciphertext), or — with `--decrypt` where the operator configured the master key — personal
// fields decrypted, and "[erased]" for every person whose key was shredded. There is no way to
// read an erased person's data: the key no longer exists anywhere.
import type { EventStore, PostgresEventStore } from '@crm/event-sourcing';
import { customersDecryptingStore } from '@crm/customers-read-models';
import { AuditCliError, type CliContext } from './cli-context';

export function auditorView(
  ctx: CliContext,
  store: PostgresEventStore,
  decrypt: boolean,
): EventStore {
  if (!decrypt) return store;
  if (!ctx.config.masterKeys)
    throw new AuditCliError('--decrypt needs the master key (CRM_MASTER_KEY) on this machine');
  // Only the customers context declares personal data today; each context's policy joins here.
  return customersDecryptingStore(store, store.pool, ctx.config.masterKeys);
}
