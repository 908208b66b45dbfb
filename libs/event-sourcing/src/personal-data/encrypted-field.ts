// The self-describing form of one encrypted value, stored inside event payloads in place of the
// clear value: `{ $enc: 'v1', kid, iv, tag, ct }` (binary parts in base64). It is plain JSON so it
// survives jsonb, Kafka and any integration unchanged, and `$enc` carries the format version so
// the algorithm can change later without guessing what an old payload holds.
import { createCipheriv, createDecipheriv, randomBytes as nodeRandomBytes } from 'node:crypto';
import { CiphertextIntegrityError } from './personal-data.errors';
import { secretKeyObject } from './secret-key-object';
import type { DataSubject } from './data-subject';

export const ENCRYPTED_FIELD_VERSION = 'v1';

export interface EncryptedField {
  readonly $enc: typeof ENCRYPTED_FIELD_VERSION;
  /** Id of the subject's data key; tells a reader which key (generation) it needs. */
  readonly kid: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Anything carrying `$enc` is treated as ciphertext, so an unknown version is an error, not data. */
export function isEncryptedField(value: unknown): value is EncryptedField {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$enc' in value;
}

/**
 * Tenant, subject, field path and key id are authenticated with the ciphertext: moving it to
 * another subject, tenant or field makes decryption fail instead of showing the wrong person's data.
 */
function fieldAad(subject: DataSubject, field: string, kid: string): Buffer {
  return Buffer.from(
    JSON.stringify([
      'crm-personal-field',
      ENCRYPTED_FIELD_VERSION,
      subject.tenantId,
      subject.subjectId,
      field,
      kid,
    ]),
    'utf8',
  );
}

export function encryptFieldValue(
  dataKey: Buffer,
  kid: string,
  subject: DataSubject,
  field: string,
  value: unknown,
  randomBytes: (n: number) => Buffer = nodeRandomBytes,
): EncryptedField {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, secretKeyObject(dataKey), iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(fieldAad(subject, field, kid));
  // JSON keeps the value's type (string, number, object, array) across the round trip.
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    $enc: ENCRYPTED_FIELD_VERSION,
    kid,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

function decodePart(field: string, value: unknown, bytes?: number): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw new CiphertextIntegrityError(field, 'malformed');
  const buffer = Buffer.from(value, 'base64');
  if (bytes !== undefined && buffer.length !== bytes)
    throw new CiphertextIntegrityError(field, 'malformed');
  return buffer;
}

/** Checks the envelope of an encrypted value and returns its key id. */
export function encryptedFieldKid(field: string, enc: EncryptedField): string {
  if (enc.$enc !== ENCRYPTED_FIELD_VERSION)
    throw new CiphertextIntegrityError(field, 'unsupported-version');
  if (typeof enc.kid !== 'string' || enc.kid.length === 0)
    throw new CiphertextIntegrityError(field, 'malformed');
  return enc.kid;
}

export function decryptFieldValue(
  dataKey: Buffer,
  kid: string,
  subject: DataSubject,
  field: string,
  enc: EncryptedField,
): unknown {
  if (encryptedFieldKid(field, enc) !== kid)
    throw new CiphertextIntegrityError(field, 'key-mismatch');
  const iv = decodePart(field, enc.iv, IV_BYTES);
  const tag = decodePart(field, enc.tag, TAG_BYTES);
  const ct = decodePart(field, enc.ct);
  let plaintext: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, secretKeyObject(dataKey), iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(fieldAad(subject, field, kid));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  } catch {
    throw new CiphertextIntegrityError(field, 'authentication-failed');
  }
  return JSON.parse(plaintext) as unknown;
}
