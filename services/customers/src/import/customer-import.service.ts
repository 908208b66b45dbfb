// Background CSV import. The upload is staged in PostgreSQL as it arrives (bounded memory: one
// chunk at a time), then the rows are applied in the background from the staged file: bytes →
// csv-parse (stream API) → one row at a time → dedupe within the importer's record scope → one
// command. Each row is idempotent (customer id and idempotency key derived from the import id and
// row number), and the run checkpoints the row up to which everything is applied and counted, so a
// restarted service resumes a run where it stopped and every row takes effect exactly once
// (docs/adr/0075).
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import {
  CustomerValidationError,
  Violations,
  type AcquisitionChannel,
  type FieldViolation,
} from '@crm/customers-domain';
import type { Logger } from 'pino';
import type { CustomersApplication, RequestMeta } from '../application/customers.application';
import type { IdentityIndex, IdentityMatch } from '../infrastructure/identity-index';
import { ImportNotFoundError, mapError } from '../grpc/grpc-errors';
import type {
  ImportChunk__Output as ImportChunkMessage,
  StartImportRequest__Output as StartImportRequest,
} from '@crm/contracts/customers-grpc';
import { enums, optional } from '../grpc/request-mapping';
import { fromProtoEnum } from '../grpc/proto-enums';
import {
  buildImportPlan,
  mapRecord,
  type CsvRecord,
  type ImportPlan,
  type MappedRow,
} from './import-mapping';
import type {
  ImportCounters,
  ImportErrorDetail,
  ImportRun,
  ImportRunRepository,
  RejectedRow,
} from './import-run.repository';
import { rowCustomerIds } from './row-ids';
import { importScopeOf, mayReadImport, scopeIncludes, type ImportScope } from './import-scope';
import {
  PendingIdentities,
  ReservedIdentities,
  type IdentityIndexPosition,
  RowCheckpoint,
  WritePipeline,
  identityKeys,
  type BatchRow,
  type RowOutcome,
} from './import-row-tracking';

export interface ImportStatusView extends ImportRun {
  readonly rejected: readonly RejectedRow[];
  readonly nextRejectedPageToken: string;
}

/** What a run needs to (re)start: stored with the run so a restarted service can resume it. */
interface StoredImportRequest {
  readonly meta: RequestMeta;
  readonly start: Omit<StartImportRequest, 'csv' | 'ctx'>;
  readonly scope: ImportScope;
}

interface ImportJob {
  readonly meta: RequestMeta;
  readonly plan: ImportPlan;
  readonly scope: ImportScope;
  readonly key: string;
  /** Row number → the customer id that row creates (deterministic: see row-ids.ts). */
  readonly customerIdOf: (rowNumber: number) => string;
}

/** Rows applied (and checkpointed) together; bounds memory and the size of one transaction. */
const BATCH_ROWS = 250;
/** Batches being written at once (ADR 0115): one commits while the next ones are prepared. */
const WRITE_PIPELINE_DEPTH = 3;
/** The checkpoint and counters are saved at most this often (and at the end). */
const PROGRESS_SAVE_MS = 500;
const MAX_RECORD_BYTES = 64 * 1024;
/**
 * Identities of written rows kept in memory until the identity index's worker has indexed them;
 * beyond this many the import waits for the worker (it follows the store within a moment).
 */
const PENDING_IDENTITIES = 5000;
/** Staged chunk size: the upload is coalesced into chunks of about this size (one insert each). */
const STAGING_CHUNK_BYTES = 1024 * 1024;
/**
 * The staged chunks reach the parser in slices of this size: csv-parse parses what it is given in
 * one go, and a whole chunk (~15,000 rows) would hold the event loop (and every other request of
 * the service) for that long and buffer all its records.
 */
const PARSE_SLICE_BYTES = 64 * 1024;
const OUT_OF_SCOPE_MESSAGE = 'matches an existing record you cannot access';

/**
 * The actor of the events an import causes. Today the importing user; when named system
 * identities exist (issue 9, item 2) this is the one line that switches.
 */
function rowActor(meta: RequestMeta, importId: string, rowNumber: number): RequestMeta {
  return { ...meta, idempotencyKey: `import:${importId}:row:${rowNumber}` };
}

export class CustomerImportService {
  /** Imports running in this process, so a second StartImport of the same id does not run twice. */
  private readonly running = new Map<string, Promise<void>>();
  /** Set on shutdown: runs stop at their next row and stay resumable. */
  private stopping = false;
  /** Aborted on shutdown: ends the waits for the identity index's worker (stopped first). */
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly app: CustomersApplication,
    private readonly identities: IdentityIndex,
    private readonly indexPosition: IdentityIndexPosition,
    private readonly runs: ImportRunRepository,
    private readonly logger: Logger,
    private readonly maxImportBytes: number,
    private readonly concurrency = 8,
  ) {}

  /** StartImport: the CSV arrives as bytes; it is staged and imported in the background. */
  async startFromBytes(meta: RequestMeta, request: StartImportRequest): Promise<ImportStatusView> {
    const csv = Buffer.from(request.csv ?? Buffer.alloc(0));
    if (csv.length > this.maxImportBytes) this.tooLarge();
    return this.stageAndLaunch(meta, request, async function* () {
      yield csv;
    });
  }

  /**
   * StreamImport: the upload is staged while it streams in (back-pressure: the next chunk is read
   * once the previous one is stored); answers once the whole file is staged, state RUNNING.
   */
  async stageFromStream(
    meta: RequestMeta,
    start: StartImportRequest,
    call: AsyncIterable<ImportChunkMessage> & { resume(): unknown },
  ): Promise<ImportStatusView> {
    const max = this.maxImportBytes;
    const tooLarge = (): never => this.tooLarge();
    return this.stageAndLaunch(meta, start, async function* () {
      let total = 0;
      if (start.csv?.length) {
        total += start.csv.length;
        yield Buffer.from(start.csv);
      }
      call.resume();
      for await (const chunk of call) {
        if (chunk.part !== 'csvChunk' || !chunk.csvChunk?.length) continue;
        total += chunk.csvChunk.length;
        if (total > max) tooLarge();
        yield Buffer.from(chunk.csvChunk);
      }
    });
  }

  /** Resumes the runs a previous process left unfinished (called once at boot). */
  async resumeUnfinished(): Promise<number> {
    const runs = await this.runs.resumable<StoredImportRequest>({
      code: 'IMPORT_INTERRUPTED',
      message: 'The upload was interrupted by a service restart; upload the file again.',
      violations: [],
      correlationId: '',
    });
    for (const { run, request } of runs) {
      let job: ImportJob;
      try {
        job = await this.prepare(request.meta, request.start, request.scope);
      } catch (error) {
        // E.g. a custom field of the mapping was redeclared meanwhile: this run ends, boot goes on.
        await this.runs.finish(
          request.meta.tenantId,
          run.importId,
          run,
          new Date(this.app.now()),
          errorDetail(error, request.meta.correlationId),
        );
        continue;
      }
      this.logger.info(
        { importId: run.importId, tenantId: request.meta.tenantId, after: run.checkpointRow },
        'resuming import',
      );
      this.launch(job, run);
    }
    return runs.length;
  }

  async status(
    meta: RequestMeta,
    importId: string,
    pageSize: number,
    pageToken: string,
  ): Promise<ImportStatusView> {
    const run = await this.runs.find(meta.tenantId, importId);
    // Someone else's import answers exactly like a missing one.
    if (!run || !mayReadImport(meta.caller, run.importerUserId))
      throw new ImportNotFoundError(importId);
    const size = Math.min(Math.max(pageSize || 100, 1), 1000);
    const after = /^\d+$/.test(pageToken) ? Number(pageToken) : 0;
    const rejected = await this.runs.rejected(meta.tenantId, importId, after, size + 1);
    const page = rejected.slice(0, size);
    const last = page[page.length - 1];
    return {
      ...run,
      rejected: page,
      nextRejectedPageToken: rejected.length > size && last ? String(last.rowNumber) : '',
    };
  }

  /**
   * Stops the runs of this process at their next row, with their checkpoint saved (shutdown); they
   * resume at the next boot. Resolves when they have stopped.
   */
  async drain(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  /** Resolves when every run of this process has ended (tests). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async stageAndLaunch(
    meta: RequestMeta,
    request: StartImportRequest,
    bytes: () => AsyncGenerator<Buffer>,
  ): Promise<ImportStatusView> {
    const { csv: _csv, ctx: _ctx, ...start } = request;
    const scope = importScopeOf(meta.caller);
    const job = await this.prepare(meta, start, scope);
    if (this.running.has(job.key)) return this.status(meta, job.plan.importId, 100, '');
    const { tenantId } = meta;
    const { importId } = job.plan;
    const stored: StoredImportRequest = {
      meta: { ...meta, idempotencyKey: undefined },
      start,
      scope,
    };
    await this.runs.start(
      tenantId,
      importId,
      optional(start.fileName) ?? '',
      new Date(this.app.now()),
      meta.actorUserId,
      stored,
    );
    try {
      let chunkNo = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const stage = async (): Promise<void> => {
        if (pendingBytes === 0) return;
        await this.runs.stageChunk(tenantId, importId, chunkNo++, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      for await (const chunk of bytes()) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= STAGING_CHUNK_BYTES) await stage();
      }
      await stage();
      await this.runs.markStaged(tenantId, importId);
    } catch (error) {
      await this.runs
        .finish(
          tenantId,
          importId,
          ZERO,
          new Date(this.app.now()),
          errorDetail(error, meta.correlationId),
        )
        .catch(() => undefined);
      throw error;
    }
    this.launch(job);
    return this.status(meta, importId, 100, '');
  }

  private launch(job: ImportJob, resumeFrom?: ImportRun): void {
    const run = this.process(job, resumeFrom).finally(() => this.running.delete(job.key));
    this.running.set(job.key, run);
  }

  private tooLarge(): never {
    const v = new Violations();
    v.add('csv', 'TOO_LONG', `the file must be at most ${this.maxImportBytes} bytes`);
    return v.throwIfAny() as never;
  }

  private async prepare(
    meta: RequestMeta,
    request: Omit<StartImportRequest, 'csv' | 'ctx'>,
    scope: ImportScope,
  ): Promise<ImportJob> {
    const v = new Violations();
    const importId = optional(request.importId) ?? this.app.newId(meta, 'import');
    if (importId.length > 100 || /[\s/]/.test(importId))
      v.add('importId', 'INVALID_FORMAT', 'must be at most 100 characters without spaces or /');
    const options = request.options;
    const channel: AcquisitionChannel =
      enums.acquisitionChannel(v, 'options.channel', options?.channel ?? '') ?? 'import';
    const policy = fromProtoEnum(
      v,
      'options.duplicatePolicy',
      'DUPLICATE_POLICY',
      options?.duplicatePolicy,
      ['link_existing', 'reject'] as const,
    );
    const delimiter = options?.delimiter ?? '';
    if (delimiter.length > 1) v.add('options.delimiter', 'INVALID_FORMAT', 'must be one character');
    v.throwIfAny();
    const definitions = await this.app.customFieldDefinitions(meta.tenantId);
    const ownerUserId = optional(options?.ownerUserId);
    const teamId = optional(options?.teamId);
    // An owner-scoped importer keeps what they import in their scope: rows without an owner are theirs.
    const defaultOwner =
      scope.kind === 'owned' && !ownerUserId && !teamId ? meta.actorUserId : ownerUserId;
    const plan = buildImportPlan({
      importId,
      mapping: request.mapping ?? [],
      definitions,
      channel,
      duplicatePolicy: policy ?? 'link_existing',
      ...(optional(options?.defaultCountryCallingCode)
        ? { defaultCountryCallingCode: options!.defaultCountryCallingCode }
        : {}),
      ...(defaultOwner ? { ownerUserId: defaultOwner } : {}),
      ...(teamId ? { teamId } : {}),
      ...(delimiter ? { delimiter } : {}),
    });
    return {
      meta,
      plan,
      scope,
      key: `${meta.tenantId}\0${importId}`,
      customerIdOf: rowCustomerIds(meta.tenantId, importId),
    };
  }

  private async process(job: ImportJob, resumeFrom?: ImportRun): Promise<void> {
    const { meta, plan } = job;
    const counters: ImportCounters = {
      rowsRead: resumeFrom?.rowsRead ?? 0,
      rowsCreated: resumeFrom?.rowsCreated ?? 0,
      rowsLinked: resumeFrom?.rowsLinked ?? 0,
      rowsSkipped: resumeFrom?.rowsSkipped ?? 0,
      rowsRejected: resumeFrom?.rowsRejected ?? 0,
    };
    const checkpoint = new RowCheckpoint(counters, resumeFrom?.checkpointRow ?? 0);
    const resumedAfter = checkpoint.row;
    const malformed: CsvError[] = [];
    const mapped = [
      ...Object.values(plan.single),
      ...Object.values(plan.repeatable).flat(),
      ...Object.values(plan.custom),
    ];
    const parser = parse({
      delimiter: plan.delimiter ?? ',',
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) malformed.push(error);
        return undefined;
      },
      columns: (header: string[]) => {
        const missing = mapped.filter((column) => !header.includes(column));
        if (missing.length > 0) throw new MissingColumnsError(missing);
        return header;
      },
    });
    const source = Readable.from(
      inSlices(this.runs.stagedChunks(meta.tenantId, plan.importId), PARSE_SLICE_BYTES),
    );
    source.on('error', (error) => parser.destroy(error));
    const log = this.logger.child({
      importId: plan.importId,
      tenantId: meta.tenantId,
      correlationId: meta.correlationId,
    });
    log.info({ resumedAfter }, 'import started');
    let lastSave = Date.now();
    let rowNumber = 0;
    const saveProgress = async (): Promise<void> => {
      const { row, counters: saved } = checkpoint.snapshot();
      lastSave = Date.now();
      await this.runs.progress(meta.tenantId, plan.importId, saved, row);
    };
    // Rows are applied in batches: one dedupe query for the batch, and the rows that create a new
    // customer matching nobody (the bulk of an import) appended together in one transaction, with
    // up to WRITE_PIPELINE_DEPTH batches being written at once (ADR 0115). The other rows
    // (duplicates, rows sharing an identifier with an earlier row of the file still being written,
    // or a batch that could not be written as a whole, e.g. after a resume) go through `importRow`
    // one by one once the writes before them have ended, up to `concurrency` at once; rows sharing
    // an identifier wait for each other, so a later row still sees the customer an earlier row of
    // the same file created.
    const inFlight = new Set<Promise<void>>();
    const busy = new Map<string, Promise<void>>();
    const pending = new PendingIdentities(this.indexPosition, PENDING_IDENTITIES);
    const reserved = new ReservedIdentities();
    const pipeline = new WritePipeline(WRITE_PIPELINE_DEPTH);
    let failure: Error | undefined;
    const fail = (error: unknown): void => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    };
    const rejectMalformed = async (error: CsvError): Promise<void> => {
      const n = ++rowNumber;
      if (n <= resumedAfter) return;
      await this.rejectRow(job, n, '', [
        { field: 'csv', code: 'INVALID_FORMAT', message: `malformed CSV record: ${error.message}` },
      ]);
      checkpoint.done(n, 'rejected');
    };
    const oneByOne = async (n: number, row: MappedRow): Promise<void> => {
      const keys = identityKeys(row.identities);
      const blockers = keys.flatMap((key) => busy.get(key) ?? []);
      if (blockers.length > 0) await Promise.all(blockers);
      const task: Promise<void> = this.importRow(job, row, n, resumeFrom !== undefined, pending)
        .then((outcome) => checkpoint.done(n, outcome))
        .catch(fail)
        .finally(() => {
          inFlight.delete(task);
          for (const key of keys) if (busy.get(key) === task) busy.delete(key);
        });
      inFlight.add(task);
      for (const key of keys) busy.set(key, task);
      if (inFlight.size >= this.concurrency) await Promise.race(inFlight);
    };
    const rowByRow = async (rows: readonly BatchRow[]): Promise<void> => {
      for (const { n, row } of rows) {
        if (failure !== undefined) break;
        await oneByOne(n, row);
      }
      await Promise.all(inFlight);
    };
    const applyBatch = async (batch: readonly BatchRow[]): Promise<void> => {
      const { fresh, slow } = await this.classify(job, batch, pending, reserved);
      if (fresh.length > 0) {
        const release = reserved.hold(fresh);
        pipeline.add(
          this.writeNewCustomers(job, fresh, pending, checkpoint)
            .then(rowByRow) // not written as a whole: row by row
            .catch(fail)
            .finally(release),
        );
      }
      if (slow.length > 0) {
        // A slow row may link to the customer of an earlier row still being written.
        await pipeline.drain();
        await rowByRow(slow);
      }
      await pipeline.room();
      // Let the service's other requests in between batches (the batch work above is CPU-bound).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (failure !== undefined) throw failure;
      // Between batches, never while a batch is classified (which reads the index, then `pending`).
      await pending.prune(this.stopSignal.signal);
      if (Date.now() - lastSave >= PROGRESS_SAVE_MS) await saveProgress();
    };
    let batch: BatchRow[] = [];
    try {
      for await (const record of source.pipe(parser) as AsyncIterable<CsvRecord>) {
        while (malformed.length > 0) await rejectMalformed(malformed.shift()!);
        if (this.stopping) break; // the rows of the unfinished batch are not checkpointed: redone
        const n = ++rowNumber;
        if (n <= resumedAfter) continue; // applied and counted before the restart
        batch.push({ n, row: mapRecord(plan, record, this.app.now()) });
        if (batch.length >= BATCH_ROWS) {
          await applyBatch(batch);
          batch = [];
        }
      }
      if (!this.stopping) await applyBatch(batch);
      await pipeline.drain();
      await Promise.all(inFlight);
      // Once COMPLETED, duplicate searches find every imported row (at shutdown the worker
      // indexes them when it starts again).
      await pending.settle(this.stopSignal.signal);
      if (failure !== undefined) throw failure;
      if (this.stopping) {
        parser.destroy();
        await saveProgress();
        log.info({ ...counters, checkpoint: checkpoint.row }, 'import paused for shutdown');
        return;
      }
      while (malformed.length > 0) await rejectMalformed(malformed.shift()!);
      await this.runs.finish(meta.tenantId, plan.importId, counters, new Date(this.app.now()));
      log.info({ ...counters }, 'import completed');
    } catch (error) {
      await pipeline.drain();
      await Promise.all(inFlight);
      const detail =
        error instanceof MissingColumnsError
          ? {
              code: 'VALIDATION_FAILED',
              message: error.message,
              violations: error.columns.map((column) => ({
                field: column,
                code: 'REQUIRED' as const,
                message: 'mapped column is not in the header',
              })),
              correlationId: meta.correlationId,
            }
          : errorDetail(error, meta.correlationId);
      log.error({ err: error, ...counters }, 'import failed');
      await this.runs
        .finish(meta.tenantId, plan.importId, counters, new Date(this.app.now()), detail)
        .catch((e: unknown) => log.error({ err: e }, 'could not record the import failure'));
    }
  }

  private async rejectRow(
    job: ImportJob,
    rowNumber: number,
    externalId: string,
    reasons: readonly FieldViolation[],
  ): Promise<RowOutcome> {
    await this.runs.reject(job.meta.tenantId, job.plan.importId, {
      rowNumber,
      externalId,
      reasons,
    });
    return 'rejected';
  }

  /**
   * Splits a batch: `fresh` rows have no violations and match nobody (in the index, in the rows
   * written but not yet indexed, in the batches still being written, or earlier in this batch),
   * so they become new customers in one bulk write; `slow` rows are applied one by one. Both in
   * file order.
   */
  private async classify(
    job: ImportJob,
    batch: readonly BatchRow[],
    pending: PendingIdentities,
    reserved: ReservedIdentities,
  ): Promise<{ fresh: BatchRow[]; slow: BatchRow[] }> {
    const valid = batch.filter(({ row }) => row.violations.length === 0);
    const indexed = await this.identities.findEach(
      job.meta.tenantId,
      valid.map(({ row }) => row.identities),
      1,
    );
    const seen = new Set<string>();
    const freshRows = new Set<number>();
    valid.forEach((item, i) => {
      const keys = identityKeys(item.row.identities);
      const matchesNobody =
        indexed[i]!.length === 0 &&
        pending.find(item.row.identities).length === 0 &&
        !reserved.holdsAny(keys) &&
        !keys.some((key) => seen.has(key));
      for (const key of keys) seen.add(key);
      if (matchesNobody) freshRows.add(item.n);
    });
    const fresh: BatchRow[] = [];
    const slow: BatchRow[] = [];
    for (const item of batch) (freshRows.has(item.n) ? fresh : slow).push(item);
    return { fresh, slow };
  }

  /**
   * Writes rows that match nobody as new customers in one bulk write, and finishes them. Returns
   * the rows that could not be written as a whole (nothing of them was written), to apply one by
   * one, or none.
   */
  private async writeNewCustomers(
    job: ImportJob,
    fresh: readonly BatchRow[],
    pending: PendingIdentities,
    checkpoint: RowCheckpoint,
  ): Promise<readonly BatchRow[]> {
    const { meta, plan } = job;
    const customerIds = fresh.map(({ n }) => job.customerIdOf(n));
    const now = this.app.now();
    const outcomes = await this.app.executeNew(
      fresh.map(({ n, row }, i) => ({
        meta: rowActor(meta, plan.importId, n),
        command: {
          type: 'ImportCustomer' as const,
          data: { ...row.command, customerId: customerIds[i]!, now },
        },
      })),
    );
    if (outcomes === undefined) return fresh;
    for (const [i, { n, row }] of fresh.entries()) {
      const outcome = outcomes[i]!;
      if (outcome.rejected) {
        const reasons = outcome.rejected.violations.map((violation) => ({
          ...violation,
          field: row.columnOf(violation.field),
        }));
        checkpoint.done(n, await this.rejectRow(job, n, row.externalId ?? '', reasons));
      } else {
        pending.add(outcome.events, customerIds[i]!, row.identities);
        checkpoint.done(n, 'created');
      }
    }
    return [];
  }

  /**
   * Applies one row. `resumed`: the run restarted after a crash, so a row whose effect is already
   * stored was applied by this run before the crash and counts as what it did then.
   */
  private async importRow(
    job: ImportJob,
    row: MappedRow,
    rowNumber: number,
    resumed: boolean,
    pending: PendingIdentities,
  ): Promise<RowOutcome> {
    const { meta, plan } = job;
    const reject = (reasons: readonly FieldViolation[]): Promise<RowOutcome> =>
      this.rejectRow(job, rowNumber, row.externalId ?? '', reasons);
    if (row.violations.length > 0) return reject(row.violations);

    const customerId = job.customerIdOf(rowNumber);
    const rowMeta = rowActor(meta, plan.importId, rowNumber);
    const matches = [
      ...pending.find(row.identities),
      ...(await this.identities.find(meta.tenantId, row.identities, { limit: 5 })),
    ];
    // This row's own customer: written by an earlier run of this import (or before the crash).
    if (matches.some((m) => m.customerId === customerId)) return resumed ? 'created' : 'skipped';
    const visible = await this.inScope(job, matches);
    if (matches.length > 0 && visible.length === 0)
      return reject([{ field: 'row', code: 'DUPLICATE', message: OUT_OF_SCOPE_MESSAGE }]);
    // Already imported from this channel: nothing to do.
    if (visible.some((m) => m.kinds.includes('external_id'))) return 'skipped';
    try {
      const match = visible[0];
      if (match) {
        if (plan.duplicatePolicy === 'reject') {
          return reject([
            {
              field: 'row',
              code: 'DUPLICATE',
              message: `matches existing customer ${match.customerId} by ${match.kinds.join(', ')}`,
            },
          ]);
        }
        if (!row.externalId) return 'linked';
        const outcome = await this.app.execute(
          rowMeta,
          {
            type: 'RecordChannel',
            data: {
              customerId: match.customerId,
              channel: {
                channel: plan.channel,
                externalId: row.externalId,
                detail: `import:${plan.importId}`,
              },
            },
          },
          { deferIdentityIndex: true },
        );
        pending.add(
          outcome.events,
          match.customerId,
          row.identities.filter((i) => i.kind === 'external_id'),
        );
        return outcome.replayed && outcome.events.length > 0 && !resumed ? 'skipped' : 'linked';
      }
      const outcome = await this.app.execute(
        rowMeta,
        { type: 'ImportCustomer', data: { ...row.command, customerId, now: this.app.now() } },
        { deferIdentityIndex: true },
      );
      pending.add(outcome.events, customerId, row.identities);
      return outcome.replayed && !resumed ? 'skipped' : 'created';
    } catch (error) {
      if (error instanceof CustomerValidationError) {
        return reject(
          error.violations.map((violation) => ({
            ...violation,
            field: row.columnOf(violation.field),
          })),
        );
      }
      throw error;
    }
  }

  /** The matches the importer may write onto; the others must not be named in the report. */
  private async inScope(
    job: ImportJob,
    matches: readonly IdentityMatch[],
  ): Promise<IdentityMatch[]> {
    const { scope } = job;
    if (scope.kind === 'tenant') return [...matches];
    const visible: IdentityMatch[] = [];
    for (const match of matches) {
      const { state } = await this.app.load(job.meta.tenantId, match.customerId);
      if (state.stage === 'registered' && scopeIncludes(scope, state)) visible.push(match);
    }
    return visible;
  }
}

const ZERO: ImportCounters = {
  rowsRead: 0,
  rowsCreated: 0,
  rowsLinked: 0,
  rowsSkipped: 0,
  rowsRejected: 0,
};

async function* inSlices(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  for await (const chunk of chunks)
    for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
}

class MissingColumnsError extends Error {
  constructor(readonly columns: readonly string[]) {
    super(`The CSV header lacks mapped columns: ${columns.join(', ')}`);
  }
}

function errorDetail(error: unknown, correlationId: string): ImportErrorDetail {
  // Its violations are the domain's (typed codes) or the platform's INVALID_FORMAT.
  return mapError(error, correlationId).detail as ImportErrorDetail;
}
