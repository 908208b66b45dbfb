// What integrity verification reads: checkpoints, stored events (never upcast or decrypted: the
// hashes cover the stored form) and the streams' recorded heads. Implemented over PostgreSQL and
// over an exported audit package, so a third party verifies offline with the same code.
import {
  hashedChainLink,
  type HashedChainLink,
  type StoredEventForVerification,
} from '../integrity/event-hash';
import type { Checkpoint } from './checkpoint';

export interface RecordedStreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly lastHash: string | null;
}

export interface PositionRange {
  readonly fromPosition?: number;
  readonly toPosition?: number;
}

export interface AuditSource {
  /** Checkpoints overlapping the range, by sequence, with their leaves. */
  checkpoints(range: PositionRange): AsyncIterable<Checkpoint>;
  /** Stored events with fromPosition ≤ position ≤ toPosition, in global order, in pages. */
  events(fromPosition: number, toPosition: number): AsyncIterable<StoredEventForVerification[]>;
  /** The same events, hashed (`contentHash`) and reduced to what the chain checks need. */
  hashedEvents(fromPosition: number, toPosition: number): AsyncIterable<readonly HashedChainLink[]>;
  /** The highest stored position (0 for none). */
  headPosition(): Promise<number>;
  /** The recorded head of every stream, or undefined where the source has none (a package range). */
  streamHeads(): Promise<readonly RecordedStreamHead[] | undefined>;
}

/** hashedEvents over events(), hashing on the caller's thread. */
export async function* hashInThread(
  pages: AsyncIterable<readonly StoredEventForVerification[]>,
): AsyncIterable<readonly HashedChainLink[]> {
  for await (const page of pages) yield page.map(hashedChainLink);
}
