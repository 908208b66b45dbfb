// Slows down password guessing with two independent counters of failed logins within a window:
// per account (tenant + e-mail), so guessing one person's password pauses that account only, and
// per client address over all accounts, so one address cannot try many accounts. The address is
// the real client's (see client-address.ts), never a shared proxy's, so one user's mistakes behind
// a reverse proxy do not lock out everyone else. In memory, per gateway instance: a speed bump, not
// a distributed lockout.
import { type LoginThrottleConfig } from '../config/gateway-config';

export interface LoginAttempt {
  /** `<tenant>:<lower-case e-mail>` */
  readonly account: string;
  readonly clientAddress: string;
}

/** Beyond this many tracked keys the oldest is forgotten, so a flood cannot exhaust memory. */
const MAX_TRACKED_KEYS = 100_000;

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleConfig = {
  maxFailuresPerAccount: 10,
  maxFailuresPerAddress: 30,
  windowSeconds: 900,
};

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly windowMs: number;

  constructor(
    private readonly limits: LoginThrottleConfig = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = limits.windowSeconds * 1000;
  }

  /** Seconds until this attempt is allowed, or 0 when allowed now. */
  retryAfterSeconds(attempt: LoginAttempt): number {
    return Math.max(...this.keysOf(attempt).map(([key, limit]) => this.waitFor(key, limit)), 0);
  }

  recordFailure(attempt: LoginAttempt): void {
    for (const [key] of this.keysOf(attempt)) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
      if (this.failures.size > MAX_TRACKED_KEYS)
        this.failures.delete(this.failures.keys().next().value as string);
    }
  }

  /** A successful login clears its account's failures; its address keeps its count. */
  recordSuccess(attempt: LoginAttempt): void {
    this.failures.delete(accountKey(attempt));
  }

  private keysOf(attempt: LoginAttempt): [string, number][] {
    return [
      [accountKey(attempt), this.limits.maxFailuresPerAccount],
      [`address:${attempt.clientAddress}`, this.limits.maxFailuresPerAddress],
    ];
  }

  private waitFor(key: string, limit: number): number {
    const list = this.recent(key);
    if (list.length < limit) return 0;
    const oldest = list[list.length - limit] ?? this.now();
    return Math.ceil((oldest + this.windowMs - this.now()) / 1000);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}

function accountKey(attempt: LoginAttempt): string {
  return `account:${attempt.account}`;
}
