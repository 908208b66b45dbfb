// An immutable map with structural sharing (a hash trie, 32 children per level): `set` and
// `delete` copy only the path to one key (at most 7 small nodes) and share everything else with
// the map they came from. Folding a member's history is then linear in its length, where copying
// a plain object or array per event made it quadratic (ADR 0265). Every version stays valid and
// unchanged, so `evolve` is still a pure function of its inputs. Iteration follows insertion order
// (like a JavaScript Map or object) so decisions do not depend on hash values.

const BITS = 5;
const MASK = (1 << BITS) - 1;

interface Entry<V> {
  readonly key: string;
  readonly value: V;
  /** Insertion order: kept when a key is updated, new when it is deleted and added again. */
  readonly seq: number;
}

interface Bucket<V> {
  readonly kind: 'bucket';
  readonly hash: number;
  /** Keys with the same full 32-bit hash (almost always one). */
  readonly entries: readonly Entry<V>[];
}

interface Branch<V> {
  readonly kind: 'branch';
  readonly children: readonly (Node<V> | undefined)[];
}

type Node<V> = Bucket<V> | Branch<V>;

/** FNV-1a, 32 bits: cheap, deterministic, well spread over short ids. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const slotOf = (hash: number, depth: number): number => (hash >>> (depth * BITS)) & MASK;

function withChild<V>(branch: Branch<V>, slot: number, child: Node<V> | undefined): Branch<V> {
  const children = branch.children.slice();
  children[slot] = child;
  return { kind: 'branch', children };
}

function insert<V>(
  node: Node<V> | undefined,
  depth: number,
  hash: number,
  entry: Entry<V>,
): Node<V> {
  if (node === undefined) return { kind: 'bucket', hash, entries: [entry] };
  if (node.kind === 'branch') {
    const slot = slotOf(hash, depth);
    return withChild(node, slot, insert(node.children[slot], depth + 1, hash, entry));
  }
  if (node.hash === hash) {
    const others = node.entries.filter((e) => e.key !== entry.key);
    return { kind: 'bucket', hash, entries: [...others, entry] };
  }
  // Two different hashes always differ in some bit, so splitting ends before the bits run out.
  const split: Branch<V> = {
    kind: 'branch',
    children: new Array<Node<V> | undefined>(1 << BITS).fill(undefined),
  };
  return insert(withChild(split, slotOf(node.hash, depth), node), depth, hash, entry);
}

function remove<V>(
  node: Node<V> | undefined,
  depth: number,
  hash: number,
  key: string,
): Node<V> | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'bucket') {
    if (node.hash !== hash) return node;
    const entries = node.entries.filter((e) => e.key !== key);
    return entries.length === 0 ? undefined : { kind: 'bucket', hash, entries };
  }
  const slot = slotOf(hash, depth);
  const child = remove(node.children[slot], depth + 1, hash, key);
  const next = withChild(node, slot, child);
  return next.children.some((c) => c !== undefined) ? next : undefined;
}

function find<V>(root: Node<V> | undefined, hash: number, key: string): Entry<V> | undefined {
  let node = root;
  for (let depth = 0; node !== undefined; depth++) {
    if (node.kind === 'bucket') {
      return node.hash === hash ? node.entries.find((e) => e.key === key) : undefined;
    }
    node = node.children[slotOf(hash, depth)];
  }
  return undefined;
}

function collect<V>(node: Node<V> | undefined, into: Entry<V>[]): void {
  if (node === undefined) return;
  if (node.kind === 'bucket') into.push(...node.entries);
  else for (const child of node.children) collect(child, into);
}

export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(undefined, 0, 0);

  private constructor(
    private readonly root: Node<V> | undefined,
    readonly size: number,
    private readonly nextSeq: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    return find(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return find(this.root, hashOf(key), key) !== undefined;
  }

  /** A new map with `key` set to `value`; this one is unchanged. */
  set(key: string, value: V): PersistentMap<V> {
    const hash = hashOf(key);
    const existing = find(this.root, hash, key);
    const seq = existing?.seq ?? this.nextSeq;
    return new PersistentMap(
      insert(this.root, 0, hash, { key, value, seq }),
      existing ? this.size : this.size + 1,
      existing ? this.nextSeq : this.nextSeq + 1,
    );
  }

  /** A new map without `key` (this one when the key is absent). */
  delete(key: string): PersistentMap<V> {
    const hash = hashOf(key);
    if (!find(this.root, hash, key)) return this;
    return new PersistentMap(remove(this.root, 0, hash, key), this.size - 1, this.nextSeq);
  }

  /** The values in insertion order (a fresh array: O(size log size), meant once per command). */
  values(): V[] {
    const entries: Entry<V>[] = [];
    collect(this.root, entries);
    return entries.sort((a, b) => a.seq - b.seq).map((e) => e.value);
  }

  /** Plain data for logs and test output: `{ key: value }` in insertion order. */
  toJSON(): Record<string, V> {
    const entries: Entry<V>[] = [];
    collect(this.root, entries);
    entries.sort((a, b) => a.seq - b.seq);
    return Object.fromEntries(entries.map((e) => [e.key, e.value]));
  }
}
