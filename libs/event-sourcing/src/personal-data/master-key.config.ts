// Reads the master key ring from the environment and fails at start with a message that names
// the bad variable (never its value). There is deliberately no default: a missing key must stop
// the process rather than silently encrypt personal data under a well-known key.
import { MasterKeyConfigError } from './personal-data.errors';
import {
  MASTER_KEY_BYTES,
  masterKeyFromBytes,
  masterKeyRing,
  type MasterKey,
  type MasterKeyRing,
} from './master-key';

export const MASTER_KEY_ENV = 'CRM_MASTER_KEY';
export const PREVIOUS_MASTER_KEYS_ENV = 'CRM_MASTER_KEY_PREVIOUS';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses one base64-encoded 32-byte key; `variable` is only used to name it in errors. */
export function parseMasterKey(variable: string, encoded: string | undefined): MasterKey {
  const value = encoded?.trim();
  if (!value) {
    throw new MasterKeyConfigError(
      variable,
      `is not set; provide ${MASTER_KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  if (!BASE64.test(value) || value.length % 4 !== 0) {
    throw new MasterKeyConfigError(variable, 'is not valid base64');
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyConfigError(
      variable,
      `must decode to ${MASTER_KEY_BYTES} bytes, got ${bytes.length}`,
    );
  }
  return masterKeyFromBytes(bytes);
}

/**
 * `CRM_MASTER_KEY` (required) is the current key; `CRM_MASTER_KEY_PREVIOUS` (optional,
 * comma-separated) lists keys still needed to read data keys that a rotation has not re-wrapped yet.
 */
export function loadMasterKeyRing(env: NodeJS.ProcessEnv = process.env): MasterKeyRing {
  const current = parseMasterKey(MASTER_KEY_ENV, env[MASTER_KEY_ENV]);
  const previous = (env[PREVIOUS_MASTER_KEYS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((encoded, i) => parseMasterKey(`${PREVIOUS_MASTER_KEYS_ENV}[${i}]`, encoded));
  return masterKeyRing(current, previous);
}

/**
 * loadMasterKeyRing for an app's config schema that reports every bad variable at once: a problem
 * is added to `problems` (and undefined returned) instead of thrown.
 */
export function readMasterKeyRing(
  env: NodeJS.ProcessEnv,
  problems: string[],
): MasterKeyRing | undefined {
  try {
    return loadMasterKeyRing(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
