// Import runs and their reports in PostgreSQL (schema `customers`): progress counters, state and
// the rejected rows with reasons. Operational data of the import process, not domain history: the
// customers an import creates are events like any other.
import type { FieldViolation } from '@crm/customers-domain';
import type { Pool } from 'pg';

export type ImportState = 'running' | 'completed' | 'failed';

export interface ImportCounters {
  rowsRead: number;
  rowsCreated: number;
  rowsLinked: number;
  rowsSkipped: number;
  rowsRejected: number;
}

export interface ImportErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly violations: readonly FieldViolation[];
  readonly correlationId: string;
}

export interface ImportRun extends ImportCounters {
  readonly importId: string;
  readonly state: ImportState;
  readonly fileName: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly error?: ImportErrorDetail;
}

export interface RejectedRow {
  readonly rowNumber: number;
  readonly externalId: string;
  readonly reasons: readonly FieldViolation[];
}

interface ImportRowRecord {
  import_id: string;
  state: ImportState;
  file_name: string;
  rows_read: number;
  rows_created: number;
  rows_linked: number;
  rows_skipped: number;
  rows_rejected: number;
  error: ImportErrorDetail | null;
  started_at: Date;
  finished_at: Date | null;
}

export class ImportRunRepository {
  constructor(private readonly pool: Pool) {}

  /** Starts (or restarts) a run: counters and the previous report are reset. */
  async start(
    tenantId: string,
    importId: string,
    fileName: string,
    startedAt: Date,
  ): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `DELETE FROM customers.import_rejections WHERE tenant_id = $1 AND import_id = $2`,
        [tenantId, importId],
      );
      await client.query(
        `INSERT INTO customers.imports (tenant_id, import_id, state, file_name, started_at)
         VALUES ($1, $2, 'running', $3, $4)
         ON CONFLICT (tenant_id, import_id) DO UPDATE SET state = 'running', file_name = EXCLUDED.file_name,
           rows_read = 0, rows_created = 0, rows_linked = 0, rows_skipped = 0, rows_rejected = 0,
           error = NULL, started_at = EXCLUDED.started_at, finished_at = NULL`,
        [tenantId, importId, fileName, startedAt],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async progress(tenantId: string, importId: string, counters: ImportCounters): Promise<void> {
    await this.pool.query(
      `UPDATE customers.imports SET rows_read = $3, rows_created = $4, rows_linked = $5, rows_skipped = $6, rows_rejected = $7
       WHERE tenant_id = $1 AND import_id = $2`,
      [
        tenantId,
        importId,
        counters.rowsRead,
        counters.rowsCreated,
        counters.rowsLinked,
        counters.rowsSkipped,
        counters.rowsRejected,
      ],
    );
  }

  async finish(
    tenantId: string,
    importId: string,
    counters: ImportCounters,
    finishedAt: Date,
    error?: ImportErrorDetail,
  ): Promise<void> {
    await this.progress(tenantId, importId, counters);
    await this.pool.query(
      `UPDATE customers.imports SET state = $3, finished_at = $4, error = $5 WHERE tenant_id = $1 AND import_id = $2`,
      [
        tenantId,
        importId,
        error ? 'failed' : 'completed',
        finishedAt,
        error ? JSON.stringify(error) : null,
      ],
    );
  }

  async reject(tenantId: string, importId: string, row: RejectedRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO customers.import_rejections (tenant_id, import_id, row_number, external_id, reasons) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, import_id, row_number) DO UPDATE SET external_id = EXCLUDED.external_id, reasons = EXCLUDED.reasons`,
      [tenantId, importId, row.rowNumber, row.externalId, JSON.stringify(row.reasons)],
    );
  }

  async find(tenantId: string, importId: string): Promise<ImportRun | undefined> {
    const result = await this.pool.query<ImportRowRecord>(
      `SELECT import_id, state, file_name, rows_read, rows_created, rows_linked, rows_skipped, rows_rejected, error, started_at, finished_at
         FROM customers.imports WHERE tenant_id = $1 AND import_id = $2`,
      [tenantId, importId],
    );
    const row = result.rows[0];
    if (!row) return undefined;
    return {
      importId: row.import_id,
      state: row.state,
      fileName: row.file_name,
      rowsRead: row.rows_read,
      rowsCreated: row.rows_created,
      rowsLinked: row.rows_linked,
      rowsSkipped: row.rows_skipped,
      rowsRejected: row.rows_rejected,
      startedAt: row.started_at.toISOString(),
      ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      ...(row.error ? { error: row.error } : {}),
    };
  }

  /** Rejected rows after `afterRow`, in row order. */
  async rejected(
    tenantId: string,
    importId: string,
    afterRow: number,
    limit: number,
  ): Promise<RejectedRow[]> {
    const result = await this.pool.query<{
      row_number: number;
      external_id: string;
      reasons: FieldViolation[];
    }>(
      `SELECT row_number, external_id, reasons FROM customers.import_rejections
        WHERE tenant_id = $1 AND import_id = $2 AND row_number > $3 ORDER BY row_number LIMIT $4`,
      [tenantId, importId, afterRow, limit],
    );
    return result.rows.map((r) => ({
      rowNumber: r.row_number,
      externalId: r.external_id,
      reasons: r.reasons,
    }));
  }
}
