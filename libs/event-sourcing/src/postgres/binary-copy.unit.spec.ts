import { BinaryCopyError, BinaryCopyReader } from './binary-copy';

const header = Buffer.concat([
  Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
  Buffer.alloc(8), // flags, no header extension
]);
const int16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('BinaryCopyReader', () => {
  it('reads tuples field by field up to the trailer, NULL as -1', () => {
    const bigint = Buffer.alloc(8);
    bigint.writeBigInt64BE(2n ** 40n + 7n);
    const reader = new BinaryCopyReader(
      Buffer.concat([header, int16(2), int32(8), bigint, int32(-1), int16(-1)]),
    );
    expect(reader.nextTuple()).toBe(2);
    expect(reader.field()).toBe(8);
    expect(reader.int8()).toBe(2 ** 40 + 7);
    expect(reader.field()).toBe(-1);
    expect(reader.nextTuple()).toBeUndefined();
  });

  it('refuses data without the signature, and a field longer than the data', () => {
    expect(() => new BinaryCopyReader(Buffer.from('{"not":"binary copy"}\n'))).toThrow(
      BinaryCopyError,
    );
    const reader = new BinaryCopyReader(Buffer.concat([header, int16(1), int32(100), int16(-1)]));
    reader.nextTuple();
    expect(() => reader.field()).toThrow(/runs past the end/);
  });
});
