// Encrypts the declared personal fields of a payload with the subject's data key and decrypts
// them on read. After the subject is erased, decryption yields ERASED_MARKER for each encrypted
// field instead of failing, so replays, projections and audits keep working on shredded history.
import type { DataKeyProvider } from './data-key-store';
import { assertDataSubject, type DataSubject } from './data-subject';
import {
  decryptFieldValue,
  encryptedFieldKid,
  encryptFieldValue,
  isEncryptedField,
} from './encrypted-field';
import { mapFieldPath, parseFieldPaths, someAtFieldPath, type FieldPath } from './field-path';
import { DataKeyNotFoundError } from './personal-data.errors';
import { pooledRandomBytes } from './random-pool';

/** What a reader sees in place of a field whose subject has been erased. */
export const ERASED_MARKER = '[erased]';

/** Field specs as text (`'emails[].address'`) or pre-parsed (parse once at start for hot paths). */
export type PersonalFields = readonly string[] | readonly FieldPath[];

function toPaths(fields: PersonalFields): readonly FieldPath[] {
  return fields.length > 0 && typeof fields[0] === 'string'
    ? parseFieldPaths(fields as readonly string[])
    : (fields as readonly FieldPath[]);
}

export interface PersonalDataCipherOptions {
  /** Source of the IVs; by default a pool of CSPRNG bytes per cipher (random-pool.ts). */
  readonly randomBytes?: (n: number) => Buffer;
}

export class PersonalDataCipher {
  private readonly randomBytes: (n: number) => Buffer;

  constructor(
    private readonly keys: DataKeyProvider,
    options: PersonalDataCipherOptions = {},
  ) {
    this.randomBytes = options.randomBytes ?? pooledRandomBytes();
  }

  /**
   * Returns a copy of `data` with every present value at `fields` encrypted for `subject`.
   * Values that are already encrypted are left as they are (idempotent). No key is created for a
   * payload without personal values. Throws SubjectErasedError for an erased subject.
   */
  async encryptFields<T>(data: T, fields: PersonalFields, subject: DataSubject): Promise<T> {
    assertDataSubject(subject);
    const paths = toPaths(fields);
    const needsKey = paths.some((p) => someAtFieldPath(data, p, (v) => !isEncryptedField(v)));
    if (!needsKey) return data;
    const { kid, key } = await this.keys.keyForEncryption(subject);
    let result: unknown = data;
    for (const path of paths) {
      result = mapFieldPath(result, path, (value) =>
        isEncryptedField(value)
          ? value
          : encryptFieldValue(key, kid, subject, path.text, value, this.randomBytes),
      );
    }
    return result as T;
  }

  /**
   * Returns a copy of `data` with every encrypted value at `fields` decrypted, or replaced by
   * ERASED_MARKER once the subject is erased. Clear values (written before a field was declared
   * personal) pass through. Tampered or moved ciphertext throws CiphertextIntegrityError.
   */
  async decryptFields<T>(data: T, fields: PersonalFields, subject: DataSubject): Promise<T> {
    assertDataSubject(subject);
    const paths = toPaths(fields);
    if (!paths.some((p) => someAtFieldPath(data, p, isEncryptedField))) return data;
    const lookup = await this.keys.keyForDecryption(subject);
    if (lookup.status === 'missing')
      throw new DataKeyNotFoundError(subject.tenantId, subject.subjectId);
    let result: unknown = data;
    for (const path of paths) {
      result = mapFieldPath(result, path, (value) => {
        if (!isEncryptedField(value)) return value;
        if (lookup.status === 'erased') {
          encryptedFieldKid(path.text, value); // still reject malformed payloads
          return ERASED_MARKER;
        }
        return decryptFieldValue(lookup.key, lookup.kid, subject, path.text, value);
      });
    }
    return result as T;
  }
}
