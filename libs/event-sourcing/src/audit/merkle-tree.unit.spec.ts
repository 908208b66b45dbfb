import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { merkleRoot } from './merkle-tree';

/** RFC 6962 §2.1 written literally (recursive split at the largest power of two below n). */
function rfc6962(leaves: readonly string[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1)
    return createHash('sha256')
      .update(Buffer.from([0x00]))
      .update(Buffer.from(leaves[0]!, 'utf8'))
      .digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(rfc6962(leaves.slice(0, k)))
    .update(rfc6962(leaves.slice(k)))
    .digest();
}

describe('Merkle root', () => {
  it('is the RFC 6962 Merkle tree hash for any number of leaves', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 40 }), (leaves) => {
        expect(merkleRoot(leaves)).toBe(rfc6962(leaves).toString('hex'));
      }),
    );
  });

  it('changes when two leaves are swapped or one is dropped', () => {
    const leaves = ['1:a', '2:b', '3:c'];
    const root = merkleRoot(leaves);
    expect(merkleRoot(['2:b', '1:a', '3:c'])).not.toBe(root);
    expect(merkleRoot(['1:a', '3:c'])).not.toBe(root);
  });
});
