// The event store as the auditor reads it: stored payloads as they are (ciphertext stays
// ciphertext), or — with `--decrypt` where the operator configured the master key — personal
// fields decrypted, and "[erased]" for every person whose key was shredded. There is no way to
// read an erased person's data: the key no longer exists anywhere.
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import { salesPersonalDataPolicy } from '@crm/sales-read-models';
import {
  SERVICE_DESK_PERSONAL_FIELDS,
  SERVICE_DESK_SUBJECT_ID_FIELD,
} from '@crm/contracts/service-desk';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  combinePersonalDataPolicies,
  policyForFields,
  type EventStore,
  type PersonalDataPolicy,
  type PostgresEventStore,
} from '@crm/event-sourcing';
import { AuditCliError, type CliContext } from './cli-context';

/**
 * Every context's personal-data declarations (from their public contracts): the auditor reads the
 * whole log. Loyalty and marketing declare no personal fields in their events.
 */
export function auditorPersonalDataPolicy(): PersonalDataPolicy {
  return combinePersonalDataPolicies(
    customersPersonalDataPolicy(),
    salesPersonalDataPolicy(),
    policyForFields(SERVICE_DESK_PERSONAL_FIELDS, SERVICE_DESK_SUBJECT_ID_FIELD),
  );
}

export function auditorView(
  ctx: CliContext,
  store: PostgresEventStore,
  decrypt: boolean,
): EventStore {
  if (!decrypt) return store;
  if (!ctx.config.masterKeys)
    throw new AuditCliError('--decrypt needs the master key (CRM_MASTER_KEY) on this machine');
  const keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(store.pool),
    masterKeys: ctx.config.masterKeys,
  });
  return new PersonalDataEventStore(
    store,
    new PersonalDataCipher(keys),
    auditorPersonalDataPolicy(),
  );
}
