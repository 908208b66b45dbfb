// Import runs and their reports in PostgreSQL (schema `customers`): progress counters, state, the
// rejected rows with reasons, the staged upload and the checkpoint a restarted service resumes from
// (docs/adr/0075). Operational data of the import process, not domain history: the customers an
// import creates are events like any other.
import type { FieldViolation } from '@crm/customers-domain';
import type { Pool, PoolClient } from 'pg';

/** `uploading`: the file is being staged; `running`: staged, rows being applied (resumable). */
export type ImportState = 'uploading' | 'running' | 'completed' | 'failed';

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
  readonly importerUserId: string;
  /** Every row up to this one is applied and counted. */
  readonly checkpointRow: number;
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

/** A staged run to resume: what it was started with and where it got to. */
export interface ResumableRun<Request> {
  readonly tenantId: string;
  readonly run: ImportRun;
  readonly request: Request;
}

interface ImportRowRecord {
  tenant_id: string;
  import_id: string;
  importer_user_id: string;
  checkpoint_row: number;
  request: unknown;
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

  /** Starts (or restarts) a run: counters, report and staged file of a previous run are reset. */
  async start(
    tenantId: string,
    importId: string,
    fileName: string,
    startedAt: Date,
    importerUserId: string,
    request: unknown,
  ): Promise<void> {
    await this.transaction(async (client) => {
      for (const table of ['import_rejections', 'import_staging'])
        await client.query(
          `DELETE FROM customers.${table} WHERE tenant_id = $1 AND import_id = $2`,
          [tenantId, importId],
        );
      await client.query(
        `INSERT INTO customers.imports (tenant_id, import_id, state, file_name, started_at, importer_user_id, request)
         VALUES ($1, $2, 'uploading', $3, $4, $5, $6)
         ON CONFLICT (tenant_id, import_id) DO UPDATE SET state = 'uploading', file_name = EXCLUDED.file_name,
           rows_read = 0, rows_created = 0, rows_linked = 0, rows_skipped = 0, rows_rejected = 0,
           error = NULL, started_at = EXCLUDED.started_at, finished_at = NULL, checkpoint_row = 0,
           importer_user_id = EXCLUDED.importer_user_id, request = EXCLUDED.request`,
        [tenantId, importId, fileName, startedAt, importerUserId, JSON.stringify(request)],
      );
    });
  }

  async stageChunk(
    tenantId: string,
    importId: string,
    chunkNo: number,
    bytes: Buffer,
  ): Promise<void> {
    await this.pool.query(
      `INSERT INTO customers.import_staging (tenant_id, import_id, chunk_no, bytes) VALUES ($1, $2, $3, $4)`,
      [tenantId, importId, chunkNo, bytes],
    );
  }

  /** The staged file, one chunk per query, so memory holds a single chunk at a time. */
  async *stagedChunks(tenantId: string, importId: string): AsyncGenerator<Buffer> {
    for (let chunkNo = 0; ; chunkNo++) {
      const result = await this.pool.query<{ bytes: Buffer }>(
        `SELECT bytes FROM customers.import_staging WHERE tenant_id = $1 AND import_id = $2 AND chunk_no = $3`,
        [tenantId, importId, chunkNo],
      );
      const row = result.rows[0];
      if (!row) return;
      yield row.bytes;
    }
  }

  /** The whole file is staged: from now on the run survives a restart. */
  async markStaged(tenantId: string, importId: string): Promise<void> {
    await this.pool.query(
      `UPDATE customers.imports SET state = 'running' WHERE tenant_id = $1 AND import_id = $2 AND state = 'uploading'`,
      [tenantId, importId],
    );
  }

  /** Runs to resume after a restart; uploads cut off by the restart are failed (the file is incomplete). */
  async resumable<Request>(interrupted: ImportErrorDetail): Promise<ResumableRun<Request>[]> {
    await this.pool.query(
      `WITH failed AS (
         UPDATE customers.imports SET state = 'failed', error = $1, finished_at = now()
          WHERE state = 'uploading' RETURNING tenant_id, import_id)
       DELETE FROM customers.import_staging s USING failed f
        WHERE s.tenant_id = f.tenant_id AND s.import_id = f.import_id`,
      [JSON.stringify(interrupted)],
    );
    const result = await this.pool.query<ImportRowRecord>(
      `SELECT ${COLUMNS} FROM customers.imports WHERE state = 'running' AND request IS NOT NULL ORDER BY started_at`,
    );
    return result.rows.map((row) => ({
      tenantId: row.tenant_id,
      run: toRun(row),
      request: row.request as Request,
    }));
  }

  async progress(
    tenantId: string,
    importId: string,
    counters: ImportCounters,
    checkpointRow: number,
  ): Promise<void> {
    await this.pool.query(
      `UPDATE customers.imports SET rows_read = $3, rows_created = $4, rows_linked = $5, rows_skipped = $6, rows_rejected = $7,
         checkpoint_row = $8
       WHERE tenant_id = $1 AND import_id = $2`,
      [
        tenantId,
        importId,
        counters.rowsRead,
        counters.rowsCreated,
        counters.rowsLinked,
        counters.rowsSkipped,
        counters.rowsRejected,
        checkpointRow,
      ],
    );
  }

  /** Ends the run (completed, or failed with `error`) and drops its staged file. */
  async finish(
    tenantId: string,
    importId: string,
    counters: ImportCounters,
    finishedAt: Date,
    error?: ImportErrorDetail,
  ): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `UPDATE customers.imports SET state = $3, finished_at = $4, error = $5, rows_read = $6, rows_created = $7,
           rows_linked = $8, rows_skipped = $9, rows_rejected = $10, checkpoint_row = $6
         WHERE tenant_id = $1 AND import_id = $2`,
        [
          tenantId,
          importId,
          error ? 'failed' : 'completed',
          finishedAt,
          error ? JSON.stringify(error) : null,
          counters.rowsRead,
          counters.rowsCreated,
          counters.rowsLinked,
          counters.rowsSkipped,
          counters.rowsRejected,
        ],
      );
      await client.query(
        `DELETE FROM customers.import_staging WHERE tenant_id = $1 AND import_id = $2`,
        [tenantId, importId],
      );
    });
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
      `SELECT ${COLUMNS} FROM customers.imports WHERE tenant_id = $1 AND import_id = $2`,
      [tenantId, importId],
    );
    const row = result.rows[0];
    return row ? toRun(row) : undefined;
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

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

const COLUMNS = `tenant_id, import_id, state, file_name, rows_read, rows_created, rows_linked, rows_skipped,
  rows_rejected, error, started_at, finished_at, importer_user_id, checkpoint_row, request`;

function toRun(row: ImportRowRecord): ImportRun {
  return {
    importId: row.import_id,
    importerUserId: row.importer_user_id,
    checkpointRow: row.checkpoint_row,
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
