// The member fold relies on PersistentMap behaving like an immutable Map: same answers as a
// JavaScript Map for any sequence of sets and deletes, insertion order kept, and every earlier
// version left exactly as it was (so evolve stays pure while sharing structure).
import fc from 'fast-check';
import { PersistentMap } from './persistent-map';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string };

// Few distinct keys so that updates and deletes of present keys are common.
const key = fc.integer({ min: 0, max: 60 }).map((n) => `k${n}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
);

describe('PersistentMap', () => {
  it('answers like a Map for any sequence of sets and deletes, and never changes a version', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let map = PersistentMap.empty<number>();
        const model = new Map<string, number>();
        const versions: { map: PersistentMap<number>; entries: [string, number][] }[] = [];
        for (const o of ops) {
          if (o.kind === 'set') {
            map = map.set(o.key, o.value);
            model.set(o.key, o.value);
          } else {
            map = map.delete(o.key);
            model.delete(o.key);
          }
          versions.push({ map, entries: [...model.entries()] });
          expect(map.size).toBe(model.size);
          expect(map.get(o.key)).toBe(model.get(o.key));
          expect(map.has(o.key)).toBe(model.has(o.key));
        }
        for (const version of versions) {
          expect(version.map.values()).toEqual(version.entries.map(([, v]) => v));
          expect(version.map.toJSON()).toEqual(Object.fromEntries(version.entries));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps many keys apart (deep tries and buckets split correctly)', () => {
    let map = PersistentMap.empty<number>();
    for (let i = 0; i < 20_000; i++) map = map.set(`order:${i}`, i);
    const half = [...Array(10_000).keys()].reduce((m, i) => m.delete(`order:${i * 2}`), map);
    expect(map.size).toBe(20_000);
    expect(half.size).toBe(10_000);
    expect(map.get('order:19998')).toBe(19_998);
    expect(half.get('order:19998')).toBeUndefined();
    expect(half.get('order:19999')).toBe(19_999);
    expect(half.values()).toEqual([...Array(10_000).keys()].map((i) => i * 2 + 1));
  });
});
