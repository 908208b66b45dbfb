// The PostgreSQL erasure ledger on a real server: created on first use in its own database,
// append-only, read back in order; and the key store writes it before shredding.
import { randomBytes } from 'node:crypto';
import {
  createThrowawayPostgresDatabase,
  withDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import { Client, Pool } from 'pg';
import { DataKeyStore } from './data-key-store';
import { readWholeLedger } from './erasure-ledger';
import { masterKeyFromBytes, masterKeyRing } from './master-key';
import { migratePersonalDataSchema } from './personal-data.migration';
import { PostgresDataKeyRepository } from './postgres-data-key.repository';
import { ERASURE_LEDGER_TABLE, PostgresErasureLedger } from './postgres-erasure-ledger';

let keysDb: ThrowawayDatabase;
let ledgerUrl: string;
let ledgerName: string;

beforeAll(async () => {
  keysDb = await createThrowawayPostgresDatabase({ prefix: 'keys' });
  // The ledger's database does not exist yet: the ledger creates it on first use.
  ledgerName = `${keysDb.name.slice(0, 40)}_erasure_ledger`;
  ledgerUrl = withDatabase(keysDb.url, ledgerName);
});

afterAll(async () => {
  const admin = new Client({ connectionString: withDatabase(keysDb.url, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${ledgerName}" WITH (FORCE)`);
  await admin.end();
  await keysDb?.drop();
});

describe('PostgresErasureLedger', () => {
  it('records erasures made through the key store, in its own database created on first use', async () => {
    const pool = new Pool({ connectionString: keysDb.url, max: 2 });
    const ledger = new PostgresErasureLedger(ledgerUrl);
    try {
      await migratePersonalDataSchema(pool);
      const keys = new DataKeyStore({
        repository: new PostgresDataKeyRepository(pool),
        masterKeys: masterKeyRing(masterKeyFromBytes(randomBytes(32))),
        erasureLedger: ledger,
      });
      await keys.keyForEncryption({ tenantId: 't1', subjectId: 'alice' });
      await keys.erase({ tenantId: 't1', subjectId: 'alice' });
      await keys.erase({ tenantId: 't1', subjectId: 'bob' });

      const pages = [];
      for await (const page of readWholeLedger(ledger, 1)) pages.push(...page);
      expect(pages.map((e) => [e.sequence, e.subjectId])).toEqual([
        [1, 'alice'],
        [2, 'bob'],
      ]);
    } finally {
      await ledger.close();
      await pool.end();
    }
  });

  it('is append-only: updates, deletes and truncation are refused', async () => {
    const db = new Client({ connectionString: ledgerUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE ${ERASURE_LEDGER_TABLE} SET subject_id = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query(`DELETE FROM ${ERASURE_LEDGER_TABLE}`)).rejects.toThrow(/append-only/);
      await expect(db.query(`TRUNCATE ${ERASURE_LEDGER_TABLE}`)).rejects.toThrow(/append-only/);
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${ERASURE_LEDGER_TABLE}`,
      );
      expect(rows[0]?.n).toBe('2');
    } finally {
      await db.end();
    }
  });
});
