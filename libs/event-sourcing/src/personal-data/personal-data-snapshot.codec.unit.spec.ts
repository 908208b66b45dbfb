import { InMemoryErasureLedger } from './erasure-ledger';
import { randomBytes } from 'node:crypto';
import { parseStreamId } from '../stream-id';
import { DataKeyStore } from './data-key-store';
import { InMemoryDataKeyRepository } from './in-memory-data-key.repository';
import { masterKeyFromBytes, masterKeyRing } from './master-key';
import { ERASED_MARKER, PersonalDataCipher } from './personal-data-cipher';
import { personalDataSnapshotCodec } from './personal-data-snapshot.codec';
import { SubjectErasedError } from './personal-data.errors';

describe('personalDataSnapshotCodec', () => {
  const keys = new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository: new InMemoryDataKeyRepository(),
    masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
  });
  const codec = personalDataSnapshotCodec<{ status: string; email: string }>({
    cipher: new PersonalDataCipher(keys),
    fields: ['email'],
    subjectId: (ctx) => parseStreamId(ctx.streamId).id,
  });
  const ctx = { streamId: 'customers.Customer-c9', tenantId: 't1' };

  it('stores personal fields encrypted and decodes them back', async () => {
    const stored = await codec.encode({ status: 'Active', email: 'c9@example.org' }, ctx);
    expect(JSON.stringify(stored)).not.toContain('c9@example.org');
    expect(await codec.decode(JSON.parse(JSON.stringify(stored)), ctx)).toEqual({
      status: 'Active',
      email: 'c9@example.org',
    });
  });

  it('is shredded with the subject: decodes to the erased marker, and refuses new snapshots', async () => {
    const stored = await codec.encode({ status: 'Active', email: 'c9@example.org' }, ctx);
    await keys.erase({ tenantId: 't1', subjectId: 'c9' });
    expect(await codec.decode(stored, ctx)).toEqual({ status: 'Active', email: ERASED_MARKER });
    await expect(codec.encode({ status: 'Active', email: 'x' }, ctx)).rejects.toBeInstanceOf(
      SubjectErasedError,
    );
  });
});
