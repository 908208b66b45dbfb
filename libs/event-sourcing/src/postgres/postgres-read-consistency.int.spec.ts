// readStream answers with one consistent picture of a stream even while it is being appended to:
// the events returned never go past the version returned with them. Loaders use that version as
// the state's version (expected version, snapshot label); a mismatch made snapshots double-count.
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../envelope';
import { PostgresEventStore } from './postgres-event-store';

const event = (tenantId: string): NewEvent => ({
  eventId: uuidv7(),
  type: 'sales.LeadCaptured',
  tenantId,
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { kind: 'system', name: 't' },
  correlationId: 'c',
  causationId: 'c',
  data: {},
});

describe('stream reads during concurrent appends (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'es_read_consistency' });
    store = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [{ type: 'sales.LeadCaptured', schemaVersion: 1 }],
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('never returns events beyond the version it reports', async () => {
    const tenant = `t-${uuidv7()}`;
    const streamId = `sales.Lead-${uuidv7()}`;
    let appending = true;
    const writer = (async () => {
      for (let i = 0; i < 400; i += 1) await store.append(streamId, [event(tenant)]);
      appending = false;
    })();
    let reads = 0;
    while (appending) {
      const page = await store.readStream(streamId);
      reads += 1;
      const last = page.events[page.events.length - 1];
      expect(last?.streamVersion ?? 0).toBe(page.streamVersion);
      expect(page.events).toHaveLength(page.streamVersion);
    }
    await writer;
    expect(reads).toBeGreaterThan(10);
  }, 60_000);
});
