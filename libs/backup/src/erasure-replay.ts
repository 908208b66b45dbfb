// Re-applies the erasure ledger to a restored key table: every subject the ledger lists loses its
// key again (or gets a tombstone if the backup predates its key), so a person erased after the
// backup stays erased. Idempotent, batched; runs before anything serves the restored database.
import { PERSONAL_DATA_KEYS_TABLE, readWholeLedger, type ErasureLedger } from '@crm/event-sourcing';
import type { Client } from 'pg';
import { tableExists } from './backup';

export interface ErasureReplayReport {
  /** Ledger entries read. */
  readonly entries: number;
  /** Keys that were still present in the restored table and have been shredded now. */
  readonly reshredded: number;
}

export async function replayErasures(
  db: Client,
  ledger: ErasureLedger,
  onProgress?: (entries: number) => void,
): Promise<ErasureReplayReport> {
  const hasKeyTable = await tableExists(db, PERSONAL_DATA_KEYS_TABLE);
  let entries = 0;
  let reshredded = 0;
  for await (const page of readWholeLedger(ledger)) {
    entries += page.length;
    if (hasKeyTable) {
      const params = [
        page.map((e) => e.tenantId),
        page.map((e) => e.subjectId),
        page.map((e) => e.erasedAt),
      ];
      const active = await db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${PERSONAL_DATA_KEYS_TABLE} k
          JOIN unnest($1::text[], $2::text[]) AS e(tenant_id, subject_id)
            ON k.tenant_id = e.tenant_id AND k.subject_id = e.subject_id
         WHERE k.erased_at IS NULL`,
        params.slice(0, 2),
      );
      reshredded += Number(active.rows[0]?.n ?? 0);
      // Same effect as PostgresDataKeyRepository.erase, for a whole page in one statement.
      await db.query(
        `INSERT INTO ${PERSONAL_DATA_KEYS_TABLE} AS k (tenant_id, subject_id, erased_at)
         SELECT DISTINCT ON (tenant_id, subject_id) tenant_id, subject_id, erased_at
           FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS e(tenant_id, subject_id, erased_at)
          ORDER BY tenant_id, subject_id, erased_at
         ON CONFLICT (tenant_id, subject_id) DO UPDATE
           SET wrapped_key = NULL, master_key_id = NULL,
               erased_at = COALESCE(k.erased_at, EXCLUDED.erased_at)`,
        params,
      );
    }
    onProgress?.(entries);
  }
  return { entries, reshredded };
}
