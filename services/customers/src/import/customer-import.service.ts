// Streaming CSV import: bytes → csv-parse (stream API) → one row at a time → dedupe → one command.
// Rows are never collected: `for await` over the parser pulls the next record only after the
// previous one is written, so memory stays flat for any file size and back-pressure reaches the
// client (StreamImport). Each row is idempotent (derived customer id + idempotency key from the
// import id and row number), so re-running an import skips what an earlier run already wrote.
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import {
  CustomerValidationError,
  Violations,
  type AcquisitionChannel,
  type CustomerIdentity,
  type FieldViolation,
  type IdentityKind,
} from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import { v5 as uuidv5 } from 'uuid';
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
  ImportRun,
  ImportRunRepository,
  RejectedRow,
} from './import-run.repository';

export interface ImportStatusView extends ImportRun {
  readonly rejected: readonly RejectedRow[];
  readonly nextRejectedPageToken: string;
}

const ROW_NAMESPACE = '0d8f6f7e-3c4b-4a55-8f0e-4a6f3b1e9c21';
const PROGRESS_EVERY_ROWS = 250;
const MAX_RECORD_BYTES = 64 * 1024;
const IDENTITY_FLUSH_EVENTS = 1000;

export class CustomerImportService {
  /** Imports running in this process, so a second StartImport of the same id does not run twice. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly app: CustomersApplication,
    private readonly identities: IdentityIndex,
    private readonly runs: ImportRunRepository,
    private readonly logger: Logger,
    private readonly maxImportBytes: number,
    private readonly concurrency = 8,
  ) {}

  /** StartImport: the CSV arrives as bytes; the import runs in the background. */
  async startFromBytes(meta: RequestMeta, request: StartImportRequest): Promise<ImportStatusView> {
    const csv = Buffer.from(request.csv ?? Buffer.alloc(0));
    if (csv.length > this.maxImportBytes) this.tooLarge();
    const { plan, key } = await this.prepare(meta, request);
    if (!this.running.has(key)) {
      await this.runs.start(
        meta.tenantId,
        plan.importId,
        optional(request.fileName) ?? '',
        new Date(this.app.now()),
      );
      const run = this.process(meta, plan, Readable.from([csv])).finally(() =>
        this.running.delete(key),
      );
      this.running.set(key, run);
    }
    return this.status(meta, plan.importId, 100, '');
  }

  /** StreamImport: rows are imported while the upload streams in; returns the final status. */
  async runFromStream(
    meta: RequestMeta,
    start: StartImportRequest,
    call: AsyncIterable<ImportChunkMessage> & { resume(): unknown },
  ): Promise<ImportStatusView> {
    const { plan, key } = await this.prepare(meta, start);
    const existing = this.running.get(key);
    if (existing) {
      await existing;
      return this.status(meta, plan.importId, 100, '');
    }
    await this.runs.start(
      meta.tenantId,
      plan.importId,
      optional(start.fileName) ?? '',
      new Date(this.app.now()),
    );
    const max = this.maxImportBytes;
    const tooLarge = (): never => this.tooLarge();
    async function* bytes(): AsyncGenerator<Buffer> {
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
    }
    const run = this.process(meta, plan, Readable.from(bytes())).finally(() =>
      this.running.delete(key),
    );
    this.running.set(key, run);
    await run;
    return this.status(meta, plan.importId, 100, '');
  }

  async status(
    meta: RequestMeta,
    importId: string,
    pageSize: number,
    pageToken: string,
  ): Promise<ImportStatusView> {
    const run = await this.runs.find(meta.tenantId, importId);
    if (!run) throw new ImportNotFoundError(importId);
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

  /** Resolves when every import of this process has finished (for shutdown and tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private tooLarge(): never {
    const v = new Violations();
    v.add('csv', 'TOO_LONG', `the file must be at most ${this.maxImportBytes} bytes`);
    return v.throwIfAny() as never;
  }

  private async prepare(
    meta: RequestMeta,
    request: StartImportRequest,
  ): Promise<{ plan: ImportPlan; key: string }> {
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
    const plan = buildImportPlan({
      importId,
      mapping: request.mapping ?? [],
      definitions,
      channel,
      duplicatePolicy: policy ?? 'link_existing',
      ...(optional(options?.defaultCountryCallingCode)
        ? { defaultCountryCallingCode: options!.defaultCountryCallingCode }
        : {}),
      ...(optional(options?.ownerUserId) ? { ownerUserId: options!.ownerUserId } : {}),
      ...(optional(options?.teamId) ? { teamId: options!.teamId } : {}),
      ...(delimiter ? { delimiter } : {}),
    });
    return { plan, key: `${meta.tenantId}\0${importId}` };
  }

  private async process(meta: RequestMeta, plan: ImportPlan, source: Readable): Promise<void> {
    const counters: ImportCounters = {
      rowsRead: 0,
      rowsCreated: 0,
      rowsLinked: 0,
      rowsSkipped: 0,
      rowsRejected: 0,
    };
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
    source.on('error', (error) => parser.destroy(error));
    const log = this.logger.child({
      importId: plan.importId,
      tenantId: meta.tenantId,
      correlationId: meta.correlationId,
    });
    log.info('import started');
    let lastFlush = Date.now();
    // Up to `concurrency` rows are written at once (each commit waits for the disk; parallel
    // commits share the flush). Rows sharing an identifier wait for each other, so a later row
    // still sees the customer an earlier row of the same file created.
    const inFlight = new Set<Promise<void>>();
    const busy = new Map<string, Promise<void>>();
    const pending = new PendingIdentities(this.identities);
    let failure: Error | undefined;
    try {
      for await (const record of source.pipe(parser) as AsyncIterable<CsvRecord>) {
        while (malformed.length > 0)
          await this.rejectMalformed(meta, plan, counters, malformed.shift()!);
        if (failure !== undefined) throw failure;
        const rowNumber = ++counters.rowsRead;
        const row = mapRecord(plan, record);
        const keys = row.identities.map((identity) => `${identity.kind}:${identity.value}`);
        const blockers = keys.flatMap((key) => busy.get(key) ?? []);
        if (blockers.length > 0) await Promise.all(blockers);
        const task: Promise<void> = this.importRow(meta, plan, row, rowNumber, counters, pending)
          .catch((error: unknown) => {
            failure ??= error instanceof Error ? error : new Error(String(error));
          })
          .finally(() => {
            inFlight.delete(task);
            for (const key of keys) if (busy.get(key) === task) busy.delete(key);
          });
        inFlight.add(task);
        for (const key of keys) busy.set(key, task);
        if (inFlight.size >= this.concurrency) await Promise.race(inFlight);
        if (pending.size >= IDENTITY_FLUSH_EVENTS) await pending.flush();
        if (counters.rowsRead % PROGRESS_EVERY_ROWS === 0 || Date.now() - lastFlush > 1000) {
          await this.runs.progress(meta.tenantId, plan.importId, counters);
          lastFlush = Date.now();
        }
      }
      await Promise.all(inFlight);
      await pending.flush();
      if (failure !== undefined) throw failure;
      while (malformed.length > 0)
        await this.rejectMalformed(meta, plan, counters, malformed.shift()!);
      await this.runs.finish(meta.tenantId, plan.importId, counters, new Date(this.app.now()));
      log.info({ ...counters }, 'import completed');
    } catch (error) {
      await Promise.all(inFlight);
      await pending.flush().catch(() => undefined); // the identity worker applies them otherwise
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

  private async rejectMalformed(
    meta: RequestMeta,
    plan: ImportPlan,
    counters: ImportCounters,
    error: CsvError,
  ): Promise<void> {
    counters.rowsRead++;
    counters.rowsRejected++;
    await this.runs.reject(meta.tenantId, plan.importId, {
      rowNumber: counters.rowsRead,
      externalId: '',
      reasons: [
        { field: 'csv', code: 'INVALID_FORMAT', message: `malformed CSV record: ${error.message}` },
      ],
    });
  }

  private async importRow(
    meta: RequestMeta,
    plan: ImportPlan,
    row: MappedRow,
    rowNumber: number,
    counters: ImportCounters,
    pending: PendingIdentities,
  ): Promise<void> {
    const reject = async (reasons: readonly FieldViolation[]): Promise<void> => {
      counters.rowsRejected++;
      await this.runs.reject(meta.tenantId, plan.importId, {
        rowNumber,
        externalId: row.externalId ?? '',
        reasons,
      });
    };
    if (row.violations.length > 0) return reject(row.violations);

    const customerId = uuidv5(`${meta.tenantId}\0${plan.importId}\0${rowNumber}`, ROW_NAMESPACE);
    const rowMeta: RequestMeta = {
      ...meta,
      idempotencyKey: `import:${plan.importId}:row:${rowNumber}`,
    };
    const matches = [
      ...pending.find(row.identities),
      ...(await this.identities.find(meta.tenantId, row.identities, { limit: 5 })),
    ];
    // Written by an earlier run of this import, or already imported from this channel: nothing to do.
    if (matches.some((m) => m.customerId === customerId || m.kinds.includes('external_id'))) {
      counters.rowsSkipped++;
      return;
    }
    try {
      const match = matches[0];
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
        if (row.externalId) {
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
          if (outcome.replayed && outcome.events.length > 0) counters.rowsSkipped++;
          else counters.rowsLinked++;
        } else counters.rowsLinked++;
        return;
      }
      const outcome = await this.app.execute(
        rowMeta,
        { type: 'ImportCustomer', data: { ...row.command, customerId, now: this.app.now() } },
        { deferIdentityIndex: true },
      );
      pending.add(outcome.events, customerId, row.identities);
      if (outcome.replayed) counters.rowsSkipped++;
      else counters.rowsCreated++;
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
}

/**
 * Identity index writes of recent rows, applied in one transaction per batch instead of one per row
 * (each commit waits for the disk). Until flushed, dedupe consults them here; the map is bounded
 * by the flush size, so memory stays flat.
 */
class PendingIdentities {
  private events: EventEnvelope[] = [];
  private readonly byIdentity = new Map<string, string>();

  constructor(private readonly index: IdentityIndex) {}

  get size(): number {
    return this.events.length;
  }

  add(
    events: readonly EventEnvelope[],
    customerId: string,
    identities: readonly CustomerIdentity[],
  ): void {
    this.events.push(...events);
    for (const identity of identities)
      this.byIdentity.set(`${identity.kind}:${identity.value}`, customerId);
  }

  find(identities: readonly CustomerIdentity[]): IdentityMatch[] {
    const found = new Map<string, IdentityKind[]>();
    for (const identity of identities) {
      const customerId = this.byIdentity.get(`${identity.kind}:${identity.value}`);
      if (customerId) found.set(customerId, [...(found.get(customerId) ?? []), identity.kind]);
    }
    return [...found].map(([customerId, kinds]) => ({ customerId, kinds, score: kinds.length }));
  }

  async flush(): Promise<void> {
    if (this.events.length === 0) return;
    const batch = this.events;
    const entries = [...this.byIdentity];
    this.events = [];
    await this.index.apply(batch);
    for (const [key, customerId] of entries)
      if (this.byIdentity.get(key) === customerId) this.byIdentity.delete(key);
  }
}

class MissingColumnsError extends Error {
  constructor(readonly columns: readonly string[]) {
    super(`The CSV header lacks mapped columns: ${columns.join(', ')}`);
  }
}

function errorDetail(error: unknown, correlationId: string) {
  const mapped = mapError(error, correlationId);
  return mapped.detail;
}
