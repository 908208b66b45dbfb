// Polling probe with a deadline for asynchronous outcomes (read models, subscriptions): retries an
// assertion until it passes or the deadline expires, instead of sleeping a fixed time.

export interface EventuallyOptions {
  /** Give up after this long; defaults to 10 s. */
  readonly timeoutMs?: number;
  /** Pause between attempts; defaults to 25 ms. */
  readonly intervalMs?: number;
  /** Named in the timeout error. */
  readonly description?: string;
}

export class EventuallyTimeoutError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EventuallyTimeoutError';
  }
}

/**
 * Runs `probe` until it returns without throwing and returns its value. A probe that returns
 * `false` counts as not yet satisfied too, so both `() => expect(x).toBe(1)` and `() => x === 1` work.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<Exclude<T, false>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 25;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    attempts += 1;
    try {
      const value = await probe();
      if (value !== false) return value as Exclude<T, false>;
      lastError = new Error('probe returned false');
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new EventuallyTimeoutError(
        `${options.description ?? 'condition'} not met within ${timeoutMs} ms after ${attempts} attempts: ${reason}`,
        attempts,
        { cause: lastError },
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
