// ADR 0355: what a registration costs PostgreSQL. The gRPC RegisterCustomer path
// (CustomersApplication.register) against real PostgreSQL, every statement its pool sends
// recorded: the data key in one statement, no read of the new stream, the append, the identity
// rows written in the statement that looks up the duplicates. Before ADR 0355 it was ten (stream
// read, key read, two key inserts racing, key re-read, append, BEGIN, index, COMMIT, find).
import { randomUUID } from 'node:crypto';
import {
  CustomerAlreadyExistsError,
  customerStreamId,
  type CustomerCommand,
} from '@crm/customers-domain';
import { customersPersonalDataPolicy } from '@crm/customers-read-models';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresEventStore,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  systemRuntime,
} from '@crm/event-sourcing';
import { Role } from '@crm/access-policy';
import {
  createThrowawayPostgresDatabase,
  recordStatements,
  type ThrowawayDatabase,
} from '@crm/testing';
import { Pool } from 'pg';
import pino from 'pino';
import { customersEventTypes } from '../infrastructure/customers-event-types';
import { migrateCustomersSchema } from '../infrastructure/customers.migrations';
import { IdentityIndex, identityReadingStore } from '../infrastructure/identity-index';
import { IdentityIndexWorker } from '../infrastructure/identity-index.worker';
import { CustomersApplication, type RequestMeta } from './customers.application';

jest.setTimeout(60_000);

const ring = loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 9).toString('base64') });
const meta: RequestMeta = {
  caller: {
    tenantId: 'tenant-trips',
    actor: { kind: 'user', userId: 'admin-1' },
    roles: [Role.ADMIN],
    teamId: null,
    teamMemberIds: [],
  },
  tenantId: 'tenant-trips',
  actorUserId: 'admin-1',
  correlationId: 'corr-trips',
};

let pg: ThrowawayDatabase;
let pool: Pool;
let raw: PostgresEventStore;
let app: CustomersApplication;
const statements: string[] = [];

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'cust-trips' });
  pool = new Pool({ connectionString: pg.url, max: 4 });
  recordStatements(pool, statements);
  raw = await PostgresEventStore.create({ pool, eventTypes: customersEventTypes() });
  await migratePersonalDataSchema(pool);
  await migrateCustomersSchema(pool);
  const keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(pool),
    masterKeys: ring,
  });
  app = new CustomersApplication(
    new PersonalDataEventStore(raw, new PersonalDataCipher(keys), customersPersonalDataPolicy()),
    systemRuntime,
    keys,
    new IdentityIndex(pool, ring.current),
  );
});

afterAll(async () => {
  await raw?.close();
  await pool?.end();
  await pg?.drop();
});

const registration = (
  customerId: string,
  email: string,
): Extract<CustomerCommand, { type: 'RegisterCustomer' }> => ({
  type: 'RegisterCustomer',
  data: {
    customerId,
    kind: 'person',
    person: { firstName: 'Ada', lastName: 'Trips' },
    contacts: [
      { contactId: `${customerId}-e`, kind: 'email', value: email, requestedPrimary: false },
    ],
  },
});

/** What RegisterCustomer's gRPC handler does. */
function register(customerId: string, email: string) {
  return app.register(meta, registration(customerId, email));
}

/** The statements of the command path (the wake-up NOTIFY is coalesced and sent after commit). */
const commandStatements = (): string[] =>
  statements.filter((s) => !s.startsWith('SELECT pg_notify'));

describe('a registration (ADR 0355)', () => {
  it('sends three statements: data key, append, identity rows with the duplicate lookup', async () => {
    await register(randomUUID(), 'warm-up@trips.example');
    statements.length = 0;
    const customerId = randomUUID();
    const { outcome, duplicates } = await register(customerId, 'ada@trips.example');
    const sent = commandStatements();
    expect(sent).toHaveLength(3);
    expect(sent.filter((s) => s.includes('personal_data.data_keys'))).toHaveLength(1);
    expect(sent.filter((s) => s.includes('event_store.append_to_stream'))).toHaveLength(1);
    const indexAndLookup = sent.filter((s) => s.includes('INSERT INTO customers.identity_index'));
    expect(indexAndLookup).toHaveLength(1);
    expect(indexAndLookup[0]).toContain('GROUP BY customer_id');
    expect(sent.some((s) => s.includes('FROM event_store.streams'))).toBe(false);
    expect(sent.some((s) => /^(BEGIN|COMMIT)/.test(s))).toBe(false);
    expect(outcome.events.map((e) => e.type)).toContain('customers.CustomerRegistered');
    expect(duplicates).toEqual([]);
  });

  it('still finds the duplicate it just indexed, and the data is encrypted under one key', async () => {
    const first = randomUUID();
    await register(first, 'twin@trips.example');
    const { duplicates } = await register(randomUUID(), 'twin@trips.example');
    expect(duplicates.map((d) => d.customerId)).toEqual([first]);
    const keysOfFirst = await pool.query(
      'SELECT kid FROM personal_data.data_keys WHERE tenant_id = $1 AND subject_id = $2',
      [meta.tenantId, first],
    );
    expect(keysOfFirst.rows).toHaveLength(1);
    const stored = await pool.query<{ data: unknown }>(
      'SELECT data FROM event_store.events WHERE stream_id = $1',
      [customerStreamId(first)],
    );
    expect(JSON.stringify(stored.rows)).not.toContain('twin@trips.example');
  });

  it('an id that exists already is caught by the store and decided again on a read: nothing new written', async () => {
    const customerId = randomUUID();
    await register(customerId, 'once@trips.example');
    const count = async (): Promise<number> =>
      (
        await pool.query('SELECT 1 FROM event_store.events WHERE stream_id = $1', [
          customerStreamId(customerId),
        ])
      ).rowCount ?? 0;
    const before = await count();
    await expect(
      app.execute(meta, registration(customerId, 'again@trips.example'), { newStream: true }),
    ).rejects.toBeInstanceOf(CustomerAlreadyExistsError);
    expect(await count()).toBe(before);
  });
});

describe('the identity catch-up worker beside the command path (ADR 0355)', () => {
  const until = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  };
  const checkpoint = async (): Promise<number> =>
    Number(
      (
        await pool.query<{ position: string }>(
          "SELECT position FROM customers.checkpoints WHERE name = 'identity-index'",
        )
      ).rows[0]?.position ?? 0,
    );

  it('writes only its checkpoint for what this process applied, and applies what another did', async () => {
    const index = new IdentityIndex(pool, ring.current);
    const keys = new DataKeyStore({
      repository: new PostgresDataKeyRepository(pool),
      masterKeys: ring,
    });
    const store = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      customersPersonalDataPolicy(),
    );
    const here = new CustomersApplication(store, systemRuntime, keys, index);
    // The worker reads as in the service: only the identity fields decrypted (ADR 0420).
    const worker = new IdentityIndexWorker(
      identityReadingStore(raw, keys),
      pool,
      index,
      pino({ level: 'silent' }),
    );
    await worker.start();
    try {
      await until(async () => worker.isLive);
      statements.length = 0;
      const mine = randomUUID();
      const { outcome } = await here.register(meta, registration(mine, 'mine@trips.example'));
      await until(async () => (await checkpoint()) >= outcome.globalPosition);
      const identityWrites = statements.filter((s) =>
        s.includes('INSERT INTO customers.identity_index'),
      );
      expect(identityWrites).toHaveLength(1); // the command path's own; the worker skipped it
      expect(statements.some((s) => /^BEGIN/.test(s))).toBe(false);

      // Another process (its own index instance) appends without indexing: the worker indexes it.
      const elsewhere = new CustomersApplication(
        store,
        systemRuntime,
        keys,
        new IdentityIndex(pool, ring.current),
      );
      const theirs = randomUUID();
      const other = await elsewhere.execute(meta, registration(theirs, 'theirs@trips.example'), {
        newStream: true,
        deferIdentityIndex: true,
      });
      await until(async () => (await checkpoint()) >= other.globalPosition);
      const found = await index.find(meta.tenantId, [
        { kind: 'email', value: 'theirs@trips.example' },
      ]);
      expect(found.map((f) => f.customerId)).toEqual([theirs]);
    } finally {
      await worker.stop();
    }
  });
});
