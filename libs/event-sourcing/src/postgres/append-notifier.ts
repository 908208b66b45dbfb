// Wakes subscribers after appends commit, outside the appending transactions. A NOTIFY inside a
// transaction takes PostgreSQL's database-wide notification-queue lock from pre-commit through the
// WAL flush, so notifying appends never share a flush (no group commit); measured at 16 writers it
// halved the commit rate (docs/benchmarks.md, P1). Notifications are only a hint (subscribers also
// poll), so one in flight at a time is enough: appends that finish meanwhile are covered by the
// next one. Its failures are ignored for the same reason.
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(private readonly send: () => Promise<unknown>) {}

  /** Called after a commit: sends a notification now, or right after the one in flight. */
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
      await this.send().catch(() => undefined);
    } while (this.again && !this.closed);
    this.inFlight = undefined;
  }
}
