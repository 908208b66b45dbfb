// The identity index applies a whole batch of events in a few set-based statements (the import
// writes thousands at once). Whatever the batch, the table must end exactly as if the events had
// been applied one at a time: checked on generated histories of upserts, deletes, merges and
// erasures, with the same row touched several times in one batch.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { customerStreamId } from '@crm/customers-domain';
import { masterKeyFromBytes, type EventEnvelope } from '@crm/event-sourcing';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import { migrateCustomersSchema } from './customers.migrations';
import { IdentityIndex } from './identity-index';

jest.setTimeout(120_000);

let database: ThrowawayDatabase;
let pool: Pool;
let index: IdentityIndex;

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'identity' });
  pool = new Pool({ connectionString: database.url, max: 4 });
  await migrateCustomersSchema(pool);
  index = new IdentityIndex(pool, masterKeyFromBytes(randomBytes(32)));
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const TENANT = 'tenant-i';
const CUSTOMERS = ['c1', 'c2', 'c3'];

function envelope(position: number, customerId: string, type: string, data: object): EventEnvelope {
  return {
    eventId: `00000000-0000-7000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: customerStreamId(customerId),
    streamVersion: position,
    globalPosition: position,
    tenantId: TENANT,
    occurredAt: '2026-11-30T00:00:00.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'c',
    causationId: 'c',
    data,
  } as unknown as EventEnvelope;
}

/** One identity-relevant change of a customer, as generated. */
type Change =
  | { kind: 'contact'; customer: number; contact: number; value: number }
  | { kind: 'removeContact'; customer: number; contact: number }
  | { kind: 'channel'; customer: number; value: number }
  | { kind: 'nationalId'; customer: number; value: number | null }
  | { kind: 'close'; customer: number; erased: boolean };

const customer = fc.integer({ min: 0, max: CUSTOMERS.length - 1 });
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('contact' as const),
    customer,
    contact: fc.integer({ min: 0, max: 2 }),
    value: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('removeContact' as const),
    customer,
    contact: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('channel' as const),
    customer,
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('nationalId' as const),
    customer,
    value: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('close' as const), customer, erased: fc.boolean() }),
);

function toEvent(c: Change, position: number): EventEnvelope {
  const id = CUSTOMERS[c.customer]!;
  switch (c.kind) {
    case 'contact':
      return envelope(position, id, 'customers.ContactAdded', {
        customerId: id,
        contactId: `k${c.contact}`,
        contactKind: 'email',
        value: `person${c.value}@example.com`,
      });
    case 'removeContact':
      return envelope(position, id, 'customers.ContactRemoved', {
        customerId: id,
        contactId: `k${c.contact}`,
      });
    case 'channel':
      return envelope(position, id, 'customers.ChannelRecorded', {
        customerId: id,
        channel: 'import',
        externalId: `ext-${c.value}`,
      });
    case 'nationalId':
      return envelope(position, id, 'customers.ProfileUpdated', {
        customerId: id,
        nationalId: c.value === null ? null : `ID-${c.value}`,
      });
    case 'close':
      return envelope(
        position,
        id,
        c.erased ? 'customers.PersonalDataErased' : 'customers.CustomerMergedInto',
        { customerId: id },
      );
  }
}

/**
 * The rows as readers and later writes see them: live rows, closed customers, and the position
 * guards (tombstones) of open customers. A tombstone's kind is never read; a closed customer's
 * tombstones guard nothing (every upsert for it is refused), so they are left out.
 */
async function tableState(): Promise<unknown[]> {
  const rows = await pool.query<Record<string, unknown>>(
    `SELECT 'index' AS t, tenant_id, customer_id, source_id,
            CASE WHEN deleted THEN '' ELSE kind END AS kind, encode(value_hash, 'hex') AS hash,
            position::text, deleted FROM customers.identity_index i
      WHERE NOT deleted OR NOT EXISTS (SELECT 1 FROM customers.identity_closed c
                                        WHERE c.tenant_id = i.tenant_id AND c.customer_id = i.customer_id)
      UNION ALL
     SELECT 'closed', tenant_id, customer_id, '', '', '', position::text, false FROM customers.identity_closed
      ORDER BY 1, 2, 3, 4`,
  );
  return rows.rows;
}

async function reset(): Promise<void> {
  await pool.query('TRUNCATE customers.identity_index, customers.identity_closed');
}

describe('IdentityIndex.apply on a batch', () => {
  it('leaves the same rows as applying the events one at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 25 }),
        async (changes, batchSize) => {
          const events = changes.map((c, i) => toEvent(c, i + 1));
          await reset();
          for (const event of events) await index.apply([event]);
          const oneByOne = await tableState();
          await reset();
          for (let i = 0; i < events.length; i += batchSize)
            await index.apply(events.slice(i, i + batchSize));
          expect(await tableState()).toEqual(oneByOne);
          // Applying everything again (redelivery, replay) changes nothing.
          await index.apply(events);
          expect(await tableState()).toEqual(oneByOne);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('finds the latest value of a row written several times in one batch, and nothing of a closed customer', async () => {
    await reset();
    await index.apply([
      toEvent({ kind: 'contact', customer: 0, contact: 0, value: 1 }, 1),
      toEvent({ kind: 'contact', customer: 0, contact: 0, value: 2 }, 2),
      toEvent({ kind: 'contact', customer: 1, contact: 0, value: 3 }, 3),
      toEvent({ kind: 'close', customer: 1, erased: true }, 4),
      toEvent({ kind: 'contact', customer: 1, contact: 1, value: 4 }, 5),
    ]);
    const email = (n: number) => [{ kind: 'email' as const, value: `person${n}@example.com` }];
    expect(await index.find(TENANT, email(1))).toEqual([]);
    expect(await index.find(TENANT, email(2))).toEqual([
      { customerId: 'c1', kinds: ['email'], score: 1 },
    ]);
    expect(await index.find(TENANT, email(3))).toEqual([]);
    expect(await index.find(TENANT, email(4))).toEqual([]);
  });
});
