// Tampering with stored rows is refused by a trigger, and detected by the hash chain when an
// administrator bypasses the trigger.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';
import { computeEventHash } from '../integrity/event-hash';
import { PostgresEventStore } from './postgres-event-store';

const TYPE = 'customers.CustomerRegistered';

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

describe('integrity of stored events (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_integrity' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: TYPE, schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function tamper(sql: string, params: unknown[]): Promise<void> {
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE event_store.events DISABLE TRIGGER events_are_immutable');
      await client.query(sql, params);
      await client.query('ALTER TABLE event_store.events ENABLE TRIGGER events_are_immutable');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  it('refuses UPDATE and DELETE of events', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    await store.append(streamId, [registered('Ada')]);
    await expect(
      store.pool.query(`UPDATE event_store.events SET data = '{}' WHERE stream_id = $1`, [
        streamId,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      store.pool.query(`DELETE FROM event_store.events WHERE stream_id = $1`, [streamId]),
    ).rejects.toThrow(/append-only/);
    await expect(store.pool.query(`TRUNCATE event_store.events`)).rejects.toThrow(/append-only/);
  });

  it('reports a one-byte change of a stored payload with its global position and stream version', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    const { events } = await store.append(streamId, [
      registered('Ada'),
      registered('Grace'),
      registered('Edsger'),
    ]);
    const victim = events[1]!;
    await expect(store.verifyStream(streamId)).resolves.toMatchObject({
      ok: true,
      checkedEvents: 3,
    });

    // "Grace" → "Grade": one byte.
    await tamper(
      `UPDATE event_store.events SET data = jsonb_set(data, '{name}', '"Grade"') WHERE event_id = $1`,
      [victim.eventId],
    );

    const report = await store.verifyStream(streamId);
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([
      expect.objectContaining({
        reason: 'hash_mismatch',
        globalPosition: victim.globalPosition,
        streamVersion: 2,
        streamId,
        eventId: victim.eventId,
      }),
    ]);
    const range = await store.verifyRange(events[0]!.globalPosition, events[2]!.globalPosition);
    expect(range.failures.map((f) => [f.globalPosition, f.reason])).toEqual([
      [victim.globalPosition, 'hash_mismatch'],
    ]);
  });

  it('detects a tamperer who also recomputes the hash: the next event no longer links to it', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    const { events } = await store.append(streamId, [
      registered('Ada'),
      registered('Grace'),
      registered('Edsger'),
    ]);
    const victim = events[1]!;
    const forgedHash = computeEventHash({ ...victim, data: { name: 'Mallory' } });
    await tamper(
      `UPDATE event_store.events SET data = '{"name":"Mallory"}', hash = $2 WHERE event_id = $1`,
      [victim.eventId, forgedHash],
    );
    const report = await store.verifyStream(streamId);
    expect(report.failures).toEqual([
      expect.objectContaining({
        reason: 'previous_hash_mismatch',
        streamVersion: 3,
        globalPosition: events[2]!.globalPosition,
      }),
    ]);
  });

  it('detects a changed occurredAt, actor or type as well', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    const { events } = await store.append(streamId, [registered('Ada')]);
    await tamper(
      `UPDATE event_store.events SET occurred_at = occurred_at + interval '1 millisecond' WHERE event_id = $1`,
      [events[0]!.eventId],
    );
    await expect(store.verifyStream(streamId)).resolves.toMatchObject({
      ok: false,
      failures: [expect.objectContaining({ streamVersion: 1 })],
    });
  });
});
