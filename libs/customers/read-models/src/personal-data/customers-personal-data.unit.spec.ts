// The customers personal-data policy: a copy made by a merge is encrypted under the key of the
// person it came from (`dataSubjectId`), so shredding that person's key alone makes the copy in the
// survivor's stream unreadable, while the survivor's own data stays readable (ADR 0060).
import { randomBytes } from 'node:crypto';
import {
  DataKeyStore,
  ERASED_MARKER,
  InMemoryDataKeyRepository,
  InMemoryErasureLedger,
  PersonalDataCipher,
  decryptEventData,
  encryptEventData,
  masterKeyFromBytes,
  masterKeyRing,
} from '@crm/event-sourcing';
import { customersPersonalDataPolicy } from './customers-personal-data';

const tenantId = 't1';
const SURVIVOR = 'q-1';
const MERGED = 'p-1';

function setup() {
  const keys = new DataKeyStore({
    repository: new InMemoryDataKeyRepository(),
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
    erasureLedger: new InMemoryErasureLedger(),
  });
  return { keys, cipher: new PersonalDataCipher(keys), policy: customersPersonalDataPolicy() };
}

const contact = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'customers.ContactAdded',
  tenantId,
  data: {
    customerId: SURVIVOR,
    contactId: `c-${value.charAt(0)}`,
    contactKind: 'email',
    value,
    primary: false,
    ...extra,
  },
});

describe('customersPersonalDataPolicy', () => {
  it("encrypts a merged copy under the original person's key: erasing that key shreds the copy only", async () => {
    const { keys, cipher, policy } = setup();
    const own = await encryptEventData(cipher, policy, contact('q@example.com'));
    const copy = await encryptEventData(
      cipher,
      policy,
      contact('p@example.com', { dataSubjectId: MERGED }),
    );
    expect(JSON.stringify(copy)).not.toContain('p@example.com');

    await keys.erase({ tenantId, subjectId: MERGED });

    expect((await decryptEventData(cipher, policy, copy)).data.value).toBe(ERASED_MARKER);
    expect((await decryptEventData(cipher, policy, own)).data.value).toBe('q@example.com');
  });

  it("keeps a survivor's own data (no dataSubjectId) under the survivor's key", async () => {
    const { keys, cipher, policy } = setup();
    const own = await encryptEventData(cipher, policy, contact('q@example.com'));
    await keys.erase({ tenantId, subjectId: SURVIVOR });
    expect((await decryptEventData(cipher, policy, own)).data.value).toBe(ERASED_MARKER);
  });

  it('rejects an empty dataSubjectId instead of guessing whose data it is', async () => {
    const { cipher, policy } = setup();
    await expect(
      encryptEventData(cipher, policy, contact('p@example.com', { dataSubjectId: '' })),
    ).rejects.toThrow(/dataSubjectId/);
  });
});
