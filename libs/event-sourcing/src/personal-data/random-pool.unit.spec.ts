import { pooledRandomBytes } from './random-pool';

describe('pooledRandomBytes', () => {
  test('serves the requested lengths, never the same bytes twice, across many refills', () => {
    const draw = pooledRandomBytes(64);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i += 1) {
      const iv = draw(12);
      expect(iv).toHaveLength(12);
      seen.add(iv.toString('hex'));
    }
    expect(seen.size).toBe(10_000);
  });

  test('a slice handed out keeps its bytes after the pool is refilled', () => {
    const draw = pooledRandomBytes(24);
    const first = draw(12);
    const copy = Buffer.from(first);
    for (let i = 0; i < 10; i += 1) draw(12);
    expect(first.equals(copy)).toBe(true);
  });

  test('a request larger than the pool is served on its own', () => {
    const draw = pooledRandomBytes(16);
    expect(draw(100)).toHaveLength(100);
    expect(draw(16)).toHaveLength(16);
  });

  test('rejects a pool size that is not a positive integer', () => {
    expect(() => pooledRandomBytes(0)).toThrow(RangeError);
    expect(() => pooledRandomBytes(1.5)).toThrow(RangeError);
  });
});
