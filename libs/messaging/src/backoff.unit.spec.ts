import { Backoff, sleep } from './backoff';

describe('Backoff', () => {
  it('grows exponentially up to the ceiling, never below half of it', () => {
    const low = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000, random: () => 0 });
    expect([low.next(), low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    const high = new Backoff({ initialDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect(high.next()).toBe(100);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff({ initialDelayMs: 100, random: () => 0 });
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});

describe('sleep', () => {
  it('ends early when the signal aborts', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, abort.signal);
    abort.abort();
    await pending;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
