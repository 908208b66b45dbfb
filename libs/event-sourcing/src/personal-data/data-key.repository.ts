// Port for the persistence of wrapped data keys. It only ever sees wrapped (encrypted) key
// material; wrapping, unwrapping and caching live in DataKeyStore so every adapter (PostgreSQL,
// in-memory) behaves the same. One row per data subject: after erasure the row stays as the
// tombstone (when, which key id) but its key material is gone.
import type { DataSubject } from './data-subject';

export interface WrappedDataKeyRecord extends DataSubject {
  readonly kid: string;
  readonly wrappedKey: Buffer;
  readonly masterKeyId: string;
  readonly createdAt: Date;
}

export interface ErasureRecord extends DataSubject {
  /** Id of the key that was shredded; undefined when the subject was erased before it had one. */
  readonly kid: string | undefined;
  readonly erasedAt: Date;
}

export type StoredDataKey =
  | { readonly status: 'active'; readonly record: WrappedDataKeyRecord }
  | { readonly status: 'erased'; readonly erasure: ErasureRecord };

export interface DataKeyRepository {
  find(subject: DataSubject): Promise<StoredDataKey | undefined>;
  /**
   * Stores `record` unless the subject already has a row (active or erased) and returns the row
   * that is stored afterwards, so two writers racing for a new subject agree on one key.
   */
  insertIfAbsent(record: WrappedDataKeyRecord): Promise<StoredDataKey>;
  /**
   * Optional bulk form of `insertIfAbsent` (one statement for many subjects of one tenant, for bulk
   * writers such as imports): returns the rows stored afterwards, in no particular order.
   */
  insertManyIfAbsent?(records: readonly WrappedDataKeyRecord[]): Promise<StoredDataKey[]>;
  /**
   * Deletes the key material and leaves a tombstone. Idempotent: erasing again (or erasing a
   * subject that never had a key) returns the first tombstone and blocks future keys.
   */
  erase(subject: DataSubject, erasedAt: Date): Promise<ErasureRecord>;
  /** Active keys wrapped by any master key other than `masterKeyId`, ordered by (tenant, subject). */
  listNotWrappedBy(
    masterKeyId: string,
    after: DataSubject | undefined,
    limit: number,
  ): Promise<WrappedDataKeyRecord[]>;
  /**
   * Compare-and-set used by master key rotation: replaces the wrapped key only while the row is
   * still active, has key `kid` and is wrapped by `expectedMasterKeyId`. Returns whether it did.
   */
  replaceWrapping(
    subject: DataSubject,
    kid: string,
    expectedMasterKeyId: string,
    wrappedKey: Buffer,
    masterKeyId: string,
  ): Promise<boolean>;
}

export function compareDataSubjects(a: DataSubject, b: DataSubject): number {
  // Code-unit order, which matches PostgreSQL's "C" collation used by the key table's index scan.
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  if (a.subjectId !== b.subjectId) return a.subjectId < b.subjectId ? -1 : 1;
  return 0;
}
