// Wraps (encrypts) a subject's data key under a master key with AES-256-GCM. The subject and the
// data key id are bound as additional authenticated data, so a wrapped key copied onto another
// subject's row fails to unwrap instead of silently decrypting the wrong person's data.
import { createCipheriv, createDecipheriv, randomBytes as nodeRandomBytes } from 'node:crypto';
import type { DataSubject } from './data-subject';
import type { MasterKey } from './master-key';
import { secretKeyObject } from './secret-key-object';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function wrapAad(subject: DataSubject, kid: string): Buffer {
  return Buffer.from(
    JSON.stringify(['crm-data-key', 'v1', subject.tenantId, subject.subjectId, kid]),
    'utf8',
  );
}

/** Returns iv ‖ tag ‖ ciphertext. */
export function wrapDataKey(
  masterKey: MasterKey,
  subject: DataSubject,
  kid: string,
  dataKey: Buffer,
  randomBytes: (n: number) => Buffer = nodeRandomBytes,
): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, secretKeyObject(masterKey.key), iv, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(wrapAad(subject, kid));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

/** Returns the data key, or undefined when authentication fails (tampered row, wrong subject). */
export function unwrapDataKey(
  masterKey: MasterKey,
  subject: DataSubject,
  kid: string,
  wrapped: Buffer,
): Buffer | undefined {
  if (wrapped.length <= IV_BYTES + TAG_BYTES) return undefined;
  const iv = wrapped.subarray(0, IV_BYTES);
  const tag = wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const ct = wrapped.subarray(IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, secretKeyObject(masterKey.key), iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(wrapAad(subject, kid));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    return undefined;
  }
}
