// One reader of the event store's global log per projections worker (ADR 0430). Every store-source
// projection used to run its own catch-up subscription: each commit's notification woke ~18 of
// them, and each read the log from PostgreSQL with its own type filter. Here one pump reads each
// page once (filtered by the union of the projections' types) into a bounded buffer, and every
// projection's subscription is served from that buffer with its own checkpoint and its own type
// filter applied in memory.
//
// What stays exactly as it was:
// - The read horizon / gap rule: the buffer only ever ends at a checkpoint the store returned, and
//   holds every event of the union filter in (start, end]; a subscriber's page from the buffer is
//   what a store read with its own filter would have returned then (same events, same checkpoint).
// - Back-pressure and independence: a subscriber applies at its own pace. One that falls behind
//   the buffer's start (slow, parked, restarted, rebuilt) reads the store alone with its own
//   filter, as before, until it is back inside the buffer; nobody waits for it.
// - The subscription contract (`startPollingSubscription`): handler errors end that subscription
//   only; stop, checkpoint, notifyCheckpointOnly behave as the store's own subscribeToAll.
import type {
  EventEnvelope,
  EventStore,
  GlobalLogFilter,
  ReadAllOptions,
  ReadAllPage,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '@crm/event-sourcing';
import { EventStoreError, startPollingSubscription } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import { Backoff, errorMessage } from '@crm/messaging';

/** The paged log reader and wake-up the pump needs (PostgresEventStore has both). */
export interface GlobalLogSource {
  readAllPage(options: ReadAllOptions): Promise<ReadAllPage>;
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

export interface SharedStoreReaderOptions {
  /** Union of the subscribers' event types; undefined reads every type. */
  readonly eventTypes: readonly string[] | undefined;
  /** Events per store read. */
  readonly batchSize: number;
  /** Fallback poll when no append notification arrives. */
  readonly pollIntervalMs: number;
  /** Most events kept; a subscriber further behind reads the store alone. Default 10 pages. */
  readonly capacity?: number;
  readonly logger: Logger;
}

// Committed events wait behind an older open transaction: look again soon (as the store's own
// subscription does), since their notification has already been spent.
const PENDING_RECHECK_MS = 25;

export class SharedStoreReader {
  /** Every union-filtered event in (start, end], ascending. */
  private events: EventEnvelope[] = [];
  private start = 0;
  private end = 0;
  private pending = false;
  /** The pump's last page reached the store's safe head (false while it pages through a burst). */
  private atHead = false;
  private readonly types: ReadonlySet<string> | undefined;
  private readonly capacity: number;
  private subscribers = 0;
  private pump: { readonly abort: AbortController; readonly done: Promise<void> } | undefined;
  /** Subscribers waiting for the buffer's end to move. */
  private readonly waiters = new Set<() => void>();
  /** Store reads made by the pump (the specs compare them with all reads of the store). */
  pumpReads = 0;

  constructor(
    private readonly source: GlobalLogSource,
    private readonly options: SharedStoreReaderOptions,
  ) {
    this.types = options.eventTypes ? new Set(options.eventTypes) : undefined;
    this.capacity = options.capacity ?? options.batchSize * 10;
  }

  /** Same contract as EventStore.subscribeToAll, served from the shared buffer when it can be. */
  subscribeToAll(handler: SubscriptionHandler, options: SubscribeOptions = {}): Subscription {
    const covered = this.covers(options.filter);
    if (covered) this.join(options.after ?? 0);
    // The buffer's end this subscriber last read up to; undefined while it reads alone (then it
    // waits on the store's own wake-up, as a subscription of the store would).
    let seenEnd: number | undefined;
    const subscription = startPollingSubscription(
      {
        readAllPage: async (read) => {
          if (!covered || read.after === undefined || !this.holds(read.after)) {
            seenEnd = undefined;
            return this.source.readAllPage(read);
          }
          seenEnd = this.end;
          return this.page(read.after, read.batchSize ?? this.options.batchSize, read.filter);
        },
        waitForAppend: (timeoutMs, signal) =>
          seenEnd === undefined
            ? this.source.waitForAppend(timeoutMs, signal)
            : this.waitPast(seenEnd, timeoutMs, signal),
        // Reads alone go to the store: its outages are retried like the store's own subscription.
        isTransient: (error) => error instanceof EventStoreError && error.retriable,
      },
      handler,
      options,
      { batchSize: this.options.batchSize, pollIntervalMs: this.options.pollIntervalMs },
    );
    if (covered) void subscription.done.catch(() => undefined).finally(() => this.leave());
    return subscription;
  }

  /**
   * `store` with its subscribeToAll served by this reader: the decorators a projection's store
   * gets (decryption of personal data) wrap it, so they see the shared pages too. A prototype view
   * rather than a wrapper class: the worker's store factory needs the concrete store (its pool).
   */
  sharing<S extends EventStore>(store: S): S {
    const view = Object.create(store) as S & { subscribeToAll: EventStore['subscribeToAll'] };
    view.subscribeToAll = (handler, options) => this.subscribeToAll(handler, options);
    return view;
  }

  /** Stops the pump (the worker's subscriptions are stopped first). */
  async close(): Promise<void> {
    await this.stopPump();
  }

  // Only a plain type filter inside the union can be answered from the buffer.
  private covers(filter: GlobalLogFilter | undefined): boolean {
    const { eventTypes, ...others } = filter ?? {};
    if (Object.values(others).some((value) => value !== undefined)) return false;
    if (!this.types) return true;
    return eventTypes !== undefined && eventTypes.every((type) => this.types!.has(type));
  }

  private holds(after: number): boolean {
    return this.pump !== undefined && after >= this.start && after <= this.end;
  }

  private page(after: number, limit: number, filter: GlobalLogFilter | undefined): ReadAllPage {
    const wanted = filter?.eventTypes ? new Set(filter.eventTypes) : undefined;
    const events: EventEnvelope[] = [];
    for (let i = firstAfter(this.events, after); i < this.events.length; i += 1) {
      const event = this.events[i]!;
      if (wanted && !wanted.has(event.type)) continue;
      events.push(event);
      if (events.length >= limit)
        return { events, checkpoint: event.globalPosition, isEnd: false, pending: false };
    }
    // Nothing of its types: the checkpoint moves only once the pump has reached the head, so a
    // burst of pages (an import) costs each subscriber one checkpoint save, not one per page.
    if (events.length === 0 && !this.atHead)
      return { events, checkpoint: after, isEnd: true, pending: false };
    return { events, checkpoint: this.end, isEnd: true, pending: this.pending };
  }

  private waitPast(seenEnd: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.end > seenEnd || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  // The first subscriber starts the pump where it stands; later ones behind it read alone until
  // they reach the buffer, those ahead until the pump passes them.
  private join(after: number): void {
    this.subscribers += 1;
    if (this.pump) return;
    this.events = [];
    this.start = after;
    this.end = after;
    this.pending = false;
    this.atHead = false;
    const abort = new AbortController();
    this.pump = { abort, done: this.runPump(abort.signal) };
  }

  private leave(): void {
    this.subscribers -= 1;
    if (this.subscribers === 0) void this.stopPump();
  }

  private async stopPump(): Promise<void> {
    const pump = this.pump;
    this.pump = undefined;
    if (!pump) return;
    pump.abort.abort();
    await pump.done;
  }

  private async runPump(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff({ initialDelayMs: 50, maxDelayMs: 2000 });
    while (!signal.aborted) {
      let page: ReadAllPage;
      try {
        this.pumpReads += 1;
        page = await this.source.readAllPage({
          after: this.end,
          batchSize: this.options.batchSize,
          ...(this.options.eventTypes ? { filter: { eventTypes: this.options.eventTypes } } : {}),
        });
        backoff.reset();
      } catch (error) {
        const delay = backoff.next();
        this.options.logger.warn(
          { err: errorMessage(error), retryInMs: delay },
          'shared store reader: read failed; retrying',
        );
        await this.source.waitForAppend(delay, signal);
        continue;
      }
      if (signal.aborted) return;
      this.append(page);
      if (page.isEnd)
        await this.source.waitForAppend(
          page.pending
            ? Math.min(this.options.pollIntervalMs, PENDING_RECHECK_MS)
            : this.options.pollIntervalMs,
          signal,
        );
    }
  }

  private append(page: ReadAllPage): void {
    for (const event of page.events) this.events.push(event);
    this.pending = page.pending ?? false;
    const reachedHead = page.isEnd && !this.atHead;
    this.atHead = page.isEnd;
    if (this.events.length > this.capacity) {
      // Everything up to the last dropped event is gone: subscribers before it read alone.
      const dropped = this.events.splice(0, this.events.length - this.capacity);
      this.start = dropped[dropped.length - 1]!.globalPosition;
    }
    const moved = page.checkpoint > this.end;
    this.end = Math.max(this.end, page.checkpoint);
    // Subscribers that held back an empty move (see page) take it once the head is reached.
    if (moved || reachedHead) for (const wake of [...this.waiters]) wake();
  }
}

function firstAfter(events: readonly EventEnvelope[], after: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.globalPosition <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
