// Behaviour every SnapshotStore adapter shares; run in memory (unit) and on PostgreSQL (int).
import type { Snapshot } from './snapshot';
import type { SnapshotStore } from './snapshot.store';

export interface SnapshotStoreContractContext {
  readonly store: SnapshotStore;
  /** Stream id prefix unique to this test, e.g. `test.Thing-<random>-` (streams share a database). */
  readonly prefix: string;
}

export function describeSnapshotStoreContract(
  name: string,
  setup: () => Promise<SnapshotStoreContractContext>,
): void {
  describe(`SnapshotStore contract: ${name}`, () => {
    let ctx: SnapshotStoreContractContext;
    const snap = (
      id: string,
      streamVersion: number,
      stateSchemaVersion = 'v1',
      state: unknown = { at: streamVersion },
    ): Snapshot => ({
      streamId: `${ctx.prefix}${id}`,
      tenantId: 'tenant-1',
      streamVersion,
      stateSchemaVersion,
      state,
      takenAt: '2025-01-01T00:00:00.000Z',
    });

    beforeEach(async () => {
      ctx = await setup();
    });

    it('returns null when there is no snapshot', async () => {
      expect(await ctx.store.load(`${ctx.prefix}none`, 'v1')).toBeNull();
    });

    it('round-trips a snapshot with nested JSON state', async () => {
      const s = snap('a', 7, 'v1', {
        name: 'Zoë',
        tags: ['x', 'y'],
        nested: { n: 1.5, ok: true, nothing: null },
      });
      await ctx.store.save(s);
      expect(await ctx.store.load(s.streamId, 'v1')).toEqual(s);
    });

    it('only moves forward: an older or equal snapshot never replaces a newer one', async () => {
      await ctx.store.save(snap('a', 10));
      await ctx.store.save(snap('a', 4));
      await ctx.store.save(snap('a', 10, 'v1', { other: true }));
      expect(await ctx.store.load(`${ctx.prefix}a`, 'v1')).toEqual(snap('a', 10));
      await ctx.store.save(snap('a', 12));
      expect((await ctx.store.load(`${ctx.prefix}a`, 'v1'))?.streamVersion).toBe(12);
    });

    it('keeps state-schema versions apart, and prunes all but one', async () => {
      await ctx.store.save(snap('a', 5, 'v1'));
      await ctx.store.save(snap('a', 3, 'v2'));
      await ctx.store.save(snap('b', 2, 'v1'));
      expect((await ctx.store.load(`${ctx.prefix}a`, 'v1'))?.streamVersion).toBe(5);
      expect((await ctx.store.load(`${ctx.prefix}a`, 'v2'))?.streamVersion).toBe(3);

      expect(await ctx.store.pruneSchemaVersions(ctx.prefix, 'v2')).toBe(2);
      expect(await ctx.store.load(`${ctx.prefix}a`, 'v1')).toBeNull();
      expect(await ctx.store.load(`${ctx.prefix}a`, 'v2')).not.toBeNull();
    });

    it('deletes every snapshot of one stream', async () => {
      await ctx.store.save(snap('a', 5, 'v1'));
      await ctx.store.save(snap('a', 5, 'v2'));
      await ctx.store.save(snap('b', 5, 'v1'));
      expect(await ctx.store.delete(`${ctx.prefix}a`)).toBe(2);
      expect(await ctx.store.load(`${ctx.prefix}a`, 'v1')).toBeNull();
      expect(await ctx.store.load(`${ctx.prefix}b`, 'v1')).not.toBeNull();
    });
  });
}
