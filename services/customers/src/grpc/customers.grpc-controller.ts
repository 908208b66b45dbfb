// gRPC controller of crm.customers.v1.CustomersService: maps requests to commands, runs them through
// the application (load → decide → append) and maps results and errors back. Every call is logged
// once with its correlation id, which also travels into the event envelopes. Who calls comes only
// from the service call token the ServiceCallerGuard verified (docs/security.md).
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { principalOfCaller, type ServiceTokenVerifier } from '@crm/access-policy';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { bindRemoteParent } from '@crm/observability';
import { requestMetaOf, serveRpc, toCommandResult } from '@crm/grpc-service';
import { GrpcMethod, GrpcStreamCall } from '@nestjs/microservices';
import { Violations, defined } from '@crm/customers-domain';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import {
  CustomersApplication,
  type DuplicateCandidate,
  type RequestMeta,
} from '../application/customers.application';
import { CustomerImportService, type ImportStatusView } from '../import/customer-import.service';
import { assertMayCall } from '../application/caller-access';
import { CUSTOMERS_LOGGER, CUSTOMERS_RUNTIME, CUSTOMERS_TOKEN_VERIFIER } from '../customers.tokens';
import { mapError } from './grpc-errors';
import { ServiceCallerGuard, bindCaller, verifyCallMetadata } from './service-caller.guard';
import type * as P from '@crm/contracts/customers-grpc';
import { toProtoEnum } from './proto-enums';
import {
  COMMAND_PARSERS,
  parseDeclareCustomField,
  parseRegisterCustomer,
  parseSetCustomFieldValues,
  type ParseContext,
  type Parsed,
  type Parser,
} from './customer-command.parsers';
import { enums, optional, requiredEnum, requiredId } from './request-mapping';

const SERVICE = 'CustomersService';

@Controller()
@UseGuards(ServiceCallerGuard)
export class CustomersGrpcController {
  constructor(
    @Inject(CustomersApplication) private readonly app: CustomersApplication,
    @Inject(CustomerImportService) private readonly imports: CustomerImportService,
    @Inject(CUSTOMERS_LOGGER) private readonly logger: Logger,
    @Inject(CUSTOMERS_RUNTIME) private readonly runtime: RuntimeDependencies,
    @Inject(CUSTOMERS_TOKEN_VERIFIER) private readonly verifier: ServiceTokenVerifier,
  ) {}

  /**
   * Runs one RPC: the verified caller and its roles for `rpc`, context validation, logging with the
   * correlation id, error mapping.
   */
  private call<T>(
    rpc: string,
    req: { ctx?: P.RequestContext__Output | null },
    action: (meta: RequestMeta) => Promise<T>,
  ): Promise<T> {
    return serveRpc(
      {
        service: SERVICE,
        logger: this.logger,
        requestMeta: (caller) => {
          assertMayCall(caller, rpc);
          const actorUserId = principalOfCaller(caller).userId;
          return { ...requestMetaOf(caller, req.ctx, () => this.runtime.newId()), actorUserId };
        },
        mapError,
        okFields: (meta) => ({ actor: meta.actorUserId }),
      },
      rpc,
      req,
      action,
    );
  }

  /** A customer command RPC: parse the request once, then load → decide → append. */
  command<R extends { ctx: P.RequestContext__Output | null }>(
    rpc: string,
    req: R,
    parse: (req: R, ctx: ParseContext) => Parsed,
  ): Promise<P.CommandResult> {
    return this.call(rpc, req, async (meta) => {
      const { command, createdId } = parse(req, this.parseContext(meta));
      return toCommandResult(await this.app.execute(meta, command, defined({ createdId })));
    });
  }

  private parseContext(meta: RequestMeta): ParseContext {
    return {
      newId: (purpose) => this.app.newId(meta, purpose),
      now: () => this.app.now(),
      actorUserId: meta.actorUserId,
    };
  }

  @GrpcMethod(SERVICE, 'RegisterCustomer')
  registerCustomer(req: P.RegisterCustomerRequest__Output): Promise<P.RegisterCustomerResponse> {
    return this.call('RegisterCustomer', req, async (meta) => {
      const { command } = parseRegisterCustomer(req, this.parseContext(meta));
      // A new customer: decided without a read, its identity rows written in the statement that
      // looks up its duplicates (ADR 0355).
      const { outcome, duplicates } = await this.app.register(meta, command);
      return {
        result: toCommandResult(outcome),
        possibleDuplicates: duplicates.map(candidateMessage),
      };
    });
  }

  @GrpcMethod(SERVICE, 'DeclareCustomField')
  declareCustomField(req: P.DeclareCustomFieldRequest__Output) {
    return this.call('DeclareCustomField', req, async (meta) => {
      const { command } = parseDeclareCustomField(req, this.parseContext(meta));
      return toCommandResult(await this.app.declareCustomField(meta, command));
    });
  }

  @GrpcMethod(SERVICE, 'SetCustomFieldValues')
  setCustomFieldValues(req: P.SetCustomFieldValuesRequest__Output) {
    return this.call('SetCustomFieldValues', req, async (meta) => {
      const { command } = parseSetCustomFieldValues(req, this.parseContext(meta));
      const definitions = await this.app.customFieldDefinitions(meta.tenantId);
      return toCommandResult(
        await this.app.execute(meta, { ...command, data: { ...command.data, definitions } }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'CheckConsent')
  checkConsent(req: P.CheckConsentRequest__Output) {
    return this.call('CheckConsent', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const channel = requiredEnum(v, 'channel', req.channel, enums.consentChannel);
      v.throwIfAny();
      const decision = await this.app.checkConsent(meta, customerId, channel);
      return {
        allowed: decision.allowed,
        reason: toProtoEnum('CONSENT_DECISION_REASON', decision.reason),
        since: decision.since ?? '',
        source: decision.source ?? '',
        mergedIntoCustomerId: decision.mergedIntoCustomerId ?? '',
      };
    });
  }

  @GrpcMethod(SERVICE, 'FindDuplicateCandidates')
  findDuplicateCandidates(req: P.FindDuplicateCandidatesRequest__Output) {
    return this.call('FindDuplicateCandidates', req, async (meta) => {
      const limit = Math.min(Math.max(req.limit || 20, 1), 100);
      let candidates: DuplicateCandidate[];
      if (req.subject === 'customerId') {
        candidates = await this.app.duplicatesOf(
          meta,
          requiredId('customerId', req.customerId),
          limit,
        );
      } else if (req.subject === 'probe' && req.probe) {
        candidates = await this.app.duplicatesFor(meta, req.probe, limit);
      } else {
        const v = new Violations();
        v.add('customerId', 'REQUIRED', 'a customer id or a probe is required');
        v.throwIfAny();
        candidates = [];
      }
      return { candidates: candidates.map(candidateMessage) };
    });
  }

  @GrpcMethod(SERVICE, 'MergeCustomers')
  mergeCustomers(req: P.MergeCustomersRequest__Output) {
    return this.call('MergeCustomers', req, async (meta) =>
      toCommandResult(
        await this.app.merge(
          meta,
          requiredId('survivorCustomerId', req.survivorCustomerId),
          requiredId('mergedCustomerId', req.mergedCustomerId),
          optional(req.reason),
        ),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'StartImport')
  startImport(req: P.StartImportRequest__Output) {
    return this.call('StartImport', req, async (meta) =>
      importStatusMessage(await this.imports.startFromBytes(meta, req)),
    );
  }

  /** Client-streaming upload: the raw call gives back-pressure from the CSV parser to the client. */
  @GrpcStreamCall(SERVICE, 'StreamImport')
  streamImport(
    call: ServerReadableStream<P.ImportChunk__Output, unknown>,
    callback: sendUnaryData<unknown>,
  ): void {
    const first = new Promise<P.StartImportRequest__Output>((resolve, reject) => {
      call.once('data', (chunk: P.ImportChunk__Output) => {
        call.pause();
        if (chunk.part === 'start' && chunk.start) resolve(chunk.start);
        else reject(new Error('the first message must carry `start`'));
      });
      call.once('error', reject);
      call.once('end', () => reject(new Error('the stream ended before `start`')));
    });
    first
      .catch(() => {
        const v = new Violations();
        v.add('start', 'REQUIRED', 'the first message must carry `start`');
        return v.throwIfAny() as never;
      })
      .then((start) => {
        bindRemoteParent(start, call.metadata);
        return this.call(
          'StreamImport',
          bindCaller(start, verifyCallMetadata(this.verifier, call.metadata)),
          async (meta) =>
            importStatusMessage(await this.imports.stageFromStream(meta, start, call)),
        );
      })
      .then(
        (status) => callback(null, status),
        (error: unknown) => {
          const exception =
            error instanceof Error && 'getError' in error
              ? (error as { getError(): unknown }).getError()
              : error;
          callback(exception as never, null);
        },
      );
  }

  @GrpcMethod(SERVICE, 'GetImportStatus')
  getImportStatus(req: P.GetImportStatusRequest__Output) {
    return this.call('GetImportStatus', req, async (meta) =>
      importStatusMessage(
        await this.imports.status(
          meta,
          requiredId('importId', req.importId),
          req.rejectedPageSize,
          req.rejectedPageToken,
        ),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'ExportPersonalData')
  exportPersonalData(req: P.ExportPersonalDataRequest__Output) {
    return this.call('ExportPersonalData', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const document = await this.app.exportPersonalData(meta, customerId);
      return {
        customerId,
        documentJson: JSON.stringify(document),
        exportedAt: String(document['exportedAt']),
      };
    });
  }

  @GrpcMethod(SERVICE, 'ErasePersonalData')
  erasePersonalData(req: P.ErasePersonalDataRequest__Output) {
    return this.call('ErasePersonalData', req, async (meta) => {
      const erased = await this.app.erase(
        meta,
        requiredId('customerId', req.customerId),
        optional(req.reason),
      );
      return { ...toCommandResult(erased), erasedCustomerIds: [...erased.erasedCustomerIds] };
    });
  }
}

// Each COMMAND_PARSERS entry becomes a method named after the RPC (`updateProfile`), bound with
// @GrpcMethod like the ones above; proto-loader delivers the request its parser is declared for.
const parsers = Object.entries(COMMAND_PARSERS) as [string, Parser<never>][];
for (const [rpc, parse] of parsers) {
  const name = rpc.charAt(0).toLowerCase() + rpc.slice(1);
  const handler = {
    [name](this: CustomersGrpcController, req: never) {
      return this.command(rpc, req, parse);
    },
  };
  const descriptor = Object.getOwnPropertyDescriptor(handler, name)!;
  Object.defineProperty(CustomersGrpcController.prototype, name, descriptor);
  GrpcMethod(SERVICE, rpc)(CustomersGrpcController.prototype, name, descriptor);
}

function candidateMessage(candidate: DuplicateCandidate): P.DuplicateCandidate {
  return {
    customerId: candidate.customerId,
    matchedOn: candidate.kinds.map((k) => toProtoEnum<P.DuplicateMatch>('DUPLICATE_MATCH', k)),
    score: candidate.score,
  };
}

function importStatusMessage(view: ImportStatusView) {
  // proto-loader encodes the ImportStatus fields only: the run's bookkeeping fields stay out.
  return {
    ...view,
    state: toProtoEnum('IMPORT_STATE', view.state),
    finishedAt: view.finishedAt ?? '',
    error: view.error ?? null,
  };
}
