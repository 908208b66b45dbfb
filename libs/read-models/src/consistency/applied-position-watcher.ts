// Read your own writes: a reader that was told "my write is at global position P" waits until the
// projection serving its query has applied P, for a bounded time. Valid for projections that read
// the store's global log (`source: 'store'`): their checkpoint is a global position, and it moves
// past positions the projection filters out, so a position with no event for that projection (or a
// gap in the log) is still reached. A Kafka-source projection's progress is per-partition offsets,
// not a global position, and cannot be waited on this way.
//
// One poll loop per projection, shared by every waiting request and running only while someone
// waits; a request whose position is already known to be applied reads nothing.

/** The global position a projection's serving read model has applied (0: nothing yet). */
export type AppliedPositionReader = (projection: string) => Promise<number>;

export interface AppliedPositionWatcherOptions {
  /** Longest wait before StaleReadError (the default bound of `waitFor`). */
  readonly timeoutMs: number;
  /** How often the shared loop reads the checkpoint while someone waits; default 25 ms. */
  readonly pollIntervalMs?: number;
}

/** The read model had not applied the requested position within the bound. Safe to retry. */
export class StaleReadError extends Error {
  constructor(
    readonly projection: string,
    readonly requestedPosition: number,
    readonly reachedPosition: number,
    readonly waitedMs: number,
  ) {
    super(
      `Read model ${projection} has applied global position ${reachedPosition}, not yet ${requestedPosition} (waited ${waitedMs} ms)`,
    );
    this.name = 'StaleReadError';
  }
}

interface Waiter {
  readonly position: number;
  resolve(reached: number): void;
  reject(error: Error): void;
}

interface ProjectionWatch {
  /** Last checkpoint read; checkpoints only move forward within a serving target. */
  known: number;
  /** Set while the last read failed; reported to waiters that time out meanwhile. */
  failure: Error | undefined;
  readonly waiters: Set<Waiter>;
  polling: boolean;
}

export class AppliedPositionWatcher {
  private readonly watches = new Map<string, ProjectionWatch>();
  private readonly pollIntervalMs: number;
  private closed = false;

  constructor(
    private readonly read: AppliedPositionReader,
    private readonly options: AppliedPositionWatcherOptions,
  ) {
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 0)
      throw new RangeError(`timeoutMs must be a non-negative integer, got ${options.timeoutMs}`);
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
    if (!Number.isInteger(this.pollIntervalMs) || this.pollIntervalMs < 1)
      throw new RangeError(`pollIntervalMs must be a positive integer, got ${this.pollIntervalMs}`);
  }

  /**
   * Resolves with the applied position (>= `position`) once `projection` has applied `position`;
   * rejects with StaleReadError after `timeoutMs` (or with the read error when the checkpoint
   * could not be read at all meanwhile). Position 0 means "nothing to wait for".
   */
  waitFor(
    projection: string,
    position: number,
    timeoutMs: number = this.options.timeoutMs,
  ): Promise<number> {
    if (!Number.isSafeInteger(position) || position < 0)
      return Promise.reject(
        new RangeError(`position must be a non-negative integer, got ${position}`),
      );
    if (this.closed) return Promise.reject(new Error('AppliedPositionWatcher is closed'));
    const watch = this.watchOf(projection);
    if (position <= watch.known) return Promise.resolve(watch.known);
    return new Promise<number>((resolve, reject) => {
      const started = Date.now();
      const timer = setTimeout(() => {
        watch.waiters.delete(waiter);
        reject(
          watch.failure ??
            new StaleReadError(projection, position, watch.known, Date.now() - started),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      watch.waiters.add(waiter);
      if (!watch.polling) void this.poll(projection, watch);
    });
  }

  /** Stops every loop; pending waits reject. */
  close(): void {
    this.closed = true;
    for (const watch of this.watches.values()) {
      for (const waiter of watch.waiters) waiter.reject(new Error('AppliedPositionWatcher closed'));
      watch.waiters.clear();
    }
  }

  private watchOf(projection: string): ProjectionWatch {
    let watch = this.watches.get(projection);
    if (!watch) {
      watch = { known: 0, failure: undefined, waiters: new Set(), polling: false };
      this.watches.set(projection, watch);
    }
    return watch;
  }

  private async poll(projection: string, watch: ProjectionWatch): Promise<void> {
    watch.polling = true;
    try {
      while (watch.waiters.size > 0 && !this.closed) {
        try {
          // Not max(): after a rebuild switches the alias, the new target's checkpoint is the truth.
          watch.known = await this.read(projection);
          watch.failure = undefined;
        } catch (error) {
          watch.failure = error instanceof Error ? error : new Error(String(error));
        }
        for (const waiter of watch.waiters) {
          if (waiter.position <= watch.known) {
            watch.waiters.delete(waiter);
            waiter.resolve(watch.known);
          }
        }
        if (watch.waiters.size === 0) break;
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      }
    } finally {
      watch.polling = false;
    }
  }
}
