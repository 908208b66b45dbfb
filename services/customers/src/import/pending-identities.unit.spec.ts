// The import keeps the identities of the rows it wrote until the identity index's worker has
// indexed them (it no longer writes the index itself): what it keeps must cover every written row
// the index does not hold yet, and stay bounded.
import type { CustomerIdentity } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import { PendingIdentities, type IdentityIndexPosition } from './import-row-tracking';

/** The worker's position, moved by the test (what the worker does after each committed batch). */
class IndexPosition implements IdentityIndexPosition {
  indexedUpTo = 0;
  private readonly waiting: { position: number; resolve: () => void }[] = [];

  whenIndexed(position: number): Promise<void> {
    if (position <= this.indexedUpTo) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ position, resolve }));
  }

  moveTo(position: number): void {
    this.indexedUpTo = position;
    for (const w of this.waiting.splice(0)) {
      if (w.position <= position) w.resolve();
      else this.waiting.push(w);
    }
  }
}

const running = new AbortController().signal;
const email = (value: string): CustomerIdentity => ({ kind: 'email', value });
const stored = (globalPosition: number): EventEnvelope =>
  ({ globalPosition }) as unknown as EventEnvelope;

describe('PendingIdentities', () => {
  it('finds a written row until the index holds it, then forgets it', async () => {
    const index = new IndexPosition();
    const pending = new PendingIdentities(index, 100);
    pending.add([stored(10)], 'c1', [email('a@x.test')]);
    pending.add([stored(11)], 'c2', [email('b@x.test')]);
    await pending.prune(running);
    expect(pending.find([email('a@x.test')])).toEqual([
      { customerId: 'c1', kinds: ['email'], score: 1 },
    ]);
    index.moveTo(10);
    await pending.prune(running);
    expect(pending.find([email('a@x.test')])).toEqual([]);
    expect(pending.find([email('b@x.test')])).toHaveLength(1);
    expect(pending.size).toBe(1);
  });

  it('keeps nothing for a row whose command stored no event', () => {
    const pending = new PendingIdentities(new IndexPosition(), 100);
    pending.add([], 'c1', [email('a@x.test')]);
    expect(pending.size).toBe(0);
  });

  it('waits for the index beyond its limit, so memory does not grow with the file', async () => {
    const index = new IndexPosition();
    const pending = new PendingIdentities(index, 2);
    for (let n = 1; n <= 3; n++) pending.add([stored(n)], `c${n}`, [email(`${n}@x.test`)]);
    let pruned = false;
    const pruning = pending.prune(running).then(() => (pruned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pruned).toBe(false);
    index.moveTo(3);
    await pruning;
    expect(pending.size).toBe(0);
  });

  it('settles once every row added is indexed', async () => {
    const index = new IndexPosition();
    const pending = new PendingIdentities(index, 100);
    pending.add([stored(5), stored(7)], 'c1', [email('a@x.test')]);
    let settled = false;
    const settling = pending.settle(running).then(() => (settled = true));
    index.moveTo(6);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    index.moveTo(7);
    await settling;
    expect(pending.size).toBe(0);
  });
});

describe('PendingIdentities, an identity written again', () => {
  it('is kept until the index holds its latest row, and does not hold back the others', async () => {
    const index = new IndexPosition();
    const pending = new PendingIdentities(index, 100);
    pending.add([stored(1)], 'c1', [email('a@x.test')]);
    pending.add([stored(2)], 'c2', [email('b@x.test')]);
    pending.add([stored(3)], 'c1', [email('a@x.test')]);
    index.moveTo(2);
    await pending.prune(running);
    expect(pending.find([email('b@x.test')])).toEqual([]);
    expect(pending.find([email('a@x.test')])).toHaveLength(1);
  });
});

describe('PendingIdentities at shutdown', () => {
  it('stops waiting for the index when the import is stopped (the worker stops first)', async () => {
    const index = new IndexPosition();
    const pending = new PendingIdentities(index, 1);
    pending.add([stored(1)], 'c1', [email('a@x.test')]);
    pending.add([stored(2)], 'c2', [email('b@x.test')]);
    const stop = new AbortController();
    const settling = pending.settle(stop.signal);
    const pruning = pending.prune(stop.signal);
    stop.abort();
    await expect(settling).resolves.toBe(false);
    await pruning;
    expect(pending.size).toBe(2);
    await expect(pending.settle(stop.signal)).resolves.toBe(false);
  });
});
