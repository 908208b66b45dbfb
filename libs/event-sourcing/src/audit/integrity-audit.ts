// Whole-log integrity verification: per-stream hash chains (ADR 0012) plus signed checkpoints over
// global-position ranges (ADR 0095). Each finding names its kind and position, so an auditor can
// say exactly which event was altered, removed, moved or added, and which checkpoint was forged.
import { StreamChainVerifier, type HashedChainLink } from '../integrity/event-hash';
import type { AuditSource, PositionRange } from './audit-source';
import {
  checkpointDigest,
  checkpointMerkleRoot,
  type Checkpoint,
  type CheckpointLeaf,
} from './checkpoint';
import type { CheckpointVerifier } from './checkpoint-keys';

export type AuditFindingKind =
  /** An event's contents no longer hash to its stored hash (a changed byte). */
  | 'hash_mismatch'
  /** An event does not link to its predecessor in the stream (predecessor rewritten or removed). */
  | 'previous_hash_mismatch'
  /** A stream's versions jump or go backwards (an event removed or moved). */
  | 'version_gap'
  /** A sealed event is no longer in the log. */
  | 'event_missing'
  /** A sealed event is at another position than the one sealed (events swapped or renumbered). */
  | 'event_moved'
  /** A sealed position holds an event with a different hash (rewritten along with its hash). */
  | 'event_altered'
  /** A position inside a sealed range holds an event the checkpoint does not contain. */
  | 'event_unexpected'
  /** Every sealed event of a stream is gone and no event of it is left. */
  | 'stream_missing'
  /** The streams table's head (version, last hash) disagrees with the stream's last event. */
  | 'stream_head_mismatch'
  /** A checkpoint's signature does not verify with the trusted public keys. */
  | 'checkpoint_signature_invalid'
  /** A checkpoint's stored leaves do not produce its signed Merkle root or count. */
  | 'checkpoint_leaves_altered'
  /** A checkpoint does not chain to its predecessor (one dropped, reordered or replaced). */
  | 'checkpoint_chain_broken'
  /** Checkpoint ranges leave a hole or overlap. */
  | 'checkpoint_gap'
  /** A checkpoint the auditor kept (the anchor) is missing or differs: the log was cut back. */
  | 'checkpoint_missing';

export interface AuditFinding {
  readonly kind: AuditFindingKind;
  /** The global position concerned (for checkpoint findings, the first position of its range). */
  readonly globalPosition: number | null;
  readonly streamId?: string;
  readonly streamVersion?: number;
  readonly eventId?: string;
  readonly checkpointSequence?: number;
  readonly message: string;
}

/** What an auditor keeps outside the database: the last checkpoint they saw. */
export interface CheckpointAnchor {
  readonly sequence: number;
  readonly digest: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly checkedEvents: number;
  /** Events covered by a verified checkpoint. */
  readonly sealedEvents: number;
  /** Events after the last checkpoint: only their stream chains vouch for them. */
  readonly unsealedEvents: number;
  readonly checkpoints: number;
  readonly findings: readonly AuditFinding[];
  /** Keep this: pass it as the anchor next time to detect a cut-back log. */
  readonly lastCheckpoint: (CheckpointAnchor & { readonly toPosition: number }) | null;
}

export interface AuditOptions extends PositionRange {
  readonly anchor?: CheckpointAnchor;
  readonly onProgress?: (checkedEvents: number, headPosition: number) => void;
}

function checkCheckpoint(
  checkpoint: Checkpoint,
  previous: Checkpoint | undefined,
  verifier: CheckpointVerifier,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const at = { globalPosition: checkpoint.fromPosition, checkpointSequence: checkpoint.sequence };
  if (!verifier.verify(checkpoint, checkpoint.signature)) {
    findings.push({
      ...at,
      kind: 'checkpoint_signature_invalid',
      message: verifier.keyIds.includes(checkpoint.keyId)
        ? `checkpoint ${checkpoint.sequence} (positions ${checkpoint.fromPosition}–${checkpoint.toPosition}) has an invalid signature`
        : `checkpoint ${checkpoint.sequence} is signed by key ${checkpoint.keyId}, which is not trusted`,
    });
  }
  if (
    checkpointMerkleRoot(checkpoint.leaves) !== checkpoint.merkleRoot ||
    checkpoint.leaves.length !== checkpoint.eventCount
  ) {
    findings.push({
      ...at,
      kind: 'checkpoint_leaves_altered',
      message: `checkpoint ${checkpoint.sequence}'s stored leaves do not match its signed root and count`,
    });
  }
  if (previous && previous.sequence === checkpoint.sequence - 1) {
    if (checkpoint.previousDigest !== checkpointDigest(previous))
      findings.push({
        ...at,
        kind: 'checkpoint_chain_broken',
        message: `checkpoint ${checkpoint.sequence} does not chain to checkpoint ${previous.sequence}`,
      });
    if (checkpoint.fromPosition !== previous.toPosition + 1)
      findings.push({
        ...at,
        kind: 'checkpoint_gap',
        message: `checkpoint ${checkpoint.sequence} starts at ${checkpoint.fromPosition}, checkpoint ${previous.sequence} ended at ${previous.toPosition}`,
      });
  } else if (previous) {
    findings.push({
      ...at,
      kind: 'checkpoint_chain_broken',
      message: `checkpoint ${checkpoint.sequence} follows checkpoint ${previous.sequence}: checkpoints are missing`,
    });
  } else if (checkpoint.sequence === 1 && checkpoint.previousDigest !== null) {
    findings.push({
      ...at,
      kind: 'checkpoint_chain_broken',
      message: 'the first checkpoint must not chain to a predecessor',
    });
  }
  return findings;
}

/** Where stored events and a checkpoint's (verified) leaves disagree. */
interface LeafMismatches {
  /** Stored events whose position was sealed with another hash, or not sealed at all. */
  readonly strayEvents: {
    event: HashedChainLink;
    sealed: CheckpointLeaf | undefined;
    checkpointSequence: number;
  }[];
  /** Sealed leaves whose position now holds nothing. */
  readonly missingLeaves: { leaf: CheckpointLeaf; checkpointSequence: number }[];
}

function collectMismatches(
  checkpoint: Checkpoint,
  events: readonly HashedChainLink[],
  into: LeafMismatches,
): void {
  const sealedByPosition = new Map<number, CheckpointLeaf>();
  for (const leaf of checkpoint.leaves) sealedByPosition.set(leaf.globalPosition, leaf);
  const storedPositions = new Set<number>();
  for (const event of events) {
    storedPositions.add(event.globalPosition);
    const sealed = sealedByPosition.get(event.globalPosition);
    if (sealed?.hash !== event.hash)
      into.strayEvents.push({ event, sealed, checkpointSequence: checkpoint.sequence });
  }
  for (const leaf of checkpoint.leaves)
    if (!storedPositions.has(leaf.globalPosition))
      into.missingLeaves.push({ leaf, checkpointSequence: checkpoint.sequence });
}

/**
 * Names each mismatch once all sealed ranges are read, so an event moved from one checkpoint's
 * range into another's is reported as moved (at both positions), not as altered plus missing.
 */
function classifyMismatches({ strayEvents, missingLeaves }: LeafMismatches): AuditFinding[] {
  const sealedAwayAt = new Map<string, number>();
  for (const { sealed } of strayEvents)
    if (sealed) sealedAwayAt.set(sealed.hash, sealed.globalPosition);
  for (const { leaf } of missingLeaves) sealedAwayAt.set(leaf.hash, leaf.globalPosition);
  const strayHashes = new Set(strayEvents.map(({ event }) => event.hash));
  const findings: AuditFinding[] = [];
  for (const { event, sealed, checkpointSequence } of strayEvents) {
    const at = {
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventId: event.eventId,
      checkpointSequence,
    };
    const sealedAt = sealedAwayAt.get(event.hash);
    if (sealedAt !== undefined) {
      findings.push({
        ...at,
        kind: 'event_moved',
        message: `the event at position ${event.globalPosition} was sealed at position ${sealedAt}`,
      });
    } else if (sealed) {
      findings.push({
        ...at,
        kind: 'event_altered',
        message: `position ${event.globalPosition} was sealed as ${sealed.streamId} v${sealed.streamVersion} with hash ${sealed.hash}, now holds hash ${event.hash}`,
      });
    } else {
      findings.push({
        ...at,
        kind: 'event_unexpected',
        message: `position ${event.globalPosition} holds an event that checkpoint ${checkpointSequence} does not contain`,
      });
    }
  }
  for (const { leaf, checkpointSequence } of missingLeaves) {
    if (strayHashes.has(leaf.hash)) continue; // reported as moved where it now is
    findings.push({
      globalPosition: leaf.globalPosition,
      streamId: leaf.streamId,
      streamVersion: leaf.streamVersion,
      checkpointSequence,
      kind: 'event_missing',
      message: `${leaf.streamId} v${leaf.streamVersion}, sealed at position ${leaf.globalPosition}, is missing`,
    });
  }
  return findings;
}

export async function auditIntegrity(
  source: AuditSource,
  verifier: CheckpointVerifier,
  options: AuditOptions = {},
): Promise<AuditReport> {
  const head = await source.headPosition();
  const from = options.fromPosition ?? 1;
  // Not capped at the stored head: checkpoints beyond it are how a truncated tail shows.
  const to = options.toPosition ?? Number.MAX_SAFE_INTEGER;
  const wholeLog = options.fromPosition === undefined && options.toPosition === undefined;
  const chain = new StreamChainVerifier();
  const findings: AuditFinding[] = [];
  let checked = 0;
  let sealed = 0;
  let checkpointCount = 0;
  let previous: Checkpoint | undefined;
  let verifiedUpTo = from - 1;
  const anchorSeen = { present: false };
  const mismatches: LeafMismatches = { strayEvents: [], missingLeaves: [] };

  const checkChain = (events: readonly HashedChainLink[]): void => {
    for (const event of events) {
      for (const failure of chain.checkLink(event)) {
        const { reason, ...rest } = failure;
        findings.push({ ...rest, kind: reason });
      }
    }
    checked += events.length;
    options.onProgress?.(checked, head);
  };
  const checkUnsealed = async (upTo: number): Promise<void> => {
    if (upTo <= verifiedUpTo) return;
    for await (const page of source.hashedEvents(verifiedUpTo + 1, upTo)) checkChain(page);
    verifiedUpTo = upTo;
  };

  for await (const checkpoint of source.checkpoints({ fromPosition: from, toPosition: to })) {
    checkpointCount += 1;
    if (options.anchor?.sequence === checkpoint.sequence) {
      anchorSeen.present = true;
      if (checkpointDigest(checkpoint) !== options.anchor.digest)
        findings.push({
          kind: 'checkpoint_missing',
          globalPosition: checkpoint.fromPosition,
          checkpointSequence: checkpoint.sequence,
          message: `checkpoint ${checkpoint.sequence} differs from the one the auditor kept`,
        });
    }
    // A range is only checked from the first checkpoint that overlaps it: events before it unsealed.
    await checkUnsealed(Math.min(checkpoint.fromPosition - 1, to));
    findings.push(...checkCheckpoint(checkpoint, previous, verifier));
    previous = checkpoint;
    // Chains are checked page by page as they arrive (the source reads the next page meanwhile);
    // the leaves are compared once the whole sealed range is in.
    const inRange: HashedChainLink[] = [];
    for await (const page of source.hashedEvents(checkpoint.fromPosition, checkpoint.toPosition)) {
      const pageInRange = page.filter((e) => e.globalPosition >= from && e.globalPosition <= to);
      checkChain(pageInRange);
      for (const event of pageInRange) inRange.push(event);
    }
    verifiedUpTo = Math.max(verifiedUpTo, Math.min(checkpoint.toPosition, to));
    collectMismatches(
      {
        ...checkpoint,
        leaves: checkpoint.leaves.filter((l) => l.globalPosition >= from && l.globalPosition <= to),
      },
      inRange,
      mismatches,
    );
    sealed += inRange.length;
  }
  await checkUnsealed(to);
  const leafFindings = classifyMismatches(mismatches);
  findings.push(...leafFindings);
  const missingByStream = new Map<string, AuditFinding>();
  for (const finding of leafFindings)
    if (
      finding.kind === 'event_missing' &&
      finding.streamId &&
      !missingByStream.has(finding.streamId)
    )
      missingByStream.set(finding.streamId, finding);

  if (options.anchor && !anchorSeen.present && (previous?.sequence ?? 0) < options.anchor.sequence)
    findings.push({
      kind: 'checkpoint_missing',
      globalPosition: null,
      checkpointSequence: options.anchor.sequence,
      message: `checkpoint ${options.anchor.sequence}, which the auditor kept, is gone: the log or its checkpoints were cut back (last present: ${previous?.sequence ?? 'none'})`,
    });

  const heads = chain.heads();
  for (const [streamId, missing] of missingByStream) {
    if (heads.has(streamId)) continue;
    findings.push({
      kind: 'stream_missing',
      globalPosition: missing.globalPosition,
      streamId,
      checkpointSequence: missing.checkpointSequence,
      message: `stream ${streamId} is gone: none of its sealed events is left`,
    });
  }
  const recorded = wholeLog ? await source.streamHeads() : undefined;
  for (const stream of recorded ?? []) {
    const seen = heads.get(stream.streamId);
    if (seen && seen.streamVersion === stream.version && seen.hash === stream.lastHash) continue;
    if (!seen && missingByStream.has(stream.streamId)) continue; // reported as stream_missing above
    findings.push({
      kind: seen ? 'stream_head_mismatch' : 'stream_missing',
      globalPosition: null,
      streamId: stream.streamId,
      streamVersion: stream.version,
      message: seen
        ? `the streams table records ${stream.streamId} at v${stream.version}, its last stored event is v${seen.streamVersion}${seen.hash === stream.lastHash ? '' : ' with another hash'}`
        : `the streams table records ${stream.streamId} at v${stream.version} but none of its events is stored`,
    });
  }

  return {
    ok: findings.length === 0,
    checkedEvents: checked,
    sealedEvents: sealed,
    unsealedEvents: checked - sealed,
    checkpoints: checkpointCount,
    findings,
    lastCheckpoint: previous
      ? {
          sequence: previous.sequence,
          digest: checkpointDigest(previous),
          toPosition: previous.toPosition,
        }
      : null,
  };
}
