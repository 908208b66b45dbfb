// What integrity verification reads: checkpoints, stored events (never upcast or decrypted: the
// hashes cover the stored form) and the streams' recorded heads. Implemented over PostgreSQL and
// over an exported audit package, so a third party verifies offline with the same code.
import type { StoredEventForVerification } from '../integrity/event-hash';
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
  /** The highest stored position (0 for none). */
  headPosition(): Promise<number>;
  /** The recorded head of every stream, or undefined where the source has none (a package range). */
  streamHeads(): Promise<readonly RecordedStreamHead[] | undefined>;
}
