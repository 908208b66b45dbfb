import { InMemoryErasureLedger } from './erasure-ledger';
import { randomBytes } from 'node:crypto';
import { DataKeyStore } from './data-key-store';
import type { DataKeyRepository } from './data-key.repository';
import type { DataSubject } from './data-subject';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';
import { masterKeyFromBytes, masterKeyRing, type MasterKey } from './master-key';
import { rotateMasterKey } from './master-key-rotation';
import { PersonalDataCipher } from './personal-data-cipher';
import {
  DataKeyIntegrityError,
  ErasureLedgerRequiredError,
  SubjectErasedError,
  WrongMasterKeyError,
} from './personal-data.errors';

const newMasterKey = (): MasterKey => masterKeyFromBytes(randomBytes(32));
const subject = (i: number): DataSubject => ({
  tenantId: 't1',
  subjectId: `s-${String(i).padStart(3, '0')}`,
});

function store(
  repository: DataKeyRepository,
  current: MasterKey,
  previous: MasterKey[] = [],
): DataKeyStore {
  return new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository,
    masterKeys: masterKeyRing(current, previous),
    cache: { maxEntries: 0 },
  });
}

describe('DataKeyStore', () => {
  it('stores data keys only in wrapped form', async () => {
    const repository = new InMemoryDataKeyRepository();
    const { key } = await store(repository, newMasterKey()).keyForEncryption(subject(1));
    const row = await repository.find(subject(1));
    expect(row?.status).toBe('active');
    if (row?.status === 'active') expect(row.record.wrappedKey.includes(key)).toBe(false);
  });

  it("reads and unwraps a subject's key once for concurrent decryptions (a replayed batch)", async () => {
    const repository = new InMemoryDataKeyRepository();
    const master = newMasterKey();
    await store(repository, master).keyForEncryption(subject(1));
    let finds = 0;
    const counting: DataKeyRepository = Object.assign(
      Object.create(repository) as DataKeyRepository,
      {
        find: (s: DataSubject) => {
          finds += 1;
          return repository.find(s);
        },
      },
    );
    const keys = new DataKeyStore({ repository: counting, masterKeys: masterKeyRing(master) });
    const lookups = await Promise.all(
      Array.from({ length: 50 }, () => keys.keyForDecryption(subject(1))),
    );
    expect(finds).toBe(1);
    expect(new Set(lookups.map((l) => (l.status === 'active' ? l.kid : l.status))).size).toBe(1);
  });

  it("creates a new subject's key in one repository call, shared by concurrent encryptions (ADR 0355)", async () => {
    const repository = new InMemoryDataKeyRepository();
    const calls: string[] = [];
    const counting: DataKeyRepository = Object.assign(
      Object.create(repository) as DataKeyRepository,
      {
        find: (s: DataSubject) => {
          calls.push('find');
          return repository.find(s);
        },
        insertIfAbsent: (r: Parameters<DataKeyRepository['insertIfAbsent']>[0]) => {
          calls.push('insertIfAbsent');
          return repository.insertIfAbsent(r);
        },
      },
    );
    const masterKeys = masterKeyRing(newMasterKey());
    const keys = new DataKeyStore({ repository: counting, masterKeys });
    const claimed = await Promise.all(
      Array.from({ length: 3 }, () => keys.keyForEncryption(subject(1))),
    );
    expect(calls).toEqual(['insertIfAbsent']);
    expect(new Set(claimed.map((k) => k.kid)).size).toBe(1);
    // An existing subject's key is what a second store (another process) gets, not a new one.
    const other = new DataKeyStore({ repository, masterKeys });
    expect((await other.keyForEncryption(subject(1))).kid).toBe(claimed[0]!.kid);
  });

  it('a bulk key preparation keeps the keys it created, and takes the stored key of a subject that has one (ADR 0420)', async () => {
    const repository = new InMemoryDataKeyRepository();
    const masterKeys = masterKeyRing(newMasterKey());
    // A run created keys, then crashed before appending the events they were for.
    const crashed = new DataKeyStore({ repository, masterKeys });
    await crashed.prepareKeys([subject(1), subject(2)]);
    const before = await crashed.keyForEncryption(subject(1));
    // Its resume, in a new process, prepares keys for the same subjects and a new one.
    const resumed = new DataKeyStore({ repository, masterKeys });
    await resumed.prepareKeys([subject(1), subject(2), subject(3)]);
    const again = await resumed.keyForEncryption(subject(1));
    expect(again.kid).toBe(before.kid);
    expect(again.key.equals(before.key)).toBe(true);
    // Every key it holds is the one stored (read back by a process that shares no cache).
    const reader = new DataKeyStore({ repository, masterKeys, cache: { maxEntries: 0 } });
    for (const s of [subject(1), subject(2), subject(3)]) {
      const held = await resumed.keyForEncryption(s);
      const stored = await reader.keyForDecryption(s);
      expect(stored.status === 'active' && stored.kid === held.kid).toBe(true);
      expect(stored.status === 'active' && stored.key.equals(held.key)).toBe(true);
    }
  });

  it('a key claimed by one encryption is the stored one when another writer created it first', async () => {
    const repository = new InMemoryDataKeyRepository();
    const masterKeys = masterKeyRing(newMasterKey());
    const first = await new DataKeyStore({ repository, masterKeys }).keyForEncryption(subject(1));
    const second = await new DataKeyStore({ repository, masterKeys }).keyForEncryption(subject(1));
    expect(second.kid).toBe(first.kid);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('refuses to encrypt for an erased subject whose key it never saw (typed error)', async () => {
    const repository = new InMemoryDataKeyRepository();
    const master = newMasterKey();
    await store(repository, master).erase(subject(2));
    await expect(store(repository, master).keyForEncryption(subject(2))).rejects.toBeInstanceOf(
      SubjectErasedError,
    );
  });

  it('a process started with another master key gets a typed error naming the missing key id', async () => {
    const repository = new InMemoryDataKeyRepository();
    const original = newMasterKey();
    const cipher = new PersonalDataCipher(store(repository, original));
    const enc = await cipher.encryptFields({ nationalId: 'n' }, ['nationalId'], subject(1));

    const wrong = new PersonalDataCipher(store(repository, newMasterKey()));
    const failure = wrong.decryptFields(enc, ['nationalId'], subject(1));
    await expect(failure).rejects.toBeInstanceOf(WrongMasterKeyError);
    await expect(failure).rejects.toMatchObject({ masterKeyId: original.id });
  });

  it('a wrapped key copied onto another subject fails authentication', async () => {
    const repository = new InMemoryDataKeyRepository();
    const master = newMasterKey();
    await store(repository, master).keyForEncryption(subject(1));
    const row = await repository.find(subject(1));
    if (row?.status !== 'active') throw new Error('expected a key');
    await repository.insertIfAbsent({ ...row.record, ...subject(2) });

    await expect(store(repository, master).keyForDecryption(subject(2))).rejects.toBeInstanceOf(
      DataKeyIntegrityError,
    );
  });

  describe('master key rotation', () => {
    it('re-wraps every data key so old ciphertexts decrypt with only the new master key', async () => {
      const repository = new InMemoryDataKeyRepository();
      const oldKey = newMasterKey();
      const cipher = new PersonalDataCipher(store(repository, oldKey));
      const encrypted = await Promise.all(
        Array.from({ length: 7 }, (_, i) =>
          cipher.encryptFields({ nationalId: `n${i}` }, ['nationalId'], subject(i)),
        ),
      );
      await store(repository, oldKey).erase(subject(3));

      const newKey = newMasterKey();
      const report = await rotateMasterKey(repository, [oldKey], newKey, { batchSize: 2 });

      expect(report).toEqual({ newMasterKeyId: newKey.id, rewrapped: 6, skipped: 0 });
      const afterRotation = new PersonalDataCipher(store(repository, newKey));
      const decrypted = await Promise.all(
        encrypted.map((e, i) => afterRotation.decryptFields(e, ['nationalId'], subject(i))),
      );
      expect(decrypted.map((d) => d.nationalId)).toEqual([
        'n0',
        'n1',
        'n2',
        '[erased]',
        'n4',
        'n5',
        'n6',
      ]);
      // The old key alone no longer opens anything.
      await expect(store(repository, oldKey).keyForDecryption(subject(0))).rejects.toBeInstanceOf(
        WrongMasterKeyError,
      );
    });

    it('is resumable: a second run finds nothing left to do', async () => {
      const repository = new InMemoryDataKeyRepository();
      const oldKey = newMasterKey();
      await store(repository, oldKey).keyForEncryption(subject(1));
      const newKey = newMasterKey();
      await store(repository, newKey, [oldKey]).rotateMasterKey([oldKey], newKey);
      expect(await rotateMasterKey(repository, [oldKey], newKey)).toEqual({
        newMasterKeyId: newKey.id,
        rewrapped: 0,
        skipped: 0,
      });
    });

    it('during a rotation, a process holding both keys reads keys wrapped by either', async () => {
      const repository = new InMemoryDataKeyRepository();
      const oldKey = newMasterKey();
      const newKey = newMasterKey();
      const before = await store(repository, oldKey).keyForEncryption(subject(1));
      const both = store(repository, newKey, [oldKey]);
      const created = await both.keyForEncryption(subject(2));

      expect(await both.keyForDecryption(subject(1))).toEqual({ status: 'active', ...before });
      expect(await both.keyForDecryption(subject(2))).toEqual({ status: 'active', ...created });
    });

    it('stops with a typed error when a data key is wrapped by a master key it was not given', async () => {
      const repository = new InMemoryDataKeyRepository();
      await store(repository, newMasterKey()).keyForEncryption(subject(1));
      await expect(
        rotateMasterKey(repository, [newMasterKey()], newMasterKey()),
      ).rejects.toBeInstanceOf(WrongMasterKeyError);
    });
  });

  describe('cache', () => {
    it('serves repeated lookups from memory, and an erasure through the store is seen at once', async () => {
      const repository = new InMemoryDataKeyRepository();
      const find = jest.spyOn(repository, 'find');
      const keys = new DataKeyStore({
        erasureLedger: new InMemoryErasureLedger(),
        repository,
        masterKeys: masterKeyRing(newMasterKey()),
      });
      await keys.keyForEncryption(subject(1));
      await keys.keyForDecryption(subject(1));
      await keys.keyForDecryption(subject(1));
      // The key the encryption created (no read first, ADR 0355) is cached: nothing is read.
      expect(find).not.toHaveBeenCalled();

      await keys.erase(subject(1));
      expect((await keys.keyForDecryption(subject(1))).status).toBe('erased');
    });

    it('forgets keys after the TTL, so an erasure by another process takes effect', async () => {
      const repository = new InMemoryDataKeyRepository();
      let now = Date.parse('2025-01-01T00:00:00Z');
      const master = newMasterKey();
      const reader = new DataKeyStore({
        erasureLedger: new InMemoryErasureLedger(),
        repository,
        masterKeys: masterKeyRing(master),
        cache: { ttlMs: 60_000 },
        now: () => new Date(now),
      });
      await reader.keyForEncryption(subject(1));
      await store(repository, master).erase(subject(1));

      expect((await reader.keyForDecryption(subject(1))).status).toBe('active');
      now += 60_001;
      expect((await reader.keyForDecryption(subject(1))).status).toBe('erased');
    });
  });

  describe('erasure ledger', () => {
    it('records every erasure in the ledger, with the erasure time, before shredding the key', async () => {
      const repository = new InMemoryDataKeyRepository();
      const ledger = new InMemoryErasureLedger();
      const at = new Date('2025-06-01T10:00:00.000Z');
      const keys = new DataKeyStore({
        repository,
        masterKeys: masterKeyRing(newMasterKey()),
        erasureLedger: ledger,
        now: () => at,
      });
      await keys.keyForEncryption(subject(1));
      await keys.erase(subject(1));
      expect(await ledger.readAfter(0, 10)).toEqual([
        { sequence: 1, tenantId: 't1', subjectId: 's-001', erasedAt: at },
      ]);
    });

    it('does not shred a key when the ledger cannot record the erasure', async () => {
      const repository = new InMemoryDataKeyRepository();
      const keys = new DataKeyStore({
        repository,
        masterKeys: masterKeyRing(newMasterKey()),
        erasureLedger: {
          record: () => Promise.reject(new Error('ledger database unreachable')),
          readAfter: () => Promise.resolve([]),
        },
      });
      await keys.keyForEncryption(subject(1));
      await expect(keys.erase(subject(1))).rejects.toThrow('ledger database unreachable');
      expect((await repository.find(subject(1)))?.status).toBe('active');
    });

    it('refuses to erase without a ledger (typed error), leaving the key in place', async () => {
      const repository = new InMemoryDataKeyRepository();
      const keys = new DataKeyStore({ repository, masterKeys: masterKeyRing(newMasterKey()) });
      await keys.keyForEncryption(subject(1));
      await expect(keys.erase(subject(1))).rejects.toBeInstanceOf(ErasureLedgerRequiredError);
      expect((await repository.find(subject(1)))?.status).toBe('active');
    });
  });
});
