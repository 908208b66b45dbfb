import { InMemoryErasureLedger } from './erasure-ledger';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DataKeyStore } from './data-key-store';
import type { DataSubject } from './data-subject';
import { decryptFieldValue, encryptFieldValue, type EncryptedField } from './encrypted-field';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';
import { masterKeyFromBytes, masterKeyRing } from './master-key';
import { ERASED_MARKER, PersonalDataCipher } from './personal-data-cipher';
import {
  CiphertextIntegrityError,
  DataKeyNotFoundError,
  SubjectErasedError,
} from './personal-data.errors';

const FIELDS = ['nationalId', 'emails[].address', 'birthday', 'address'];
const alice: DataSubject = { tenantId: 't1', subjectId: 'alice' };
const bob: DataSubject = { tenantId: 't1', subjectId: 'bob' };

const customer = {
  customerId: 'alice',
  displayName: 'A.',
  nationalId: '850101-1234',
  birthday: '1985-01-01',
  address: { street: '1 Main St', city: 'Springfield' },
  emails: [{ address: 'alice@example.com', primary: true }],
  tier: 'gold',
};

function setup() {
  const repository = new InMemoryDataKeyRepository();
  const keys = new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository,
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
  });
  return { repository, keys, cipher: new PersonalDataCipher(keys) };
}

describe('PersonalDataCipher', () => {
  it('encrypts exactly the declared fields and decrypts them back', async () => {
    const { cipher } = setup();
    const encrypted = await cipher.encryptFields(customer, FIELDS, alice);

    expect(encrypted).toMatchObject({ customerId: 'alice', displayName: 'A.', tier: 'gold' });
    expect(encrypted.emails[0]?.primary).toBe(true);
    const json = JSON.stringify(encrypted);
    for (const secret of [
      '850101-1234',
      '1985-01-01',
      'Main St',
      'Springfield',
      'alice@example.com',
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(await cipher.decryptFields(encrypted, FIELDS, alice)).toEqual(customer);
  });

  it('writes a self-describing, JSON-safe ciphertext', async () => {
    const { cipher } = setup();
    const encrypted = (await cipher.encryptFields(
      { nationalId: 'x' },
      ['nationalId'],
      alice,
    )) as unknown as {
      nationalId: EncryptedField;
    };
    expect(encrypted.nationalId).toEqual({
      $enc: 'v1',
      kid: expect.stringMatching(/^dk-/),
      iv: expect.any(String),
      tag: expect.any(String),
      ct: expect.any(String),
    });
    expect(JSON.parse(JSON.stringify(encrypted))).toEqual(encrypted);
  });

  it('round-trips any JSON value (property)', async () => {
    const { cipher } = setup();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const data = { nationalId: value };
        const back = await cipher.decryptFields(
          await cipher.encryptFields(data, ['nationalId'], alice),
          ['nationalId'],
          alice,
        );
        // JSON normalises -0 to 0, like the jsonb column the events live in.
        expect(back).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 100 },
    );
  });

  it('uses a fresh IV per value, so equal values do not produce equal ciphertexts', async () => {
    const { cipher } = setup();
    const a = await cipher.encryptFields({ nationalId: 'same' }, ['nationalId'], alice);
    const b = await cipher.encryptFields({ nationalId: 'same' }, ['nationalId'], alice);
    expect(a).not.toEqual(b);
  });

  it('creates no key for a payload without personal values', async () => {
    const { cipher, repository } = setup();
    const data = { displayName: 'A.', emails: [] };
    expect(await cipher.encryptFields(data, FIELDS, alice)).toBe(data);
    expect(await repository.find(alice)).toBeUndefined();
  });

  it('does not encrypt twice (already encrypted values pass through)', async () => {
    const { cipher } = setup();
    const once = await cipher.encryptFields(customer, FIELDS, alice);
    expect(await cipher.encryptFields(once, FIELDS, alice)).toEqual(once);
  });

  it('passes through clear values written before a field was declared personal', async () => {
    const { cipher } = setup();
    const mixed = {
      ...(await cipher.encryptFields({ nationalId: 'n' }, ['nationalId'], alice)),
      birthday: '1985-01-01',
    };
    expect(await cipher.decryptFields(mixed, ['nationalId', 'birthday'], alice)).toEqual({
      nationalId: 'n',
      birthday: '1985-01-01',
    });
  });

  describe('after erasure', () => {
    it('decrypts to the erased marker instead of failing, leaving other fields intact', async () => {
      const { cipher, keys } = setup();
      const encrypted = await cipher.encryptFields(customer, FIELDS, alice);
      await keys.erase(alice);

      expect(await cipher.decryptFields(encrypted, FIELDS, alice)).toEqual({
        ...customer,
        nationalId: ERASED_MARKER,
        birthday: ERASED_MARKER,
        address: ERASED_MARKER,
        emails: [{ address: ERASED_MARKER, primary: true }],
      });
    });

    it('refuses to encrypt new personal data for the erased subject', async () => {
      const { cipher, keys } = setup();
      await keys.erase(alice);
      await expect(cipher.encryptFields(customer, FIELDS, alice)).rejects.toBeInstanceOf(
        SubjectErasedError,
      );
    });

    it('does not affect other subjects', async () => {
      const { cipher, keys } = setup();
      const bobs = await cipher.encryptFields(customer, FIELDS, bob);
      await keys.erase(alice);
      expect(await cipher.decryptFields(bobs, FIELDS, bob)).toEqual(customer);
    });
  });

  describe('integrity', () => {
    const cases: [string, (e: EncryptedField) => EncryptedField][] = [
      ['ciphertext', (e) => ({ ...e, ct: flip(e.ct) })],
      ['tag', (e) => ({ ...e, tag: flip(e.tag) })],
      ['iv', (e) => ({ ...e, iv: flip(e.iv) })],
    ];
    it.each(cases)('a tampered %s is a typed error', async (_part, tamper) => {
      const { cipher } = setup();
      const enc = (await cipher.encryptFields(
        { nationalId: 'n' },
        ['nationalId'],
        alice,
      )) as unknown as { nationalId: EncryptedField };
      const tampered = { nationalId: tamper(enc.nationalId) };
      await expect(cipher.decryptFields(tampered, ['nationalId'], alice)).rejects.toMatchObject({
        code: 'CIPHERTEXT_INTEGRITY',
        reason: 'authentication-failed',
      });
    });

    it('ciphertext moved to another subject cannot be decrypted', async () => {
      const { cipher } = setup();
      await cipher.encryptFields({ nationalId: 'bob' }, ['nationalId'], bob); // bob has a key
      const alices = await cipher.encryptFields({ nationalId: 'alice' }, ['nationalId'], alice);
      await expect(cipher.decryptFields(alices, ['nationalId'], bob)).rejects.toMatchObject({
        code: 'CIPHERTEXT_INTEGRITY',
        reason: 'key-mismatch',
      });
    });

    it('binds tenant, subject and field into the ciphertext even under the same key', () => {
      const key = randomBytes(32);
      const enc = encryptFieldValue(key, 'dk-1', alice, 'nationalId', 'n');
      expect(decryptFieldValue(key, 'dk-1', alice, 'nationalId', enc)).toBe('n');
      for (const [subject, field] of [
        [bob, 'nationalId'],
        [{ tenantId: 't2', subjectId: 'alice' }, 'nationalId'],
        [alice, 'birthday'],
      ] as const) {
        expect(() => decryptFieldValue(key, 'dk-1', subject, field, enc)).toThrow(
          CiphertextIntegrityError,
        );
      }
    });

    it('ciphertext moved to another field of the same subject cannot be decrypted', async () => {
      const { cipher } = setup();
      const enc = (await cipher.encryptFields(
        { nationalId: 'n' },
        ['nationalId'],
        alice,
      )) as unknown as { nationalId: unknown };
      await expect(
        cipher.decryptFields({ birthday: enc.nationalId }, ['birthday'], alice),
      ).rejects.toMatchObject({
        reason: 'authentication-failed',
      });
    });

    it('malformed or unknown-version ciphertext is a typed error', async () => {
      const { cipher, keys } = setup();
      const { kid } = await keys.keyForEncryption(alice);
      await expect(
        cipher.decryptFields({ nationalId: { $enc: 'v9', kid } }, ['nationalId'], alice),
      ).rejects.toMatchObject({
        reason: 'unsupported-version',
      });
      await expect(
        cipher.decryptFields({ nationalId: { $enc: 'v1', kid, iv: 1 } }, ['nationalId'], alice),
      ).rejects.toMatchObject({
        reason: 'malformed',
      });
    });

    it('ciphertext for a subject without any key record is a typed error', async () => {
      const source = setup();
      const enc = await source.cipher.encryptFields({ nationalId: 'n' }, ['nationalId'], alice);
      await expect(setup().cipher.decryptFields(enc, ['nationalId'], alice)).rejects.toBeInstanceOf(
        DataKeyNotFoundError,
      );
    });
  });
});

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}
