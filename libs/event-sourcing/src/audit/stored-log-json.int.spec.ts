// The auditor's bulk read against real PostgreSQL: each JSON text PostgreSQL builds parses to
// exactly the stored envelope the store reads (escapes, unicode, nulls, nesting), filters and
// ranges select what the paged read would, and a transaction still open below the head is waited
// for instead of leaving a hole.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { EventEnvelope, NewEvent } from '../envelope';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import {
  copyStoredLogJsonLines,
  readStoredLogJson,
  type StoredLogJsonOptions,
} from './stored-log-json';

const TYPE = 'sales.LeadCaptured';

function event(data: unknown, tenantId = 'acme'): NewEvent {
  return {
    eventId: uuidv7(),
    type: TYPE,
    tenantId,
    occurredAt: '2025-03-04T05:06:07.089Z',
    actor: { kind: 'user', userId: 'u-"quoted"', roles: ['AUDITOR', 'é'] },
    correlationId: 'corr\\back',
    causationId: 'cause\nline',
    data,
  };
}

describe('readStoredLogJson (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'audit_log_json' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: TYPE, schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  async function read(options: Partial<StoredLogJsonOptions> = {}) {
    const records = [];
    for await (const batch of readStoredLogJson(store.pool, {
      after: 0,
      toPosition: Number.MAX_SAFE_INTEGER,
      rangeSize: 2,
      ...options,
    }))
      records.push(...batch.records);
    return records;
  }

  async function copyLines(options: Partial<StoredLogJsonOptions> = {}) {
    const chunks: Buffer[] = [];
    let count = 0;
    for await (const batch of copyStoredLogJsonLines(store.pool, {
      after: 0,
      toPosition: Number.MAX_SAFE_INTEGER,
      rangeSize: 2,
      ...options,
    })) {
      chunks.push(batch.jsonLines);
      count += batch.count;
    }
    return { text: Buffer.concat(chunks).toString('utf8'), count };
  }

  it('renders each stored envelope exactly as the store reads it', async () => {
    const stream = `sales.Lead-${uuidv7()}`;
    await store.append(stream, [
      event({ text: 'ünï "q" \\ \n\t\u0001 😀 \u2028', n: [1, -2.5, 1e21, null], b: false }),
      event({ nested: { deeper: { empty: {}, list: [] } }, 'key with "quotes"': 'v' }),
    ]);
    await store.append(`sales.Lead-${uuidv7()}`, [event({}, 'other')]);

    const records = await read({ withHeaders: true });
    const stored: EventEnvelope[] = [];
    for await (const e of store.readAll()) stored.push(e);
    expect(records.map((r) => JSON.parse(r.json) as unknown)).toEqual(stored);
    expect(records.map((r) => [r.globalPosition, r.streamId])).toEqual(
      stored.map((e) => [e.globalPosition, e.streamId]),
    );
    expect(records[0]!.headers).toEqual({
      type: TYPE,
      schemaVersion: 1,
      eventId: stored[0]!.eventId,
      tenantId: 'acme',
      correlationId: 'corr\\back',
    });

    const onlyOther = await read({ filter: { tenantIds: ['other'] } });
    expect(onlyOther.map((r) => r.globalPosition)).toEqual([stored[2]!.globalPosition]);
    const onlyStream = await read({ streamIds: [stream], after: 1, toPosition: 2 });
    expect(onlyStream.map((r) => r.globalPosition)).toEqual([2]);
  });

  it('streams the same JSON texts as JSON Lines through COPY, filters inlined as literals', async () => {
    const stream = `sales.Lead-${uuidv7()}`;
    await store.append(stream, [event({ text: "it's \\ \n \u0002 😀", list: ['a', "b'c"] })]);
    const expected = await read();
    const copied = await copyLines();
    expect(copied.count).toBe(expected.length);
    // Byte for byte what the row read renders: COPY's CSV writes each value unchanged.
    expect(copied.text).toBe(expected.map((r) => `${r.json}\n`).join(''));

    // Values that need quoting in SQL reach PostgreSQL as literals, not as code.
    const quotedTenant = await copyLines({ filter: { tenantIds: ["o'ther", 'other'] } });
    expect(quotedTenant.text).toBe(
      (await read({ filter: { tenantIds: ['other'] } })).map((r) => `${r.json}\n`).join(''),
    );
    const byStream = await copyLines({
      streamIds: [stream],
      filter: { occurredFrom: '2025-01-01T00:00:00Z' },
    });
    expect(byStream.count).toBe(1);
    expect(JSON.parse(byStream.text)).toMatchObject({
      streamId: stream,
      data: { list: ['a', "b'c"] },
    });
  });

  it('waits for a transaction still open below the head instead of leaving a hole', async () => {
    const before = (await read()).length;
    const older = new Client({ connectionString: database.url });
    await older.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // an open transaction with an id
      const later = await store.append(`sales.Lead-${uuidv7()}`, [event({ late: true })]);
      let finished = false;
      let waitingNotices = 0;
      const replay = read({ pollMs: 10, onWaiting: () => (waitingNotices += 1) }).finally(
        () => (finished = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      expect(finished).toBe(false);
      expect(waitingNotices).toBe(1);
      await older.query('COMMIT');
      const records = await replay;
      expect(records).toHaveLength(before + 1);
      expect(records[records.length - 1]!.globalPosition).toBe(later.events[0]!.globalPosition);
    } finally {
      await older.end();
    }
  });
});
