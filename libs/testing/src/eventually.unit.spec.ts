import { eventually, EventuallyTimeoutError } from './eventually';

describe('eventually', () => {
  it('returns the probe value once the assertion passes', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'ready';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('treats false as not yet satisfied', async () => {
    let n = 0;
    await expect(eventually(() => ++n >= 2, { intervalMs: 1 })).resolves.toBe(true);
  });

  it('fails at the deadline with the last reason', async () => {
    const started = Date.now();
    const error: unknown = await eventually(
      () => {
        throw new Error('still 3 rows');
      },
      { timeoutMs: 50, intervalMs: 5, description: 'projection caught up' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventuallyTimeoutError);
    expect((error as Error).message).toMatch(
      /projection caught up not met within 50 ms .*still 3 rows/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
