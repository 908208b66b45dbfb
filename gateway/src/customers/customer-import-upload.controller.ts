// POST /imports/customers: the upload alternative to the importCustomers mutation, for CSV files
// larger than a GraphQL request should carry. multipart/form-data with
//   file      the CSV (header line first), at most CRM_GATEWAY_MAX_UPLOAD_BYTES
//   mapping   JSON array of { column, target }      (as in ImportCustomersInput)
//   options   JSON object (optional)                 (as in ImportOptionsInput)
//   importId  UUID (optional)
// and `Authorization: Bearer <token>`; `Idempotency-Key` header optional. The file is streamed to
// the customers service (StreamImport); the answer is the ImportJob as JSON (202). Errors have the
// GraphQL error shape.
import { type IncomingMessage } from 'node:http';
import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
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
import {
  BadUserInputError,
  type FieldError,
  UnauthenticatedError,
} from '../graphql/gateway-errors';
import { type GatewayContext } from '../graphql/gateway-context';
import { flattenValidationErrors } from '../graphql/input-validation.pipe';
import { RequestLoaders } from '../graphql/request-loaders';
import { correlationIdOf } from '../logging/correlation-id';
import { USER_STORE, type UserStore } from '../users/user-store';
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

interface UploadedCsv {
  readonly buffer: Buffer;
  readonly originalname: string;
  readonly size: number;
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

@Controller('imports')
export class CustomerImportUploadController {
  constructor(
    @Inject(CustomerCommands) private readonly commands: CustomerCommands,
    @Inject(USER_STORE) private readonly userStore: UserStore,
  ) {}

  @Post('customers')
  @HttpCode(202)
  @AllowRoles(Role.ADMIN, Role.SALES_MANAGER, Role.MARKETER)
  @UseInterceptors(FileInterceptor('file'))
  async upload(
    @UploadedFile() file: UploadedCsv | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: IncomingMessage & { principal?: Principal },
  ): Promise<ImportJob> {
    const principal = req.principal;
    if (!principal) throw new UnauthenticatedError();
    const fields = body ?? {};
    const errors: FieldError[] = [];
    if (!file || file.size === 0)
      errors.push({
        field: 'form.file',
        code: 'REQUIRED',
        message: 'file must be a non-empty CSV file',
      });
    const header = req.headers['idempotency-key'];
    const plain = {
      mapping: parseJsonField(fields, 'mapping', errors),
      options: parseJsonField(fields, 'options', errors),
      importId:
        typeof fields['importId'] === 'string' && fields['importId'] !== ''
          ? fields['importId']
          : undefined,
      idempotencyKey: typeof header === 'string' && header !== '' ? header : undefined,
    };
    if (plain.mapping === undefined && !errors.some((e) => e.field === 'form.mapping')) {
      errors.push({
        field: 'form.mapping',
        code: 'REQUIRED',
        message: 'mapping is required: a JSON array of { column, target }',
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
    if (errors.length > 0 || !file) {
      throw new BadUserInputError(
        `Invalid upload: ${errors.length === 1 ? (errors[0] as FieldError).message : `${errors.length} fields are invalid`}.`,
        errors,
      );
    }
    const ctx: GatewayContext = {
      correlationId: correlationIdOf(req),
      principal,
      authError: null,
      loaders: new RequestLoaders(this.userStore, principal),
      clientIp: req.socket.remoteAddress ?? 'unknown',
    };
    assertImportOwnership(principal, await ctx.loaders.teamMemberIds(), form.options, form.mapping);
    const { csv: _empty, ...start } = startImportRequest({
      csv: '',
      mapping: form.mapping,
      options: form.options ?? null,
      importId: form.importId ?? null,
      fileName: file.originalname.slice(0, LIMITS.shortText),
    });
    const status = await this.commands.streamImport<ImportStatusMessage>(
      ctx,
      start,
      file.buffer,
      form.idempotencyKey ?? null,
    );
    return importJobFromProto(status);
  }
}
