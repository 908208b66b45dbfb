// Slows down password guessing: after too many failed logins for one account (tenant + e-mail) or
// from one client address within a window, further attempts are refused until the window passes.
// In memory, per gateway instance: a speed bump, not a distributed lockout.

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0 when allowed now. */
  retryAfterSeconds(keys: readonly string[]): number {
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key);
      if (list.length >= this.maxFailures) {
        const oldest = list[list.length - this.maxFailures] ?? this.now();
        wait = Math.max(wait, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    for (const key of keys) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
      if (this.failures.size > 100_000)
        this.failures.delete(this.failures.keys().next().value as string);
    }
  }

  recordSuccess(accountKey: string): void {
    this.failures.delete(accountKey);
  }
}
