// A checkpoint seals a range of the global log: the Merkle root over (position, event hash) of
// every event in the range, chained to the previous checkpoint's digest and signed with a key the
// store does not hold. Deleting, reordering, inserting or altering an event inside a sealed range
// changes the root; dropping or altering a checkpoint breaks its signature or the chain.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../serialisation/canonical-json';
import { merkleRoot } from './merkle-tree';

/** One sealed event: its global position, stream, version and stored hash. */
export interface CheckpointLeaf {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly hash: string;
}

/** The fields the signature covers. */
export interface CheckpointBody {
  readonly sequence: number;
  readonly fromPosition: number;
  readonly toPosition: number;
  readonly eventCount: number;
  readonly merkleRoot: string;
  /** Digest of the previous checkpoint (null for the first): a dropped checkpoint breaks the chain. */
  readonly previousDigest: string | null;
  readonly signedAt: string;
  readonly keyId: string;
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 signature (base64) over the canonical JSON of the body. */
  readonly signature: string;
  readonly leaves: readonly CheckpointLeaf[];
}

/** The Merkle leaf of one event: position and hash (the hash covers stream, version and contents). */
export function leafString(leaf: Pick<CheckpointLeaf, 'globalPosition' | 'hash'>): string {
  return `${leaf.globalPosition}:${leaf.hash}`;
}

export function checkpointMerkleRoot(leaves: readonly CheckpointLeaf[]): string {
  return merkleRoot(leaves.map(leafString));
}

export function checkpointBodyBytes(body: CheckpointBody): Buffer {
  const signed: CheckpointBody = {
    sequence: body.sequence,
    fromPosition: body.fromPosition,
    toPosition: body.toPosition,
    eventCount: body.eventCount,
    merkleRoot: body.merkleRoot,
    previousDigest: body.previousDigest,
    signedAt: body.signedAt,
    keyId: body.keyId,
  };
  return Buffer.from(canonicalJson(signed), 'utf8');
}

/** SHA-256 (hex) of the signed body and its signature: what the next checkpoint chains to and
 * what an auditor keeps as an anchor. */
export function checkpointDigest(
  checkpoint: CheckpointBody & { readonly signature: string },
): string {
  return createHash('sha256')
    .update(checkpointBodyBytes(checkpoint))
    .update(checkpoint.signature, 'utf8')
    .digest('hex');
}
