// Wakes subscribers after appends commit, outside the appending transactions. A NOTIFY inside a
// transaction takes PostgreSQL's database-wide notification-queue lock from pre-commit through the
// WAL flush, so notifying appends never share a flush (no group commit); measured at 16 writers it
// halved the commit rate (docs/benchmarks.md, P1). A NOTIFY of its own is a transaction of its
// own (with a commit record to flush), so they are coalesced: one in flight at a time and at most
// one per `minIntervalMs`; appends that commit meanwhile are covered by the next one. Notifications
// are only a hint (subscribers also poll), so failures are ignored and the interval only delays a
// wake-up by at most that much.
import { setTimeout as sleep } from 'node:timers/promises';

export const DEFAULT_NOTIFY_INTERVAL_MS = 5;

export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: () => Promise<unknown>,
    private readonly minIntervalMs = DEFAULT_NOTIFY_INTERVAL_MS,
  ) {}

  /** Called after a commit: sends a notification now, or once the last one is far enough back. */
  notify(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.drain();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      // A timer may fire up to a millisecond early (libuv's loop clock is coarser than
      // performance.now()), so sleep until the interval has really passed.
      for (
        let wait = this.lastSentAt + this.minIntervalMs - performance.now();
        wait > 0;
        wait = this.lastSentAt + this.minIntervalMs - performance.now()
      )
        await sleep(Math.ceil(wait));
      this.lastSentAt = performance.now();
      await this.send().catch(() => undefined);
    } while (this.again && !this.closed);
    this.inFlight = undefined;
  }
}
