// POST /imports/customers: the upload alternative to the importCustomers mutation, for CSV files
// larger than a GraphQL request should carry. multipart/form-data with, in this order,
//   mapping   JSON array of { column, target }      (as in ImportCustomersInput)
//   options   JSON object (optional)                 (as in ImportOptionsInput)
//   importId  UUID (optional)
//   file      the CSV (header line first), at most CRM_GATEWAY_MAX_UPLOAD_BYTES; last
// and `Authorization: Bearer <token>`; `Idempotency-Key` header optional. The file is streamed as it
// arrives to the customers service (StreamImport), which stages it durably; nothing holds the whole
// file. The answer is 202 with the ImportJob as JSON (state RUNNING) and `Location:
// /imports/customers/<id>`, the status URL (GET, same answer as importStatus). Errors have the
// GraphQL error shape.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Readable } from 'node:stream';
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import busboy from 'busboy';
import { Type, plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  Matches,
  ValidateNested,
  validate,
} from 'class-validator';
import { AllowRoles } from '../authz/allow.decorator';
import { type Principal } from '../authz/principal';
import { Role } from '../authz/role';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import {
  BadUserInputError,
  ClientError,
  ErrorCode,
  type FieldError,
  UnauthenticatedError,
} from '../graphql/gateway-errors';
import { type GatewayContext } from '../graphql/gateway-context';
import { flattenValidationErrors } from '../graphql/input-validation.pipe';
import { ParseUuidPipe } from '../graphql/parse-uuid.pipe';
import { RequestLoaders } from '../graphql/request-loaders';
import { correlationIdOf } from '../logging/correlation-id';
import { USER_STORE, type UserStore } from '../users/user-store';
import { principalOf } from './customer-access';
import { CustomerCommands } from './customer-commands';
import {
  importJobFromProto,
  type ImportStatusMessage,
  startImportRequest,
} from './grpc/customer-command.mappers';
import { assertImportOwnership } from './import-rules';
import { ColumnMappingInput, ImportOptionsInput } from './inputs/import.inputs';
import { IDEMPOTENCY_KEY_RULE, IsUuidId, LIMITS } from './inputs/validation-rules';
import { type ImportJob } from './models/command-results.model';

class ImportUploadForm {
  @ArrayMinSize(1, { message: 'mapping must map at least one column' })
  @ArrayMaxSize(LIMITS.importMappings)
  @ValidateNested({ each: true })
  @Type(() => ColumnMappingInput)
  mapping!: ColumnMappingInput[];

  @IsOptional() @ValidateNested() @Type(() => ImportOptionsInput) options?: ImportOptionsInput;
  @IsOptional() @IsUuidId('importId') importId?: string;
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_RULE, {
    message: 'idempotencyKey must be 1-128 characters of letters, digits, ".", "_", ":" or "-"',
  })
  idempotencyKey?: string;
}

const MISSING_FILE: FieldError = {
  field: 'form.file',
  code: 'REQUIRED',
  message: 'file must be a non-empty CSV file',
};

function invalidUpload(errors: readonly FieldError[]): BadUserInputError {
  return new BadUserInputError(
    `Invalid upload: ${errors.length === 1 ? (errors[0] as FieldError).message : `${errors.length} fields are invalid`}.`,
    errors,
  );
}

function parseJsonField(
  body: Record<string, unknown>,
  name: string,
  errors: FieldError[],
): unknown {
  const raw = body[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') {
    errors.push({
      field: `form.${name}`,
      code: 'INVALID_FORMAT',
      message: `${name} must be given once, as JSON text`,
    });
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    errors.push({
      field: `form.${name}`,
      code: 'INVALID_FORMAT',
      message: `${name} must be valid JSON`,
    });
    return undefined;
  }
}

/** The file part as it streams; `truncated` once busboy cut it at the size limit. */
type FilePart = Readable & { truncated?: boolean };

@Controller('imports')
export class CustomerImportUploadController {
  constructor(
    @Inject(CustomerCommands) private readonly commands: CustomerCommands,
    @Inject(USER_STORE) private readonly userStore: UserStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('customers')
  @HttpCode(202)
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER)
  async upload(
    @Req() req: IncomingMessage & { principal?: Principal },
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<ImportJob> {
    const ctx = this.contextOf(req);
    const status = await this.receive(req, (fields, fileName, file) =>
      this.forward(ctx, req, fields, fileName, file),
    );
    const job = importJobFromProto(status);
    res.setHeader('Location', `/imports/customers/${job.importId}`);
    return job;
  }

  /** The status URL given in Location: the same answer as importStatus(id). */
  @Get('customers/:id')
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER, Role.AUDITOR)
  async status(
    @Param('id', ParseUuidPipe) id: string,
    @Req() req: IncomingMessage & { principal?: Principal },
  ): Promise<ImportJob> {
    const status = await this.commands.send(this.contextOf(req), 'GetImportStatus', {
      importId: id,
      rejectedPageSize: 100,
      rejectedPageToken: '',
    });
    return importJobFromProto(status);
  }

  private contextOf(req: IncomingMessage & { principal?: Principal }): GatewayContext {
    const principal = req.principal;
    if (!principal) throw new UnauthenticatedError();
    return {
      correlationId: correlationIdOf(req),
      principal,
      authError: null,
      loaders: new RequestLoaders(this.userStore, principal),
      clientIp: req.socket.remoteAddress ?? 'unknown',
    };
  }

  /**
   * Parses the multipart body as it arrives: text fields first, then the file, whose bytes go on to
   * `onFile` without being collected. Any later part, or a second file, is drained and ignored.
   */
  private receive(
    req: IncomingMessage,
    onFile: (
      fields: Record<string, unknown>,
      fileName: string,
      file: FilePart,
    ) => Promise<ImportStatusMessage>,
  ): Promise<ImportStatusMessage> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          limits: {
            files: 1,
            fields: 10,
            fieldSize: 1024 * 1024,
            fileSize: this.config.maxUploadBytes,
          },
        });
      } catch {
        reject(
          new BadUserInputError('Invalid upload: the body must be multipart/form-data.', [
            { field: 'form', code: 'INVALID_FORMAT', message: 'expected multipart/form-data' },
          ]),
        );
        req.resume();
        return;
      }
      const fields: Record<string, unknown> = {};
      let forwarded: Promise<ImportStatusMessage> | undefined;
      parser.on('field', (name, value) => {
        // A field given twice is not a string any more: parseJsonField reports it.
        fields[name] = name in fields ? [fields[name], value] : value;
      });
      parser.on('file', (name, file: FilePart, info) => {
        if (name !== 'file' || forwarded) {
          file.resume();
          return;
        }
        forwarded = onFile(fields, info.filename ?? '', file);
        // On failure the rest of the file is drained, so the answer follows the whole request.
        forwarded.catch(() => file.resume());
      });
      parser.on('error', (error) =>
        reject(error instanceof Error ? error : new Error(String(error))),
      );
      parser.on('close', () => {
        if (forwarded) forwarded.then(resolve, reject);
        else
          this.validate(fields, undefined, false).then(
            () => reject(new Error('unreachable')),
            reject,
          );
      });
      req.pipe(parser);
    });
  }

  private async forward(
    ctx: GatewayContext,
    req: IncomingMessage,
    fields: Record<string, unknown>,
    fileName: string,
    file: FilePart,
  ): Promise<ImportStatusMessage> {
    const header = req.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' && header !== '' ? header : undefined;
    const form = await this.validate(fields, idempotencyKey, true);
    const principal = principalOf(ctx);
    assertImportOwnership(principal, await ctx.loaders.teamMemberIds(), form.options, form.mapping);
    const { csv: _empty, ...start } = startImportRequest({
      csv: '',
      mapping: form.mapping,
      options: form.options ?? null,
      importId: form.importId ?? null,
      fileName: fileName.slice(0, LIMITS.shortText),
    });
    return this.commands.streamImport<ImportStatusMessage>(
      ctx,
      start,
      this.checkedBytes(file),
      form.idempotencyKey ?? null,
    );
  }

  /** The file's bytes as they arrive; an empty or oversized file fails the upload (nothing imported). */
  private async *checkedBytes(file: FilePart): AsyncGenerator<Buffer> {
    let total = 0;
    for await (const chunk of file) {
      total += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (file.truncated)
      throw new ClientError(
        `The file exceeds the upload limit of ${this.config.maxUploadBytes} bytes.`,
        ErrorCode.PAYLOAD_TOO_LARGE,
      );
    if (total === 0) throw invalidUpload([MISSING_FILE]);
  }

  /** The text fields, checked; with `hasFile` false the missing file is reported with them. */
  private async validate(
    fields: Record<string, unknown>,
    idempotencyKey: string | undefined,
    hasFile: boolean,
  ): Promise<ImportUploadForm> {
    const errors: FieldError[] = [];
    if (!hasFile) errors.push(MISSING_FILE);
    const plain = {
      mapping: parseJsonField(fields, 'mapping', errors),
      options: parseJsonField(fields, 'options', errors),
      importId:
        typeof fields['importId'] === 'string' && fields['importId'] !== ''
          ? fields['importId']
          : undefined,
      idempotencyKey,
    };
    if (plain.mapping === undefined && !errors.some((e) => e.field === 'form.mapping')) {
      errors.push({
        field: 'form.mapping',
        code: 'REQUIRED',
        message: 'mapping is required: a JSON array of { column, target }, sent before the file',
      });
    }
    const form = plainToInstance(ImportUploadForm, plain);
    const reported = new Set(errors.map((e) => e.field));
    const ruleErrors = flattenValidationErrors(
      await validate(form, {
        forbidUnknownValues: true,
        validationError: { target: false, value: false },
      }),
      'form',
    );
    errors.push(...ruleErrors.filter((e) => !reported.has(e.field)));
    if (errors.length > 0) throw invalidUpload(errors);
    return form;
  }
}
