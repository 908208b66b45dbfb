// Master key rotation re-wraps every stored data key under a new master key. Only the small key
// table changes: events, snapshots and published messages keep their field ciphertexts, because
// those are encrypted with the data keys, which rotation never changes. The walk is in pages and
// each row is a compare-and-set, so it is safe to run while services write, and resumable: run it
// again after a crash and it continues with the rows still wrapped by an old key.
import { unwrapDataKey, wrapDataKey } from './data-key-wrapping';
import type { DataKeyRepository } from './data-key.repository';
import type { DataSubject } from './data-subject';
import type { MasterKey } from './master-key';
import { DataKeyIntegrityError, WrongMasterKeyError } from './personal-data.errors';

export interface MasterKeyRotationReport {
  readonly newMasterKeyId: string;
  /** Rows re-wrapped by this run. */
  readonly rewrapped: number;
  /** Rows that changed under us (erased or re-wrapped concurrently) and were left as they are. */
  readonly skipped: number;
}

export interface MasterKeyRotationOptions {
  readonly batchSize?: number;
  readonly randomBytes?: (n: number) => Buffer;
}

export async function rotateMasterKey(
  repository: DataKeyRepository,
  oldKeys: readonly MasterKey[],
  newKey: MasterKey,
  options: MasterKeyRotationOptions = {},
): Promise<MasterKeyRotationReport> {
  const batchSize = options.batchSize ?? 500;
  const byId = new Map(oldKeys.map((k) => [k.id, k]));
  let rewrapped = 0;
  let skipped = 0;
  let after: DataSubject | undefined;
  for (;;) {
    const page = await repository.listNotWrappedBy(newKey.id, after, batchSize);
    for (const record of page) {
      const oldKey = byId.get(record.masterKeyId);
      // Stop rather than skip: an unknown master key means the operator is missing a key and the
      // rotation cannot finish; the error names the id so the right key can be supplied.
      if (!oldKey) throw new WrongMasterKeyError(record.masterKeyId, [...byId.keys()]);
      const dataKey = unwrapDataKey(oldKey, record, record.kid, record.wrappedKey);
      if (!dataKey) throw new DataKeyIntegrityError(record.tenantId, record.subjectId);
      const wrapped = wrapDataKey(newKey, record, record.kid, dataKey, options.randomBytes);
      const done = await repository.replaceWrapping(
        record,
        record.kid,
        record.masterKeyId,
        wrapped,
        newKey.id,
      );
      if (done) rewrapped += 1;
      else skipped += 1;
    }
    const last = page[page.length - 1];
    if (page.length < batchSize || !last) break;
    after = { tenantId: last.tenantId, subjectId: last.subjectId };
  }
  return { newMasterKeyId: newKey.id, rewrapped, skipped };
}
