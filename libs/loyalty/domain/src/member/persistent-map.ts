// An immutable map with structural sharing, on immutable-js's OrderedMap (a hash array mapped
// trie): `set` and `delete` copy only the path to one key and share everything else with the map
// they came from. Folding a member's history is then linear in its length, where copying a plain
// object or array per event made it quadratic (ADR 0265). Every version stays valid and unchanged,
// so `evolve` is still a pure function of its inputs. Iteration follows insertion order (like a
// JavaScript Map or object) so decisions do not depend on hash values. This thin wrapper keeps the
// domain's small API (string keys, `values()` as an array) independent of the library's.
import { OrderedMap } from 'immutable';

export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(OrderedMap());

  private constructor(private readonly inner: OrderedMap<string, V>) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    return new PersistentMap(
      OrderedMap<string, V>([...entries].map(([k, v]) => [k, v] as [string, V])),
    );
  }

  get size(): number {
    return this.inner.size;
  }

  get(key: string): V | undefined {
    return this.inner.get(key);
  }

  has(key: string): boolean {
    return this.inner.has(key);
  }

  /** A new map with `key` set to `value` (an updated key keeps its place); this one is unchanged. */
  set(key: string, value: V): PersistentMap<V> {
    return new PersistentMap(this.inner.set(key, value));
  }

  /** A new map without `key` (this one when the key is absent). */
  delete(key: string): PersistentMap<V> {
    return this.inner.has(key) ? new PersistentMap(this.inner.delete(key)) : this;
  }

  /** The values in insertion order (a fresh array, meant once per command). */
  values(): V[] {
    return [...this.inner.values()];
  }

  /** The entries in insertion order (a fresh array): what a snapshot stores. */
  entries(): [string, V][] {
    return [...this.inner.entries()];
  }

  /** Plain data for logs and test output: `{ key: value }` in insertion order. */
  toJSON(): Record<string, V> {
    return Object.fromEntries(this.inner.entries());
  }
}
