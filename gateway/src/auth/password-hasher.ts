// Password hashing with node:crypto scrypt: a random 16-byte salt per password, parameters stored
// with the hash so they can be raised later, constant-time comparison on verify. The defaults are
// OWASP's Password Storage Cheat Sheet minimum for scrypt (N=2^17, r=8, p=1; ADR 0080); hashes
// stored with weaker parameters still verify and are re-hashed at the next successful login.
import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const KEY_LENGTH = 64;
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Upper bounds for parameters read back from storage, so a tampered row cannot exhaust memory. */
const MAX_N = 1 << 20;

function scrypt(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(
      password,
      salt,
      keyLength,
      // scrypt needs 128·N·r bytes (128 MiB at the defaults); Node's default cap is 32 MiB.
      { ...options, maxmem: 256 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export class PasswordHasher {
  constructor(private readonly params: ScryptParams = DEFAULT_SCRYPT_PARAMS) {}

  /** `scrypt$N$r$p$<salt base64>$<key base64>` */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, KEY_LENGTH, this.params);
    const { N, r, p } = this.params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseStoredHash(stored);
    if (!parsed) return false;
    const actual = await scrypt(password, parsed.salt, KEY_LENGTH, parsed.params);
    return timingSafeEqual(actual, parsed.key);
  }

  /** True when the stored hash used weaker parameters than this hasher's: re-hash it at login. */
  needsRehash(stored: string): boolean {
    const parsed = parseStoredHash(stored);
    if (!parsed) return true;
    const { N, r, p } = parsed.params;
    return N < this.params.N || r < this.params.r || p < this.params.p;
  }

  /** Spends the same time as a verification, for unknown users (no timing oracle on e-mails). */
  async burn(password: string): Promise<void> {
    await scrypt(password, randomBytes(16), KEY_LENGTH, this.params);
  }
}

function parseStoredHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every(Number.isSafeInteger) || N > MAX_N || r > 32 || p > 16) return null;
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (key.length !== KEY_LENGTH) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4] ?? '', 'base64'), key };
}
