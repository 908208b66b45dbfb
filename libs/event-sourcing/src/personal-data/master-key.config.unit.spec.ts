import { randomBytes } from 'node:crypto';
import { loadMasterKeyRing, MASTER_KEY_ENV } from './master-key.config';
import { masterKeyFromBytes } from './master-key';
import { MasterKeyConfigError } from './personal-data.errors';

const key = (): string => randomBytes(32).toString('base64');

function configError(env: NodeJS.ProcessEnv): MasterKeyConfigError {
  try {
    loadMasterKeyRing(env);
  } catch (error) {
    if (error instanceof MasterKeyConfigError) return error;
    throw error;
  }
  throw new Error('expected a MasterKeyConfigError');
}

describe('master key configuration', () => {
  it('refuses to start without CRM_MASTER_KEY and says how to make one', () => {
    const error = configError({});
    expect(error.variable).toBe(MASTER_KEY_ENV);
    expect(error.message).toMatch(/CRM_MASTER_KEY: is not set.*openssl rand -base64 32/);
  });

  it.each([
    ['not base64', 'not base64!!'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
  ])(
    'rejects a key that is %s, naming the variable but never echoing the value',
    (_label, value) => {
      const error = configError({ CRM_MASTER_KEY: value });
      expect(error.message).toMatch(/^CRM_MASTER_KEY: /);
      expect(error.message).not.toContain(value);
    },
  );

  it('loads the current key and the previous keys kept for a rotation in progress', () => {
    const current = key();
    const old1 = key();
    const old2 = key();
    const ring = loadMasterKeyRing({
      CRM_MASTER_KEY: current,
      CRM_MASTER_KEY_PREVIOUS: ` ${old1}, ${old2},${current}`,
    });

    expect(ring.current.key).toEqual(Buffer.from(current, 'base64'));
    // The current key is not repeated among the previous ones.
    expect(ring.previous.map((k) => k.key.toString('base64'))).toEqual([old1, old2]);
  });

  it('names the bad entry of CRM_MASTER_KEY_PREVIOUS', () => {
    expect(
      configError({ CRM_MASTER_KEY: key(), CRM_MASTER_KEY_PREVIOUS: `${key()},short` }).variable,
    ).toBe('CRM_MASTER_KEY_PREVIOUS[1]');
  });

  it('derives a stable key id from the key bytes, different for different keys', () => {
    const bytes = randomBytes(32);
    expect(masterKeyFromBytes(bytes).id).toBe(masterKeyFromBytes(Buffer.from(bytes)).id);
    expect(masterKeyFromBytes(bytes).id).toMatch(/^mk-[0-9a-f]{16}$/);
    expect(masterKeyFromBytes(randomBytes(32)).id).not.toBe(masterKeyFromBytes(bytes).id);
  });
});
