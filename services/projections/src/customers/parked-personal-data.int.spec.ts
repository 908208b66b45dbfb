// A customer event a projection could not apply is parked without its personal data: the parked
// store keeps position, type and reason only, so erasing the person leaves no plaintext there, and
// `retry` re-reads the event through the decrypting store view (clear for a person not erased).
import { customersDecryptingStore } from '@crm/customers-read-models';
import type { CustomerCommand } from '@crm/customers-domain';
import {
  DataKeyStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  loadMasterKeyRing,
  type EventEnvelope,
  type PostgresEventStore,
  type PersonalDataEventStore,
} from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  PARKED_COLLECTION,
  ParkedEventRepository,
  ParkedEventRetrier,
  ProjectionRunner,
  connectMongo,
  defineProjection,
  upsert,
} from '@crm/read-models';
import { snapshotServing } from '@crm/read-models/testing';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { openCustomerEventStore } from '../../test/fixtures/customer-event-store';

jest.setTimeout(120_000);

const TENANT = 'tenant-parked';
const ring = loadMasterKeyRing({ CRM_MASTER_KEY: Buffer.alloc(32, 5).toString('base64') });
const ERASED = '0190c000-0000-7000-8000-0000000000e1';
const KEPT = '0190c000-0000-7000-8000-0000000000e2';
const PERSON = {
  [ERASED]: {
    firstName: 'Philippa',
    lastName: 'Quarrendon',
    nationalId: 'ZQ918273',
    email: 'philippa.q@example.org',
  },
  [KEPT]: {
    firstName: 'Gwendolyn',
    lastName: 'Trevelyan',
    nationalId: 'GT556677',
    email: 'gwen.t@example.org',
  },
} as const;

const LEGACY = 'Legacy-Plaintext-Name';
const LEGACY_ID = 'legacy-target:legacy-event';

/** Customers whose events the probe projection refuses (until "the fix is deployed"). */
const failing = new Set<string>([ERASED, KEPT]);
const probe = defineProjection({
  name: 'parked-pd-probe',
  version: 1,
  eventTypes: ['customers.CustomerRegistered', 'customers.ContactAdded'],
  readModels: ['people'],
  onPoison: 'continue',
  source: 'store',
  project(event: EventEnvelope) {
    const data = event.data as {
      customerId: string;
      person?: { firstName?: string };
      value?: string;
    };
    if (failing.has(data.customerId)) throw new Error('probe refuses this customer');
    return upsert('people', data.customerId, {
      set:
        event.type === 'customers.CustomerRegistered'
          ? { firstName: data.person?.firstName ?? null }
          : { contact: data.value ?? null },
    });
  },
});

let pg: ThrowawayDatabase;
let ledgerDb: ThrowawayDatabase;
let ledger: PostgresErasureLedger;
let mongoDb: ThrowawayDatabase;
let raw: PostgresEventStore;
let store: PersonalDataEventStore;
let connection: Connection;
let stop: () => Promise<void> = async () => undefined;

let run: (command: CustomerCommand) => Promise<void>;

beforeAll(async () => {
  ({ pg, raw, store, run } = await openCustomerEventStore('parked-pd', TENANT, ring));
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'parked-pd' });
  ledgerDb = await createThrowawayPostgresDatabase({ prefix: 'parked-pd-ledger' });
  ledger = new PostgresErasureLedger(ledgerDb.url);
  connection = await connectMongo(mongoDb.url);
  // An entry as versions before ADR 0108 parked it: the decrypted event stored with it.
  await connection.db!.collection(PARKED_COLLECTION).insertOne({
    _id: LEGACY_ID as never,
    projection: probe.name,
    source: { kind: 'store' },
    status: 'parked',
    event: { type: 'customers.CustomerRegistered', data: { person: { firstName: LEGACY } } },
  });
  const runner = new ProjectionRunner(probe, {
    connection,
    store,
    storeHead: new PostgresStoreHead(raw.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  const abort = new AbortController();
  const done = runner.run(abort.signal);
  stop = async () => {
    abort.abort();
    await done;
  };
});

afterAll(async () => {
  await stop();
  await connection?.close();
  await raw?.close();
  await ledger?.close();
  await ledgerDb?.drop();
  await mongoDb?.drop();
  await pg?.drop();
});

it('parks customer events without plaintext, keeps none after erasure, and retries through the decrypting store', async () => {
  for (const [customerId, p] of Object.entries(PERSON))
    await run({
      type: 'RegisterCustomer',
      data: {
        customerId,
        kind: 'person',
        person: { firstName: p.firstName, lastName: p.lastName },
        nationalId: p.nationalId,
        contacts: [{ contactId: 'e1', kind: 'email', value: p.email, requestedPrimary: false }],
        ownerUserId: 'rep-1',
        teamId: 'north',
      },
    });
  const parking = new ParkedEventRepository(connection);
  const parked = await eventually(
    async () => {
      const list = (await parking.list({ projection: probe.name, status: 'parked' })).filter(
        (p) => p._id !== LEGACY_ID,
      );
      expect(list.map((p) => p.type).sort()).toEqual([
        'customers.ContactAdded',
        'customers.ContactAdded',
        'customers.CustomerRegistered',
        'customers.CustomerRegistered',
      ]);
      return list;
    },
    { timeoutMs: 30_000 },
  );

  // Erase one person (their data key is shredded), then scan everything the parked store holds.
  await new DataKeyStore({
    repository: new PostgresDataKeyRepository(raw.pool),
    masterKeys: ring,
    erasureLedger: ledger,
  }).erase({ tenantId: TENANT, subjectId: ERASED });
  const scanned = JSON.stringify(
    await connection.db!.collection(PARKED_COLLECTION).find({}).toArray(),
  );
  for (const value of [...Object.values(PERSON).flatMap((p) => Object.values(p)), LEGACY])
    expect(scanned).not.toContain(value);

  failing.clear(); // the fix is deployed
  // `cli retry` runs in its own process: a fresh decrypting view, with no data key cached from
  // before the erasure (a long-running reader notices another process's erasure within the
  // key cache's TTL, see DataKeyStoreOptions.cache).
  const retrier = new ParkedEventRetrier(connection, [probe], silentLogger, () =>
    customersDecryptingStore(raw, raw.pool, ring),
  );
  for (const entry of parked)
    expect(await retrier.retry(entry._id)).toMatchObject({ resolved: true });
  const { people } = await snapshotServing(connection, probe.name);
  const byId = new Map((people ?? []).map((d) => [(d as { _id: string })._id, d]));
  expect(byId.get(KEPT)).toMatchObject({
    firstName: PERSON[KEPT].firstName,
    contact: PERSON[KEPT].email,
  });
  const erased = JSON.stringify(byId.get(ERASED));
  for (const value of Object.values(PERSON[ERASED])) expect(erased).not.toContain(value);
});
