// The checkpointing process: seals the next range of the global log that no in-flight
// transaction can still add to (below the read horizon, as the gap-free global read does), signs
// it, and stores it with its leaves. Run it periodically (`npm run audit -- checkpoint`); the
// private key stays with this process.
import type { Pool, PoolClient } from 'pg';
import {
  checkpointDigest,
  checkpointMerkleRoot,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointLeaf,
} from './checkpoint';
import type { CheckpointSigner } from './checkpoint-keys';
import { CHECKPOINTS_TABLE } from './checkpoint.migration';
import { rowToCheckpoint, type CheckpointRow } from './postgres-audit.source';

const CHECKPOINT_LOCK = "hashtext('crm.event-audit.checkpointer')";

export interface SealOptions {
  /** Most events per checkpoint (bounds the leaves kept per row). Default 10,000. */
  readonly maxEvents?: number;
  readonly now?: () => Date;
}

async function sealNext(
  client: PoolClient,
  signer: CheckpointSigner,
  maxEvents: number,
  now: () => Date,
): Promise<Checkpoint | null> {
  const { rows: lastRows } = await client.query<CheckpointRow>(
    `SELECT * FROM ${CHECKPOINTS_TABLE} ORDER BY sequence DESC LIMIT 1`,
  );
  const last = lastRows[0] ? rowToCheckpoint(lastRows[0]) : undefined;
  const after = last?.toPosition ?? 0;
  const { rows } = await client.query<{
    global_position: string;
    stream_id: string;
    stream_version: string;
    hash: string;
  }>(
    `WITH h AS MATERIALIZED (SELECT event_store.read_horizon() AS xmin)
     SELECT e.global_position, e.stream_id, e.stream_version, e.hash
     FROM event_store.events e, h
     WHERE e.global_position > $1 AND e.transaction_id < h.xmin
     ORDER BY e.global_position LIMIT $2`,
    [after, maxEvents],
  );
  if (rows.length === 0) return null;
  const leaves: CheckpointLeaf[] = rows.map((r) => ({
    globalPosition: Number(r.global_position),
    streamId: r.stream_id,
    streamVersion: Number(r.stream_version),
    hash: r.hash,
  }));
  const body: CheckpointBody = {
    sequence: (last?.sequence ?? 0) + 1,
    fromPosition: after + 1,
    toPosition: leaves[leaves.length - 1]!.globalPosition,
    eventCount: leaves.length,
    merkleRoot: checkpointMerkleRoot(leaves),
    previousDigest: last ? checkpointDigest(last) : null,
    signedAt: now().toISOString(),
    keyId: signer.keyId,
  };
  const checkpoint: Checkpoint = { ...body, signature: signer.sign(body), leaves };
  await client.query(
    `INSERT INTO ${CHECKPOINTS_TABLE} (sequence, from_position, to_position, event_count, merkle_root,
       previous_digest, signed_at, key_id, signature, leaves)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      body.sequence,
      body.fromPosition,
      body.toPosition,
      body.eventCount,
      body.merkleRoot,
      body.previousDigest,
      body.signedAt,
      body.keyId,
      checkpoint.signature,
      JSON.stringify(leaves.map((l) => [l.globalPosition, l.streamId, l.streamVersion, l.hash])),
    ],
  );
  return checkpoint;
}

/** Seals every complete range up to the safe head; returns the new checkpoints (without leaves). */
export async function sealCheckpoints(
  pool: Pool,
  signer: CheckpointSigner,
  options: SealOptions = {},
): Promise<CheckpointBody[]> {
  const maxEvents = options.maxEvents ?? 10_000;
  if (!Number.isInteger(maxEvents) || maxEvents < 1)
    throw new RangeError(`maxEvents must be a positive integer, got ${maxEvents}`);
  const now = options.now ?? (() => new Date());
  const sealed: CheckpointBody[] = [];
  for (;;) {
    const client = await pool.connect();
    let checkpoint: Checkpoint | null;
    try {
      await client.query('BEGIN');
      // One checkpointer at a time: two would both chain to the same predecessor.
      await client.query(`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
      checkpoint = await sealNext(client, signer, maxEvents, now);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (!checkpoint) return sealed;
    const { leaves: _leaves, signature: _signature, ...body } = checkpoint;
    sealed.push(body);
  }
}

/**
 * Events committed (or in flight) at or above the oldest open transaction of this database: the
 * checkpointer cannot seal them yet. Tests and the e2e wait for 0 before expecting a full seal.
 */
export async function countUnsealableEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ pending: number }>(
    `SELECT count(*)::int AS pending FROM event_store.events
     WHERE transaction_id >= event_store.read_horizon()`,
  );
  return rows[0]?.pending ?? 0;
}
