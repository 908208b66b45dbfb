// Tamper evidence beyond one stream, against real PostgreSQL: the attacker is a database
// administrator who disables the append-only triggers and edits rows with SQL. Every kind of
// tampering the auditor's manual promises to detect is detected, with its position.
import { createThrowawayPostgresDatabase, eventually } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';
import { computeEventHash } from '../integrity/event-hash';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import {
  checkpointSignerFromPem,
  checkpointVerifierFromPems,
  generateCheckpointKeyPair,
} from './checkpoint-keys';
import { migrateAuditSchema } from './checkpoint.migration';
import { countUnsealableEvents, sealCheckpoints } from './checkpointer';
import { auditIntegrity, type AuditOptions, type AuditReport } from './integrity-audit';
import { PostgresAuditSource } from './postgres-audit.source';

const TYPE = 'customers.CustomerRegistered';
// A worker thread compiles its TypeScript when it starts: seconds on a loaded machine.
jest.setTimeout(30_000);
const keys = generateCheckpointKeyPair();
const signer = checkpointSignerFromPem(keys.privateKeyPem);
const verifier = checkpointVerifierFromPems([keys.publicKeyPem]);

function registered(name: string): NewEvent {
  return {
    eventId: uuidv7(),
    type: TYPE,
    tenantId: 'tenant-a',
    occurredAt: '2025-01-02T03:04:05.678Z',
    actor: { kind: 'system', name: 'importer' },
    correlationId: 'c',
    causationId: 'c',
    data: { name },
  };
}

/**
 * Other test runs share the PostgreSQL cluster, and a checkpoint only seals events below the
 * oldest transaction still in flight anywhere in it; wait until that horizon has passed ours.
 */
async function sealWhenSettled(
  store: PostgresEventStore,
  checkpointSigner: typeof signer,
): Promise<void> {
  await eventually(async () => (await countUnsealableEvents(store.pool)) === 0, {
    description: 'the global horizon passes the appended events',
  });
  await sealCheckpoints(store.pool, checkpointSigner, { maxEvents: 5 });
}

// Every case twice: hashing on the caller's thread, and in a worker thread (what the CLI does on
// machines with cores to spare).
describe.each([0, 1])(
  'signed checkpoints and whole-log verification (PostgreSQL), %i hash worker(s)',
  (hashWorkers) => {
    let database: ThrowawayDatabase;
    let store: PostgresEventStore;
    /** streams[i] holds the positions of stream i's three events. */
    let streams: { streamId: string; positions: number[] }[];

    beforeEach(async () => {
      database = await createThrowawayPostgresDatabase({ prefix: 'es_audit' });
      store = await PostgresEventStore.create({
        connectionString: database.url,
        eventTypes: [{ type: TYPE, schemaVersion: 1 }],
      });
      await migrateAuditSchema(store.pool);
      streams = [];
      for (const name of ['Ada', 'Grace', 'Edsger', 'Barbara']) {
        const streamId = `customers.Customer-${uuidv7()}`;
        const { events } = await store.append(streamId, [
          registered(name),
          registered(`${name} II`),
          registered(`${name} III`),
        ]);
        streams.push({ streamId, positions: events.map((e) => e.globalPosition) });
      }
      // 12 events in checkpoints of 5: positions 1–5, 6–10, 11–12.
      await sealWhenSettled(store, signer);
    });
    afterEach(async () => {
      await store?.close();
      await database?.drop();
    });

    async function tamper(sql: string, params: unknown[] = []): Promise<void> {
      const client = await store.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE event_store.events DISABLE TRIGGER USER');
        await client.query('ALTER TABLE event_audit.checkpoints DISABLE TRIGGER USER');
        await client.query(sql, params);
        await client.query('ALTER TABLE event_store.events ENABLE TRIGGER USER');
        await client.query('ALTER TABLE event_audit.checkpoints ENABLE TRIGGER USER');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    }

    const audit = (options?: AuditOptions): Promise<AuditReport> =>
      PostgresAuditSource.withSnapshot(
        store.pool,
        (source) => auditIntegrity(source, verifier, options),
        { hashWorkers },
      );
    const kinds = (report: AuditReport): [string, number | null][] =>
      report.findings.map((f) => [f.kind, f.globalPosition]);

    it('passes an untouched log, sealed in chained, signed checkpoints, and counts unsealed events', async () => {
      const clean = await audit();
      expect(clean).toMatchObject({
        ok: true,
        checkedEvents: 12,
        sealedEvents: 12,
        unsealedEvents: 0,
        checkpoints: 3,
        findings: [],
      });
      await store.append(`customers.Customer-${uuidv7()}`, [registered('Late')]);
      await expect(audit()).resolves.toMatchObject({ ok: true, unsealedEvents: 1 });
      await sealWhenSettled(store, signer);
      await expect(audit()).resolves.toMatchObject({ ok: true, unsealedEvents: 0, checkpoints: 4 });
    });

    it('refuses changes to checkpoints through the trigger', async () => {
      await expect(store.pool.query(`DELETE FROM event_audit.checkpoints`)).rejects.toThrow(
        /append-only/,
      );
    });

    it('detects one flipped byte at its position', async () => {
      const position = streams[1]!.positions[1]!;
      await tamper(
        `UPDATE event_store.events SET data = jsonb_set(data, '{name}', '"Grade II"') WHERE global_position = $1`,
        [position],
      );
      expect(kinds(await audit())).toEqual([['hash_mismatch', position]]);
    });

    it('detects an event rewritten together with its hash: altered at its position, unlinked after it', async () => {
      const position = streams[2]!.positions[0]!;
      const { rows } = await store.pool.query<{ event_id: string }>(
        `SELECT event_id FROM event_store.events WHERE global_position = $1`,
        [position],
      );
      const victim = (await store.readStream(streams[2]!.streamId)).events[0]!;
      const forged = computeEventHash({ ...victim, data: { name: 'Mallory' } });
      await tamper(
        `UPDATE event_store.events SET data = '{"name":"Mallory"}', hash = $2 WHERE event_id = $1`,
        [rows[0]!.event_id, forged],
      );
      expect(kinds(await audit())).toEqual(
        expect.arrayContaining([
          ['event_altered', position],
          ['previous_hash_mismatch', streams[2]!.positions[1]!],
        ]),
      );
    });

    it('detects a deleted event at its position', async () => {
      const position = streams[0]!.positions[2]!;
      await tamper(`DELETE FROM event_store.events WHERE global_position = $1`, [position]);
      const report = await audit();
      expect(report.ok).toBe(false);
      expect(report.findings).toContainEqual(
        expect.objectContaining({
          kind: 'event_missing',
          globalPosition: position,
          streamId: streams[0]!.streamId,
          streamVersion: 3,
        }),
      );
    });

    it('detects a deleted stream (events and streams row) by name, with each missing position', async () => {
      const { streamId, positions } = streams[3]!;
      await tamper(`DELETE FROM event_store.events WHERE stream_id = $1`, [streamId]);
      await tamper(`DELETE FROM event_store.streams WHERE stream_id = $1`, [streamId]);
      // What the per-stream chain alone (ADR 0012) cannot see:
      await expect(store.verifyRange(1, 12)).resolves.toMatchObject({ ok: true });
      const report = await audit();
      expect(report.findings).toContainEqual(
        expect.objectContaining({ kind: 'stream_missing', streamId, globalPosition: positions[0] }),
      );
      expect(
        report.findings.filter((f) => f.kind === 'event_missing').map((f) => f.globalPosition),
      ).toEqual(positions);
    });

    it('detects two swapped events at both positions', async () => {
      const a = streams[0]!.positions[1]!;
      const b = streams[2]!.positions[1]!;
      await tamper(
        `UPDATE event_store.events SET global_position = -1 WHERE global_position = $1`,
        [a],
      );
      await tamper(
        `UPDATE event_store.events SET global_position = $1 WHERE global_position = $2`,
        [a, b],
      );
      await tamper(
        `UPDATE event_store.events SET global_position = $1 WHERE global_position = -1`,
        [b],
      );
      const swapped = await audit();
      const moved = swapped.findings.filter((f) => f.kind === 'event_moved');
      expect(moved.map((f) => f.globalPosition ?? -1).sort((x, y) => x - y)).toEqual([a, b]);
    });

    it('detects a truncated tail: missing positions, and with the kept anchor even when its checkpoints are dropped too', async () => {
      const anchor = (await audit()).lastCheckpoint!;
      expect(anchor).toMatchObject({ sequence: 3, toPosition: 12 });
      const tail = [11, 12];
      await tamper(`DELETE FROM event_store.events WHERE global_position >= 11`);
      expect(kinds(await audit())).toEqual(
        expect.arrayContaining(tail.map((p) => ['event_missing', p])),
      );
      // The attacker also drops the checkpoint sealing the tail and fixes the streams table.
      await tamper(`DELETE FROM event_audit.checkpoints WHERE sequence = 3`);
      await tamper(
        `UPDATE event_store.streams s SET version = e.stream_version, last_hash = e.hash
       FROM event_store.events e WHERE e.stream_id = s.stream_id
         AND e.stream_version = (SELECT max(stream_version) FROM event_store.events x WHERE x.stream_id = s.stream_id)`,
      );
      await expect(audit()).resolves.toMatchObject({ ok: true });
      const anchored = await audit({
        anchor: { sequence: anchor.sequence, digest: anchor.digest },
      });
      expect(anchored.findings).toEqual([
        expect.objectContaining({ kind: 'checkpoint_missing', checkpointSequence: 3 }),
      ]);
    });

    it('detects an altered checkpoint root at the start of its range', async () => {
      await tamper(
        `UPDATE event_audit.checkpoints SET merkle_root = repeat('0', 64) WHERE sequence = 2`,
      );
      expect(kinds(await audit())).toEqual(
        expect.arrayContaining([
          ['checkpoint_signature_invalid', 6],
          ['checkpoint_leaves_altered', 6],
        ]),
      );
    });

    it('detects leaves edited to hide a deletion, a dropped middle checkpoint and a forged one', async () => {
      const position = streams[1]!.positions[0]!;
      await tamper(`DELETE FROM event_store.events WHERE global_position = $1`, [position]);
      await tamper(
        `UPDATE event_audit.checkpoints SET leaves = (
         SELECT jsonb_agg(l) FROM jsonb_array_elements(leaves) l WHERE (l->>0)::bigint <> $1)
       WHERE $1 BETWEEN from_position AND to_position`,
        [position],
      );
      expect((await audit()).findings).toContainEqual(
        expect.objectContaining({ kind: 'checkpoint_leaves_altered', checkpointSequence: 1 }),
      );

      await tamper(`DELETE FROM event_audit.checkpoints WHERE sequence = 2`);
      expect((await audit()).findings).toContainEqual(
        expect.objectContaining({ kind: 'checkpoint_chain_broken', checkpointSequence: 3 }),
      );

      // A forger with another key re-seals everything: no trusted key vouches for it.
      await tamper(`DELETE FROM event_audit.checkpoints`);
      const mallory = checkpointSignerFromPem(generateCheckpointKeyPair().privateKeyPem);
      await sealWhenSettled(store, mallory);
      const forged = await audit();
      expect(forged.findings.filter((f) => f.kind === 'checkpoint_signature_invalid')).toHaveLength(
        3,
      );
      expect(forged.findings[0]!.message).toMatch(/not trusted/);
    });

    it('verifies a position range only', async () => {
      await tamper(`DELETE FROM event_store.events WHERE global_position = 2`);
      await expect(audit({ fromPosition: 6, toPosition: 12 })).resolves.toMatchObject({
        ok: true,
        checkedEvents: 7,
      });
      expect(kinds(await audit({ fromPosition: 1, toPosition: 5 }))).toContainEqual([
        'event_missing',
        2,
      ]);
    });

    it('the digest an auditor keeps is stable across reads', async () => {
      const first = (await audit()).lastCheckpoint!;
      const again = (await audit()).lastCheckpoint!;
      expect(again.digest).toBe(first.digest);
      expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    });
  },
);
