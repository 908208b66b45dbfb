// Erasure across merges in the customers application, against real PostgreSQL (event store, data
// keys, identity index). Merged records are one person (ADR 0060): erasing any id of a merge group
// erases every id of it, copies made by a merge are encrypted under the key of the person they came
// from, and merging an erased customer (or into one) is refused with nothing written.
import { randomUUID } from 'node:crypto';
import {
  CustomerErasedError,
  CustomerNotFoundError,
  customerStreamId,
  type CustomerCommand,
} from '@crm/customers-domain';
import { customersDecryptingStore, customersPersonalDataPolicy } from '@crm/customers-read-models';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  systemRuntime,
  type EventStore,
} from '@crm/event-sourcing';
import { Role } from '@crm/access-policy';
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { customersEventTypes } from '../infrastructure/customers-event-types';
import { migrateCustomersSchema } from '../infrastructure/customers.migrations';
import { IdentityIndex } from '../infrastructure/identity-index';
import { CustomersApplication, type RequestMeta } from './customers.application';

jest.setTimeout(60_000);

const ring = loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
const meta: RequestMeta = {
  caller: {
    tenantId: 'tenant-erasure',
    actor: { kind: 'user', userId: 'admin-1' },
    roles: [Role.ADMIN],
    teamId: null,
    teamMemberIds: [],
  },
  tenantId: 'tenant-erasure',
  actorUserId: 'admin-1',
  correlationId: 'corr-erasure',
};

let pg: ThrowawayDatabase;
// The erasure ledger lives in its own database, as in production (outside the store's backups).
let ledgerDb: ThrowawayDatabase;
let ledger: PostgresErasureLedger;
let raw: PostgresEventStore;
let app: CustomersApplication;
let keys: DataKeyStore;

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'cust-erase' });
  raw = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: customersEventTypes(),
  });
  await migratePersonalDataSchema(raw.pool);
  await migrateCustomersSchema(raw.pool);
  ledgerDb = await createThrowawayPostgresDatabase({ prefix: 'cust-erase-ledger' });
  ledger = new PostgresErasureLedger(ledgerDb.url);
  keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(raw.pool),
    masterKeys: ring,
    erasureLedger: ledger,
  });
  const store = new PersonalDataEventStore(
    raw,
    new PersonalDataCipher(keys),
    customersPersonalDataPolicy(),
  );
  app = new CustomersApplication(
    store,
    systemRuntime,
    keys,
    new IdentityIndex(raw.pool, ring.current),
  );
});

afterAll(async () => {
  await raw?.close();
  await ledger?.close();
  await pg?.drop();
  await ledgerDb?.drop();
});

interface Person {
  readonly id: string;
  readonly values: readonly string[];
}

/** A person with distinctive personal data: e-mail, phone, national id, interaction notes. */
async function person(name: string): Promise<Person> {
  const id = randomUUID();
  const tag = `${name}${id.slice(0, 6)}`;
  const email = `${tag}@erase.example`.toLowerCase();
  const nationalId = `NID${tag}`.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const notes = `Confided ${tag}`;
  const phoneDigits = String(parseInt(id.slice(0, 6), 16) % 1e7).padStart(7, '0');
  const run = (command: CustomerCommand) => app.execute(meta, command);
  await run({
    type: 'RegisterCustomer',
    data: {
      customerId: id,
      kind: 'person',
      person: { firstName: 'Pat', lastName: `Erase${tag}` },
      nationalId,
      contacts: [
        { contactId: `${tag}-e`, kind: 'email', value: email, requestedPrimary: false },
        {
          contactId: `${tag}-p`,
          kind: 'phone',
          value: `+49309${phoneDigits}`,
          requestedPrimary: false,
        },
      ],
    },
  });
  await run({
    type: 'RecordInteraction',
    data: {
      customerId: id,
      interactionId: `${tag}-i`,
      kind: 'call',
      notes,
      performedBy: 'rep-1',
      occurredAt: '2024-06-02T10:00:00.000Z',
      now: new Date().toISOString(),
    },
  });
  return { id, values: [email, `+49309${phoneDigits}`, nationalId, notes, `Erase${tag}`] };
}

/** Everything a reader with the keys can see of the customers: events decrypted afresh, exports. */
async function readable(ids: readonly string[]): Promise<string> {
  // A fresh decrypting view: no key cached from before the erasure.
  const fresh: EventStore = customersDecryptingStore(raw, raw.pool, ring);
  const parts: string[] = [];
  for (const id of ids) {
    parts.push(
      JSON.stringify(await fresh.readStream(customerStreamId(id), { tenantId: meta.tenantId })),
    );
    parts.push(JSON.stringify(await app.exportPersonalData(meta, id)));
  }
  return parts.join('\n');
}

function expectNoneOf(text: string, people: readonly Person[]): void {
  for (const value of people.flatMap((p) => p.values)) expect(text).not.toContain(value);
}

async function versions(ids: readonly string[]): Promise<number[]> {
  return Promise.all(ids.map(async (id) => (await app.load(meta.tenantId, id)).version));
}

describe('erasure across merges (merged records are one person)', () => {
  it('erases only the customer itself when it was never merged', async () => {
    const [alone, other] = [await person('alone'), await person('other')];
    const outcome = await app.erase(meta, alone.id, 'GDPR');
    expect(outcome.erasedCustomerIds).toEqual([alone.id]);
    expectNoneOf(await readable([alone.id]), [alone]);
    expect(await readable([other.id])).toContain(other.values[0]);
  });

  it('erasing a merged-away id erases the survivor that holds its copies', async () => {
    const [p, q] = [await person('p'), await person('q')];
    await app.merge(meta, q.id, p.id);
    expect(await readable([q.id])).toContain(p.values[0]); // copied by the merge
    const outcome = await app.erase(meta, p.id, 'GDPR');
    expect(outcome.erasedCustomerIds).toEqual([p.id, q.id].sort());
    expectNoneOf(await readable([p.id, q.id]), [p, q]);
  });

  it('erasing the survivor erases every customer merged into it, transitively', async () => {
    const [p, q, r] = [await person('p'), await person('q'), await person('r')];
    await app.merge(meta, q.id, p.id);
    await app.merge(meta, r.id, q.id);
    const outcome = await app.erase(meta, r.id, 'GDPR');
    expect(outcome.erasedCustomerIds).toEqual([p.id, q.id, r.id].sort());
    expectNoneOf(await readable([p.id, q.id, r.id]), [p, q, r]);
    // Every stream of the group records the erasure and names the whole group.
    for (const id of [p.id, q.id, r.id]) {
      const events = (await raw.readStream(customerStreamId(id), { tenantId: meta.tenantId }))
        .events;
      expect(events.at(-1)).toMatchObject({
        type: 'customers.PersonalDataErased',
        data: { customerId: id, erasedCustomerIds: [p.id, q.id, r.id].sort() },
      });
    }
  });

  it("encrypts merged copies under the original person's key", async () => {
    // (Q has its own national id, so P's is not copied; the domain spec covers that copy.)
    const [p, q] = [await person('p'), await person('q')];
    await app.merge(meta, q.id, p.id);
    const copies = (
      await raw.readStream(customerStreamId(q.id), { tenantId: meta.tenantId })
    ).events.filter((e) => (e.data as { dataSubjectId?: string }).dataSubjectId !== undefined);
    expect(
      copies.map((e) => [e.type, (e.data as { dataSubjectId: string }).dataSubjectId]),
    ).toEqual(
      expect.arrayContaining([
        ['customers.ContactAdded', p.id],
        ['customers.InteractionRecorded', p.id],
      ]),
    );
    // Shredding only P's key (a narrower policy than ours) already makes every copy unreadable.
    await keys.erase({
      tenantId: meta.tenantId,
      subjectId: p.id,
    });
    const survivorView = await readable([q.id]);
    expectNoneOf(survivorView, [p]);
    expect(survivorView).toContain(q.values[0]);
  });

  it('refuses to merge into or from an erased person, writing nothing', async () => {
    const [p, q, other] = [await person('p'), await person('q'), await person('other')];
    await app.merge(meta, q.id, p.id);
    await app.erase(meta, p.id, 'GDPR');
    const before = await versions([p.id, q.id, other.id]);
    await expect(app.merge(meta, other.id, q.id)).rejects.toBeInstanceOf(CustomerErasedError);
    await expect(app.merge(meta, q.id, other.id)).rejects.toBeInstanceOf(CustomerErasedError);
    await expect(app.merge(meta, other.id, p.id)).rejects.toBeInstanceOf(CustomerErasedError);
    expect(await versions([p.id, q.id, other.id])).toEqual(before);
    expect(await readable([other.id])).toContain(other.values[0]);
  });

  it('is idempotent, and an unknown id is a typed error with nothing written', async () => {
    const [p, q] = [await person('p'), await person('q')];
    await app.merge(meta, q.id, p.id);
    const first = await app.erase(meta, q.id, 'GDPR');
    const again = await app.erase(meta, p.id, 'GDPR');
    expect(again.erasedCustomerIds).toEqual(first.erasedCustomerIds);
    expect(again.replayed).toBe(true);
    const unknown = randomUUID();
    await expect(app.erase(meta, unknown, 'GDPR')).rejects.toBeInstanceOf(CustomerNotFoundError);
    expect(await versions([unknown])).toEqual([0]);
  });
});
