// Exponential backoff with full jitter for every "the server is down, try again" loop: the relay
// waiting for Kafka, workers waiting for MongoDB, a standby polling for leadership. Jitter keeps
// several processes from hammering a server that just came back in lock step.

export interface BackoffOptions {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Returns a number in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt (and counts a failure). */
  next(): number {
    const ceiling = Math.min(
      this.maxDelayMs,
      this.initialDelayMs * 2 ** Math.min(this.failures, 20),
    );
    this.failures += 1;
    // Never below half the ceiling, so a retry storm cannot collapse into zero-delay retries.
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}

/** Resolves after `ms`, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(finish, ms);
    function finish(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
    signal?.addEventListener('abort', finish, { once: true });
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
