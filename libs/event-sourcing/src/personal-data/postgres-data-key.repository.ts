// PostgreSQL adapter of the DataKeyRepository port (table from personal-data.migration.ts).
// Every operation is a single statement on the subject's primary-key row, so concurrent writers,
// erasures and rotations serialise on that row without explicit transactions.
import type { Pool } from 'pg';
import type {
  DataKeyRepository,
  ErasureRecord,
  StoredDataKey,
  WrappedDataKeyRecord,
} from './data-key.repository';
import type { DataSubject } from './data-subject';
import { PERSONAL_DATA_KEYS_TABLE as T } from './personal-data.migration';

interface KeyRow {
  tenant_id: string;
  subject_id: string;
  kid: string | null;
  wrapped_key: Buffer | null;
  master_key_id: string | null;
  created_at: Date | null;
  erased_at: Date | null;
}

const COLUMNS = 'tenant_id, subject_id, kid, wrapped_key, master_key_id, created_at, erased_at';

function toStored(row: KeyRow): StoredDataKey {
  if (row.erased_at) {
    return {
      status: 'erased',
      erasure: {
        tenantId: row.tenant_id,
        subjectId: row.subject_id,
        kid: row.kid ?? undefined,
        erasedAt: row.erased_at,
      },
    };
  }
  // The table's CHECK constraint guarantees these are present on an active row.
  return { status: 'active', record: toRecord(row) };
}

function toRecord(row: KeyRow): WrappedDataKeyRecord {
  return {
    tenantId: row.tenant_id,
    subjectId: row.subject_id,
    kid: row.kid as string,
    wrappedKey: row.wrapped_key as Buffer,
    masterKeyId: row.master_key_id as string,
    createdAt: row.created_at as Date,
  };
}

export class PostgresDataKeyRepository implements DataKeyRepository {
  constructor(private readonly pool: Pool) {}

  async find(subject: DataSubject): Promise<StoredDataKey | undefined> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${T} WHERE tenant_id = $1 AND subject_id = $2`,
      [subject.tenantId, subject.subjectId],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async insertIfAbsent(record: WrappedDataKeyRecord): Promise<StoredDataKey> {
    // One statement whether the subject is new or not (ADR 0355): the insert's RETURNING gives a
    // new row, the second branch a row that existed when the statement started (same snapshot).
    const stored = await this.pool.query<KeyRow>(
      `WITH inserted AS (
         INSERT INTO ${T} (tenant_id, subject_id, kid, wrapped_key, master_key_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, subject_id) DO NOTHING
         RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM inserted
       UNION ALL
       SELECT ${COLUMNS} FROM ${T} WHERE tenant_id = $1 AND subject_id = $2`,
      [
        record.tenantId,
        record.subjectId,
        record.kid,
        record.wrappedKey,
        record.masterKeyId,
        record.createdAt,
      ],
    );
    if (stored.rows[0]) return toStored(stored.rows[0]);
    // Lost a race to a writer that committed during this statement: its row is newer than the
    // statement's snapshot, a separate statement sees it.
    const existing = await this.find(record);
    if (!existing) throw new Error(`key row of ${record.subjectId} vanished during insert`);
    return existing;
  }

  async insertManyIfAbsent(records: readonly WrappedDataKeyRecord[]): Promise<StoredDataKey[]> {
    if (records.length === 0) return [];
    // Inserts the absent ones, then reads every row back: rows that already existed (another
    // writer's key, an erasure tombstone) are not in RETURNING of the insert.
    const { rows } = await this.pool.query<KeyRow>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::timestamptz[])
           AS i(tenant_id, subject_id, kid, wrapped_key, master_key_id, created_at)),
       inserted AS (
         INSERT INTO ${T} (tenant_id, subject_id, kid, wrapped_key, master_key_id, created_at)
         SELECT * FROM input ORDER BY tenant_id, subject_id
         ON CONFLICT (tenant_id, subject_id) DO NOTHING
         RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM inserted`,
      [
        records.map((r) => r.tenantId),
        records.map((r) => r.subjectId),
        records.map((r) => r.kid),
        records.map((r) => r.wrappedKey),
        records.map((r) => r.masterKeyId),
        records.map((r) => r.createdAt),
      ],
    );
    const stored = rows.map(toStored);
    if (rows.length === records.length) return stored;
    // Lost some races: a separate statement gets a fresh snapshot that sees the winners' rows.
    const got = new Set(rows.map((r) => `${r.tenant_id}\0${r.subject_id}`));
    const missing = records.filter((r) => !got.has(`${r.tenantId}\0${r.subjectId}`));
    const existing = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${T} WHERE (tenant_id, subject_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [missing.map((r) => r.tenantId), missing.map((r) => r.subjectId)],
    );
    return [...stored, ...existing.rows.map(toStored)];
  }

  async erase(subject: DataSubject, erasedAt: Date): Promise<ErasureRecord> {
    const { rows } = await this.pool.query<KeyRow>(
      `INSERT INTO ${T} AS k (tenant_id, subject_id, erased_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, subject_id) DO UPDATE
         SET wrapped_key = NULL, master_key_id = NULL,
             erased_at = COALESCE(k.erased_at, EXCLUDED.erased_at)
       RETURNING ${COLUMNS}`,
      [subject.tenantId, subject.subjectId, erasedAt],
    );
    const row = rows[0] as KeyRow;
    return {
      tenantId: row.tenant_id,
      subjectId: row.subject_id,
      kid: row.kid ?? undefined,
      erasedAt: row.erased_at as Date,
    };
  }

  async listNotWrappedBy(
    masterKeyId: string,
    after: DataSubject | undefined,
    limit: number,
  ): Promise<WrappedDataKeyRecord[]> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT ${COLUMNS} FROM ${T}
       WHERE erased_at IS NULL AND master_key_id <> $1
         AND ($2::text IS NULL OR (tenant_id, subject_id) > ($2::text COLLATE "C", $3::text COLLATE "C"))
       ORDER BY tenant_id, subject_id
       LIMIT $4`,
      [masterKeyId, after?.tenantId ?? null, after?.subjectId ?? null, limit],
    );
    return rows.map(toRecord);
  }

  async replaceWrapping(
    subject: DataSubject,
    kid: string,
    expectedMasterKeyId: string,
    wrappedKey: Buffer,
    masterKeyId: string,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${T} SET wrapped_key = $5, master_key_id = $6
       WHERE tenant_id = $1 AND subject_id = $2 AND kid = $3 AND master_key_id = $4 AND erased_at IS NULL`,
      [subject.tenantId, subject.subjectId, kid, expectedMasterKeyId, wrappedKey, masterKeyId],
    );
    return result.rowCount === 1;
  }
}
