// In-process fan-out of customer change events to WebSocket subscribers, keyed by tenant and
// customer id, so an event is only ever offered to subscribers of its own tenant. A subscriber
// that does not keep up loses its oldest buffered changes (it can re-query the customer).
import { type CustomerChange } from './customer-change.model';

const MAX_BUFFERED = 100;

type Listener = (change: CustomerChange) => void;

export class CustomerChangeHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  private static key(tenantId: string, customerId: string): string {
    return `${tenantId}\u0000${customerId}`;
  }

  publish(change: CustomerChange): void {
    for (const listener of this.listeners.get(
      CustomerChangeHub.key(change.tenantId, change.customerId),
    ) ?? [])
      listener(change);
  }

  /** Whether anyone listens to this customer of this tenant (the consumer skips decoding otherwise). */
  isWatched(tenantId: string, customerId: string): boolean {
    return this.listeners.has(CustomerChangeHub.key(tenantId, customerId));
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** An async iterator of the changes of one customer of one tenant; `return()` unsubscribes. */
  subscribe(tenantId: string, customerId: string): AsyncIterableIterator<CustomerChange> {
    const key = CustomerChangeHub.key(tenantId, customerId);
    const buffer: CustomerChange[] = [];
    let waiting: ((result: IteratorResult<CustomerChange>) => void) | null = null;
    let done = false;
    const listener: Listener = (change) => {
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: change, done: false });
        return;
      }
      buffer.push(change);
      if (buffer.length > MAX_BUFFERED) buffer.shift();
    };
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    const finish = (): IteratorResult<CustomerChange> => {
      if (!done) {
        done = true;
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
        if (waiting) waiting({ value: undefined, done: true });
        waiting = null;
      }
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<CustomerChange> = {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        const next = buffer.shift();
        if (next) return Promise.resolve({ value: next, done: false });
        return new Promise((resolve) => {
          waiting = resolve;
        });
      },
      return: () => Promise.resolve(finish()),
      throw: (error?: unknown) => {
        finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}

export const CUSTOMER_CHANGE_HUB = Symbol('CUSTOMER_CHANGE_HUB');
