// Random bytes for the field cipher's IVs, drawn from a pooled buffer: one `randomFillSync` call
// per pool instead of one `randomBytes` call (a crossing into C++) per encrypted field, which was
// 4.5 % of the customers service's CPU during an import (docs/benchmarks.md, P8). The bytes come
// from the same CSPRNG. Each refill allocates a new pool, so a slice already handed out is never
// overwritten (a caller may keep it); a pool is freed once its last slice is.
import { randomBytes, randomFillSync } from 'node:crypto';

export const DEFAULT_RANDOM_POOL_BYTES = 4096;

/** A `randomBytes`-like function serving requests up to `poolBytes` from a shared random pool. */
export function pooledRandomBytes(
  poolBytes: number = DEFAULT_RANDOM_POOL_BYTES,
): (n: number) => Buffer {
  if (!Number.isInteger(poolBytes) || poolBytes < 1)
    throw new RangeError(`poolBytes must be a positive integer, got ${poolBytes}`);
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (n: number): Buffer => {
    if (n > poolBytes) return randomBytes(n);
    if (offset + n > pool.length) {
      pool = randomFillSync(Buffer.allocUnsafe(poolBytes));
      offset = 0;
    }
    const slice = pool.subarray(offset, offset + n);
    offset += n;
    return slice;
  };
}
