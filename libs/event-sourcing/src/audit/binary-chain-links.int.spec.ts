// Verification hashes events from PostgreSQL's binary COPY bytes (ADR 0435) rather than from the
// envelope's JSON: the two must agree on every event, byte for byte of the hashed text, including
// the cases where copying bytes or reusing the last actor could go wrong.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';
import { hashedChainLink, type HashedChainLink } from '../integrity/event-hash';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { PostgresAuditSource } from './postgres-audit.source';

const TYPE = 'customers.CustomerRegistered';
jest.setTimeout(30_000);

function event(overrides: Partial<NewEvent>): NewEvent {
  return {
    eventId: uuidv7(),
    type: TYPE,
    tenantId: 'tenant-a',
    occurredAt: '2025-01-02T03:04:05.678Z',
    actor: { kind: 'user', userId: 'u-1', roles: ['ADMIN', 'SALES'] },
    correlationId: 'c',
    causationId: 'c',
    data: { name: 'Ada' },
    ...overrides,
  };
}

describe('chain links from binary COPY (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_audit_bin' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: TYPE, schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const read = (): Promise<{ fromJson: HashedChainLink[]; fromBinary: HashedChainLink[] }> =>
    PostgresAuditSource.withSnapshot(store.pool, async (source) => {
      const fromJson: HashedChainLink[] = [];
      for await (const page of source.events(1, Number.MAX_SAFE_INTEGER))
        fromJson.push(...page.map(hashedChainLink));
      const fromBinary: HashedChainLink[] = [];
      for await (const page of source.hashedEvents(1, Number.MAX_SAFE_INTEGER))
        fromBinary.push(...page);
      return { fromJson, fromBinary };
    });

  it('hashes every event as the JSON form does, and as it was hashed when appended', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    await store.append(streamId, [
      // jsonb orders keys by length ("b" before "aa"), canonical JSON by code unit.
      event({ data: { b: 1, aa: [1.5, -0, 1e21, 1e-7, null, true], z: { y: 'x', ab: {} } } }),
      // Strings that must be escaped (quote, backslash, control characters) and others that
      // are copied as bytes (accents, emoji beyond the BMP, DEL).
      event({
        correlationId: 'say "hi"\\ there\n\ttab\u0001',
        causationId: 'Zoë 🎉 \u007f',
        data: { note: 'line\nbreak "quoted" \\ 🎉', ключ: 'значение' },
      }),
      // Each escaped character alone.
      event({ correlationId: 'C:\\temp', causationId: 'a "b"' }),
      event({ correlationId: 'tab\there', causationId: '\u001f' }),
      // The same actor with other bytes (another key order) must not reuse the last one's text.
      event({ actor: { roles: ['ADMIN', 'SALES'], userId: 'u-1', kind: 'user' } }),
      event({ actor: { kind: 'system', name: 'importer' } }),
      event({ occurredAt: '1999-12-31T23:59:59.999Z' }),
      event({ occurredAt: '1970-01-01T00:00:00.000Z', data: 'a bare string' }),
    ]);
    await store.append(`customers.Customer-${uuidv7()}`, [
      event({ tenantId: 'tenant-ü', data: [] }),
    ]);

    const { fromJson, fromBinary } = await read();
    expect(fromBinary).toHaveLength(9);
    expect(fromBinary).toEqual(fromJson);
    for (const link of fromBinary) expect(link.contentHash).toBe(link.hash);
    expect(fromBinary[1]!.previousHash).toBe(fromBinary[0]!.hash);
    expect(fromBinary[8]!.previousHash).toBeNull();
  });

  it('sees a change to an event whose actor bytes repeat the previous event’s', async () => {
    const streamId = `customers.Customer-${uuidv7()}`;
    const { events } = await store.append(streamId, [event({}), event({}), event({})]);
    const target = events[2]!.globalPosition;
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE event_store.events DISABLE TRIGGER USER');
      await client.query(
        // Same length as "u-1": only the bytes tell the two actors apart.
        `UPDATE event_store.events SET actor = jsonb_set(actor, '{userId}', '"u-2"')
         WHERE global_position = $1`,
        [target],
      );
      await client.query('ALTER TABLE event_store.events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { fromJson, fromBinary } = await read();
    expect(fromBinary).toEqual(fromJson);
    const broken = fromBinary.filter((link) => link.contentHash !== link.hash);
    expect(broken.map((link) => link.globalPosition)).toEqual([target]);
  });

  it('reads consecutive ranges through the read-ahead page, each exactly its own positions', async () => {
    await store.append(
      `customers.Customer-${uuidv7()}`,
      Array.from({ length: 6 }, () => event({})),
    );
    const ranges: [number, number][] = [
      [1, 2],
      [3, 4],
      [5, 9],
      [2, 3],
      [4, 4],
      [5, 100_000],
    ];
    const read = await PostgresAuditSource.withSnapshot(store.pool, async (source) => {
      const head = await source.headPosition();
      const positions: number[][] = [];
      for (const [from, to] of ranges) {
        const seen: number[] = [];
        for await (const page of source.hashedEvents(from, to))
          seen.push(...page.map((link) => link.globalPosition));
        positions.push(seen);
      }
      return { head, positions };
    });
    const expected = ranges.map(([from, to]) =>
      Array.from({ length: Math.min(to, read.head) - from + 1 }, (_, i) => from + i),
    );
    expect(read.positions).toEqual(expected);
  });
});
