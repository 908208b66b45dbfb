// Crypto-shredding against the real PostgreSQL: keys in the key table, events in the event store.
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  createThrowawayPostgresDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { NewEvent } from '../envelope';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { DataKeyStore } from './data-key-store';
import { InMemoryErasureLedger } from './erasure-ledger';
import { describeDataKeyRepositoryContract } from './data-key.repository.contract';
import { loadMasterKeyRing } from './master-key.config';
import { rotateMasterKey } from './master-key-rotation';
import { ERASED_MARKER, PersonalDataCipher } from './personal-data-cipher';
import {
  decryptEventData,
  definePersonalDataPolicy,
  encryptEventData,
  subjectIdFromData,
} from './personal-data-policy';
import { PERSONAL_DATA_KEYS_TABLE, migratePersonalDataSchema } from './personal-data.migration';
import {
  CiphertextIntegrityError,
  DataKeyIntegrityError,
  WrongMasterKeyError,
} from './personal-data.errors';
import { PersonalDataEventStore } from './personal-data-event.store';
import { PostgresDataKeyRepository } from './postgres-data-key.repository';

const REGISTERED = 'customers.CustomerRegistered';
const policy = definePersonalDataPolicy({
  [REGISTERED]: {
    subjectId: subjectIdFromData('customerId'),
    fields: ['nationalId', 'emails[].address', 'birthday', 'address'],
  },
});
const base64Key = (): string => randomBytes(32).toString('base64');

let db: ThrowawayDatabase;
let pool: Pool;
let events: PostgresEventStore;

beforeAll(async () => {
  await testInfrastructure({ require: ['postgres'] }); // fails loudly when PostgreSQL is down
  db = await createThrowawayPostgresDatabase({ prefix: 'pd' });
  pool = new Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // an idle client killed by a server restart must not crash jest
  // Idempotent and safe when several processes start at once.
  await Promise.all([migratePersonalDataSchema(pool), migratePersonalDataSchema(pool)]);
  await migratePersonalDataSchema(pool);
  events = await PostgresEventStore.create({
    pool,
    eventTypes: [{ type: REGISTERED, schemaVersion: 1 }],
  });
});

afterAll(async () => {
  await events?.close();
  await pool?.end();
  await db?.drop();
});

/** What a service does at start: master keys from the environment, keys in PostgreSQL. */
function service(env: NodeJS.ProcessEnv) {
  const keys = new DataKeyStore({
    erasureLedger: new InMemoryErasureLedger(),
    repository: new PostgresDataKeyRepository(pool),
    masterKeys: loadMasterKeyRing(env),
  });
  return { keys, cipher: new PersonalDataCipher(keys) };
}

function registration(tenantId: string, customerId: string): NewEvent {
  return {
    eventId: randomUUID(),
    type: REGISTERED,
    tenantId,
    occurredAt: '2025-02-03T04:05:06.000Z',
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr',
    causationId: 'cause',
    data: {
      customerId,
      displayName: 'Ada L.',
      nationalId: '815-12-1010',
      birthday: '1815-12-10',
      address: { street: '12 St James Sq', city: 'London' },
      emails: [{ address: 'ada@example.org', primary: true }],
    },
  };
}

/** Encrypts, appends, reads back the stored (encrypted) envelope. */
async function storeRegistration(cipher: PersonalDataCipher, tenantId: string, customerId: string) {
  const event = registration(tenantId, customerId);
  const streamId = `customers.Customer-${customerId}`;
  await events.append(streamId, [await encryptEventData(cipher, policy, event)], {
    expectedVersion: 'no_stream',
  });
  const stored = (await events.readStream(streamId)).events[0];
  if (!stored) throw new Error('event not stored');
  return { event, stored, streamId };
}

describeDataKeyRepositoryContract('PostgreSQL', async () => ({
  repository: new PostgresDataKeyRepository(pool),
  tenantId: `contract-${randomUUID()}`,
}));

describe('crypto-shredding on PostgreSQL', () => {
  it('stores personal fields only as ciphertext and decrypts them on read', async () => {
    const { cipher } = service({ CRM_MASTER_KEY: base64Key() });
    const tenantId = `t-${randomUUID()}`;
    const { event, stored } = await storeRegistration(cipher, tenantId, randomUUID());

    const storedJson = JSON.stringify(stored.data);
    for (const clear of ['815-12-1010', '1815-12-10', 'St James', 'London', 'ada@example.org'])
      expect(storedJson).not.toContain(clear);
    expect(storedJson).toContain('"$enc":"v1"');
    expect((await decryptEventData(cipher, policy, stored)).data).toEqual(event.data);
  });

  it('erasing a subject deletes its key, leaves a tombstone, and reads return the erased marker', async () => {
    const env = { CRM_MASTER_KEY: base64Key() };
    const writer = service(env);
    const tenantId = `t-${randomUUID()}`;
    const customerId = randomUUID();
    const { event, stored, streamId } = await storeRegistration(
      writer.cipher,
      tenantId,
      customerId,
    );

    const erasure = await writer.keys.erase({ tenantId, subjectId: customerId });

    const { rows } = await pool.query(
      `SELECT wrapped_key, master_key_id, erased_at FROM ${PERSONAL_DATA_KEYS_TABLE} WHERE tenant_id = $1 AND subject_id = $2`,
      [tenantId, customerId],
    );
    expect(rows).toEqual([{ wrapped_key: null, master_key_id: null, erased_at: erasure.erasedAt }]);

    // Another process (no cache) reading the unchanged history.
    const reread = (await events.readStream(streamId)).events[0];
    expect(reread?.data).toEqual(stored.data);
    const decrypted = await decryptEventData(service(env).cipher, policy, stored);
    expect(decrypted.data).toEqual({
      ...(event.data as object),
      nationalId: ERASED_MARKER,
      birthday: ERASED_MARKER,
      address: ERASED_MARKER,
      emails: [{ address: ERASED_MARKER, primary: true }],
    });
    // The history stays valid: the integrity chain covers the ciphertext, which never changed.
    expect((await events.verifyStream(streamId)).ok).toBe(true);
  });

  it('master key rotation re-wraps keys; old events still decrypt with only the new key', async () => {
    // Rotation walks the whole key table, and the other tests here use other master keys: give
    // this test a key table of its own (events stay in the shared store).
    const keysDb = await createThrowawayPostgresDatabase({ prefix: 'pdrot' });
    const keysPool = new Pool({ connectionString: keysDb.url, max: 2 });
    keysPool.on('error', () => undefined);
    try {
      await migratePersonalDataSchema(keysPool);
      await rotationScenario(keysPool);
    } finally {
      await keysPool.end();
      await keysDb.drop();
    }
  });

  async function rotationScenario(keysPool: Pool): Promise<void> {
    const service = (env: NodeJS.ProcessEnv) => {
      const keys = new DataKeyStore({
        erasureLedger: new InMemoryErasureLedger(),
        repository: new PostgresDataKeyRepository(keysPool),
        masterKeys: loadMasterKeyRing(env),
      });
      return { keys, cipher: new PersonalDataCipher(keys) };
    };
    const oldKey = base64Key();
    const newKey = base64Key();
    const tenantId = `t-${randomUUID()}`;
    const before = service({ CRM_MASTER_KEY: oldKey });
    const stored = await Promise.all(
      [1, 2, 3].map(() => storeRegistration(before.cipher, tenantId, randomUUID())),
    );

    // Operator: deploy with the new key current and the old one previous, then rotate.
    const oldRing = loadMasterKeyRing({ CRM_MASTER_KEY: oldKey });
    const newRing = loadMasterKeyRing({ CRM_MASTER_KEY: newKey, CRM_MASTER_KEY_PREVIOUS: oldKey });
    const report = await rotateMasterKey(
      new PostgresDataKeyRepository(keysPool),
      [oldRing.current],
      newRing.current,
      { batchSize: 2 },
    );
    expect(report).toEqual({ newMasterKeyId: newRing.current.id, rewrapped: 3, skipped: 0 });

    const after = service({ CRM_MASTER_KEY: newKey });
    for (const { event, stored: envelope, streamId } of stored) {
      expect((await decryptEventData(after.cipher, policy, envelope)).data).toEqual(event.data);
      expect((await events.readStream(streamId)).events[0]?.data).toEqual(envelope.data); // events untouched
    }
    // A process still configured with only the retired key gets a typed error naming it.
    const [first] = stored;
    await expect(
      decryptEventData(service({ CRM_MASTER_KEY: oldKey }).cipher, policy, first!.stored),
    ).rejects.toBeInstanceOf(WrongMasterKeyError);
  }

  it('a process started with the wrong master key gets a typed error, not garbage', async () => {
    const tenantId = `t-${randomUUID()}`;
    const { stored } = await storeRegistration(
      service({ CRM_MASTER_KEY: base64Key() }).cipher,
      tenantId,
      randomUUID(),
    );
    const failure = decryptEventData(
      service({ CRM_MASTER_KEY: base64Key() }).cipher,
      policy,
      stored,
    );
    await expect(failure).rejects.toBeInstanceOf(WrongMasterKeyError);
    await expect(failure).rejects.toThrow(/not configured/);
  });

  it('tampered ciphertext and a tampered key row are typed errors', async () => {
    const env = { CRM_MASTER_KEY: base64Key() };
    const tenantId = `t-${randomUUID()}`;
    const customerId = randomUUID();
    const { stored } = await storeRegistration(service(env).cipher, tenantId, customerId);

    const data = stored.data as { nationalId: { ct: string } };
    const ct = Buffer.from(data.nationalId.ct, 'base64');
    ct[0] = (ct[0] ?? 0) ^ 0xff;
    const tampered = {
      ...stored,
      data: { ...data, nationalId: { ...data.nationalId, ct: ct.toString('base64') } },
    };
    await expect(decryptEventData(service(env).cipher, policy, tampered)).rejects.toBeInstanceOf(
      CiphertextIntegrityError,
    );

    await pool.query(
      `UPDATE ${PERSONAL_DATA_KEYS_TABLE} SET wrapped_key = set_byte(wrapped_key, 20, get_byte(wrapped_key, 20) # 1)
       WHERE tenant_id = $1 AND subject_id = $2`,
      [tenantId, customerId],
    );
    await expect(decryptEventData(service(env).cipher, policy, stored)).rejects.toBeInstanceOf(
      DataKeyIntegrityError,
    );
  });

  it('processes racing to create the first key of a subject end up with one key', async () => {
    const env = { CRM_MASTER_KEY: base64Key() };
    const subject = { tenantId: `t-${randomUUID()}`, subjectId: randomUUID() };
    const keys = await Promise.all(
      [1, 2, 3, 4].map(() => service(env).keys.keyForEncryption(subject)),
    );
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });

  it('prepareKeys creates the missing keys of many subjects at once and keeps existing and erased ones', async () => {
    const env = { CRM_MASTER_KEY: base64Key() };
    const tenantId = `t-${randomUUID()}`;
    const [existing, erased, ...fresh] = [1, 2, 3, 4, 5].map(() => ({
      tenantId,
      subjectId: randomUUID(),
    }));
    const before = await service(env).keys.keyForEncryption(existing!);
    await service(env).keys.erase(erased!);

    const { keys } = service(env);
    await keys.prepareKeys([existing!, erased!, ...fresh]);

    expect(await keys.keyForEncryption(existing!)).toEqual(before);
    await expect(keys.keyForEncryption(erased!)).rejects.toThrow();
    // Another process (empty cache) reads the same keys from the table.
    for (const subject of fresh)
      expect(await service(env).keys.keyForEncryption(subject)).toEqual(
        await keys.keyForEncryption(subject),
      );
  });

  it('appendMany stores ciphertext and answers the clear events, equal to reading them back', async () => {
    const { cipher } = service({ CRM_MASTER_KEY: base64Key() });
    const store = new PersonalDataEventStore(events, cipher, policy);
    const tenantId = `t-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID()];
    const appends = ids.map((id) => ({
      streamId: `customers.Customer-${id}`,
      events: [
        {
          ...registration(tenantId, id),
          data: { ...(registration(tenantId, id).data as object), note: undefined },
        },
      ],
      options: { expectedVersion: 'no_stream' as const },
    }));

    const results = await store.appendMany(appends);

    for (const [i, result] of results.entries()) {
      const { streamId } = appends[i]!;
      const stored = (await events.readStream(streamId)).events[0]!;
      expect(JSON.stringify(stored.data)).not.toContain('815-12-1010');
      const readBack = (await store.readStream(streamId)).events;
      expect(result.events).toEqual(readBack);
      expect(result.events[0]!.data).not.toHaveProperty('note');
    }
  });
});
