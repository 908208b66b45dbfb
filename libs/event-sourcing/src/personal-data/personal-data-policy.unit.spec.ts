import { InMemoryErasureLedger } from './erasure-ledger';
import { randomBytes } from 'node:crypto';
import { DataKeyStore } from './data-key-store';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';
import { masterKeyFromBytes, masterKeyRing } from './master-key';
import { ERASED_MARKER, PersonalDataCipher } from './personal-data-cipher';
import {
  decryptEventData,
  definePersonalDataPolicy,
  encryptEventData,
  narrowPersonalDataPolicy,
  subjectIdFromData,
} from './personal-data-policy';
import { InvalidFieldPathError } from './personal-data.errors';

const policy = definePersonalDataPolicy({
  'customers.CustomerRegistered': {
    subjectId: subjectIdFromData('customerId'),
    fields: ['nationalId', 'emails[].address'],
  },
  'loyalty.ReferralRegistered': [
    { subjectId: subjectIdFromData('referrerId'), fields: ['referrerEmail'] },
    { subjectId: subjectIdFromData('refereeId'), fields: ['refereeEmail'] },
  ],
});

function setup() {
  const keys = new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository: new InMemoryDataKeyRepository(),
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
  });
  return { keys, cipher: new PersonalDataCipher(keys) };
}

describe('personal data policy (per event type)', () => {
  it('encrypts the declared fields of a declared event type and decrypts them on read', async () => {
    const { cipher } = setup();
    const event = {
      type: 'customers.CustomerRegistered',
      tenantId: 't1',
      data: { customerId: 'c1', nationalId: 'N', emails: [{ address: 'c1@x' }] },
    };
    const stored = await encryptEventData(cipher, policy, event);
    expect(JSON.stringify(stored)).not.toMatch(/"N"|c1@x/);
    expect(stored.data.customerId).toBe('c1');
    expect(await decryptEventData(cipher, policy, stored)).toEqual(event);
  });

  it('leaves undeclared event types untouched', async () => {
    const { cipher } = setup();
    const event = { type: 'sales.LeadQualified', tenantId: 't1', data: { email: 'x@y' } };
    expect(await encryptEventData(cipher, policy, event)).toBe(event);
  });

  it('encrypts each person of a multi-subject event with their own key, so erasing one keeps the other', async () => {
    const { cipher, keys } = setup();
    const event = {
      type: 'loyalty.ReferralRegistered',
      tenantId: 't1',
      data: { referrerId: 'r1', refereeId: 'r2', referrerEmail: 'r1@x', refereeEmail: 'r2@x' },
    };
    const stored = await encryptEventData(cipher, policy, event);
    await keys.erase({ tenantId: 't1', subjectId: 'r2' });

    expect((await decryptEventData(cipher, policy, stored)).data).toEqual({
      ...event.data,
      refereeEmail: ERASED_MARKER,
    });
  });

  it('fails at definition time on a bad field path or a field owned by two subjects', () => {
    expect(() =>
      definePersonalDataPolicy({ 'a.B': { subjectId: () => 's', fields: ['emails[0]'] } }),
    ).toThrow(InvalidFieldPathError);
    expect(() =>
      definePersonalDataPolicy({
        'a.B': [
          { subjectId: () => 's', fields: ['email'] },
          { subjectId: () => 't', fields: ['email'] },
        ],
      }),
    ).toThrow(InvalidFieldPathError);
  });

  it('requires a usable subject id', async () => {
    const { cipher } = setup();
    await expect(
      encryptEventData(cipher, policy, {
        type: 'customers.CustomerRegistered',
        tenantId: 't1',
        data: { nationalId: 'N' },
      }),
    ).rejects.toThrow(/customerId/);
  });

  it('a narrowed policy decrypts only the fields it keeps, each with its own subject key', async () => {
    const { cipher } = setup();
    const referral = {
      type: 'loyalty.ReferralRegistered',
      tenantId: 't1',
      data: { referrerId: 'r1', refereeId: 'r2', referrerEmail: 'a@x.io', refereeEmail: 'b@x.io' },
    };
    const registered = {
      type: 'customers.CustomerRegistered',
      tenantId: 't1',
      data: { customerId: 'c1', nationalId: 'N1', emails: [{ address: 'c@x.io' }] },
    };
    const narrowed = narrowPersonalDataPolicy(policy, {
      'loyalty.ReferralRegistered': ['refereeEmail'],
    });
    const [storedReferral, storedRegistered] = await Promise.all(
      [referral, registered].map((e) => encryptEventData(cipher, policy, e)),
    );
    const read = await decryptEventData(cipher, narrowed, storedReferral!);
    expect(read.data).toEqual({ ...storedReferral!.data, refereeEmail: 'b@x.io' });
    expect((read.data as { referrerEmail: unknown }).referrerEmail).not.toBe('a@x.io');
    // A type the narrowed policy does not list is not decrypted at all.
    expect(await decryptEventData(cipher, narrowed, storedRegistered!)).toEqual(storedRegistered);
  });

  it('refuses to narrow to a field the policy does not declare', () => {
    expect(() =>
      narrowPersonalDataPolicy(policy, { 'customers.CustomerRegistered': ['emails[].adress'] }),
    ).toThrow(InvalidFieldPathError);
  });
});
