// Password hashing with node:crypto scrypt: a random 16-byte salt per password, parameters stored
// with the hash so they can be raised later, constant-time comparison on verify.
import {
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const KEY_LENGTH = 64;
const DEFAULT_PARAMS = { N: 16_384, r: 8, p: 1 } as const;
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
      { ...options, maxmem: 256 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export class PasswordHasher {
  constructor(private readonly params: { N: number; r: number; p: number } = DEFAULT_PARAMS) {}

  /** `scrypt$N$r$p$<salt base64>$<key base64>` */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, KEY_LENGTH, this.params);
    const { N, r, p } = this.params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    if (![N, r, p].every(Number.isSafeInteger) || N > MAX_N || r > 32 || p > 16) return false;
    const salt = Buffer.from(parts[4] ?? '', 'base64');
    const expected = Buffer.from(parts[5] ?? '', 'base64');
    if (expected.length !== KEY_LENGTH) return false;
    const actual = await scrypt(password, salt, KEY_LENGTH, { N, r, p });
    return timingSafeEqual(actual, expected);
  }

  /** Spends the same time as a verification, for unknown users (no timing oracle on e-mails). */
  async burn(password: string): Promise<void> {
    await scrypt(password, randomBytes(16), KEY_LENGTH, this.params);
  }
}
