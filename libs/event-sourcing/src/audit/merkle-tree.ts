// Merkle tree hash of RFC 6962 (Certificate Transparency), section 2.1: leaves and inner nodes are
// hashed with distinct prefixes (0x00, 0x01) so a leaf can never be passed off as a node, and the
// tree splits at the largest power of two below n, so any number of leaves has one defined root.
import { hash } from 'node:crypto';

/** A node's input: 0x01, left hash, right hash; reused (hashing is synchronous). */
const NODE_INPUT = Buffer.alloc(1 + 32 + 32);
NODE_INPUT[0] = 0x01;

/**
 * One-shot SHA-256 (crypto.hash: no Hash object, which verification would make 2n of) of 0x00 and
 * the leaf's UTF-8: a string starting with U+0000 encodes to exactly that, without a Buffer.
 */
export function merkleLeafHash(leaf: string): Buffer {
  return hash('sha256', `\u0000${leaf}`, 'buffer');
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  left.copy(NODE_INPUT, 1);
  right.copy(NODE_INPUT, 33);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root (lower-case hex) over the leaves in order; the hash of the empty string for none. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return hash('sha256', '', 'hex');
  // Bottom-up over the leaf hashes gives the same tree as RFC 6962's recursive split: pairing
  // from the left and carrying an odd last node up unchanged is exactly that split.
  let level = leaves.map(merkleLeafHash);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!.toString('hex');
}
