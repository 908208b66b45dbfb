// Behaviour every DataKeyRepository adapter must share, run against the in-memory adapter (unit)
// and PostgreSQL (int), so the fake used by unit tests cannot drift from the real table.
import type { DataKeyRepository, WrappedDataKeyRecord } from './data-key.repository';
import type { DataSubject } from './data-subject';

export interface DataKeyRepositoryContractContext {
  readonly repository: DataKeyRepository;
  /** A tenant id no other test uses, so tests can share a database. */
  readonly tenantId: string;
}

function record(
  subject: DataSubject,
  overrides: Partial<WrappedDataKeyRecord> = {},
): WrappedDataKeyRecord {
  return {
    ...subject,
    kid: 'dk-1',
    wrappedKey: Buffer.from('wrapped-bytes-1'),
    masterKeyId: 'mk-a',
    createdAt: new Date('2025-01-02T03:04:05.000Z'),
    ...overrides,
  };
}

export function describeDataKeyRepositoryContract(
  name: string,
  setup: () => Promise<DataKeyRepositoryContractContext>,
): void {
  describe(`DataKeyRepository contract: ${name}`, () => {
    let ctx: DataKeyRepositoryContractContext;
    const subject = (subjectId: string): DataSubject => ({ tenantId: ctx.tenantId, subjectId });

    beforeEach(async () => {
      ctx = await setup();
    });

    it('stores the first key of a subject and returns the same key to a later, different insert', async () => {
      const first = await ctx.repository.insertIfAbsent(record(subject('s1')));
      const second = await ctx.repository.insertIfAbsent(
        record(subject('s1'), { kid: 'dk-2', wrappedKey: Buffer.from('other') }),
      );

      expect(first).toEqual({ status: 'active', record: record(subject('s1')) });
      expect(second).toEqual(first);
      expect(await ctx.repository.find(subject('s1'))).toEqual(first);
    });

    it('agrees on one key when writers race for a new subject', async () => {
      const results = await Promise.all(
        ['dk-a', 'dk-b', 'dk-c'].map((kid) =>
          ctx.repository.insertIfAbsent(record(subject('race'), { kid })),
        ),
      );
      const kids = results.map((r) => (r.status === 'active' ? r.record.kid : 'erased'));
      expect(new Set(kids).size).toBe(1);
    });

    it('keys are scoped by tenant', async () => {
      await ctx.repository.insertIfAbsent(record(subject('s1')));
      expect(
        await ctx.repository.find({ tenantId: `${ctx.tenantId}-other`, subjectId: 's1' }),
      ).toBeUndefined();
    });

    it('erasure removes the key material, keeps a tombstone with the first erasure time, and blocks new keys', async () => {
      await ctx.repository.insertIfAbsent(record(subject('s1')));
      const t1 = new Date('2025-03-01T00:00:00.000Z');
      const first = await ctx.repository.erase(subject('s1'), t1);
      const again = await ctx.repository.erase(subject('s1'), new Date('2025-04-01T00:00:00.000Z'));
      const reinsert = await ctx.repository.insertIfAbsent(
        record(subject('s1'), { kid: 'dk-new' }),
      );

      const tombstone = {
        status: 'erased',
        erasure: { ...subject('s1'), kid: 'dk-1', erasedAt: t1 },
      };
      expect(first).toEqual(tombstone.erasure);
      expect(again).toEqual(tombstone.erasure);
      expect(reinsert).toEqual(tombstone);
      expect(await ctx.repository.find(subject('s1'))).toEqual(tombstone);
    });

    it('erasing a subject that never had a key records a tombstone without a key id', async () => {
      const t = new Date('2025-03-01T00:00:00.000Z');
      expect(await ctx.repository.erase(subject('never'), t)).toEqual({
        ...subject('never'),
        kid: undefined,
        erasedAt: t,
      });
      expect((await ctx.repository.insertIfAbsent(record(subject('never')))).status).toBe('erased');
    });

    it('lists active keys not wrapped by a master key, in subject order, page by page', async () => {
      for (const id of ['c', 'a', 'b', 'd'])
        await ctx.repository.insertIfAbsent(record(subject(id)));
      await ctx.repository.insertIfAbsent(record(subject('e'), { masterKeyId: 'mk-new' }));
      await ctx.repository.erase(subject('d'), new Date());

      // The table may hold other tests' tenants: start at this tenant and ignore rows past it.
      const mine = (rows: readonly WrappedDataKeyRecord[]) =>
        rows.filter((r) => r.tenantId === ctx.tenantId).map((r) => r.subjectId);
      const page1 = await ctx.repository.listNotWrappedBy('mk-new', subject(''), 2);
      const page2 = await ctx.repository.listNotWrappedBy('mk-new', page1[1], 2);

      expect(mine(page1)).toEqual(['a', 'b']);
      expect(mine(page2)).toEqual(['c']);
    });

    it('replaces a wrapping only while the row still matches (compare-and-set)', async () => {
      await ctx.repository.insertIfAbsent(record(subject('s1')));
      await ctx.repository.insertIfAbsent(record(subject('s2')));
      await ctx.repository.erase(subject('s2'), new Date());

      const wrongMaster = await ctx.repository.replaceWrapping(
        subject('s1'),
        'dk-1',
        'mk-x',
        Buffer.from('n'),
        'mk-b',
      );
      const wrongKid = await ctx.repository.replaceWrapping(
        subject('s1'),
        'dk-9',
        'mk-a',
        Buffer.from('n'),
        'mk-b',
      );
      const erased = await ctx.repository.replaceWrapping(
        subject('s2'),
        'dk-1',
        'mk-a',
        Buffer.from('n'),
        'mk-b',
      );
      const ok = await ctx.repository.replaceWrapping(
        subject('s1'),
        'dk-1',
        'mk-a',
        Buffer.from('new-wrap'),
        'mk-b',
      );

      expect([wrongMaster, wrongKid, erased, ok]).toEqual([false, false, false, true]);
      expect(await ctx.repository.find(subject('s1'))).toEqual({
        status: 'active',
        record: record(subject('s1'), { wrappedKey: Buffer.from('new-wrap'), masterKeyId: 'mk-b' }),
      });
      expect((await ctx.repository.find(subject('s2')))?.status).toBe('erased');
    });
  });
}
