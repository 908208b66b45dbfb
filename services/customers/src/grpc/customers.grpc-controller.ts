// gRPC controller of crm.customers.v1.CustomersService: maps requests to commands, runs them through
// the application (load → decide → append) and maps results and errors back. Every call is logged
// once with its correlation id, which also travels into the event envelopes. Who calls comes only
// from the service call token the ServiceCallerGuard verified (docs/security.md).
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import type { ServiceTokenVerifier } from '@crm/access-policy';
import { Controller, Inject, UseGuards } from '@nestjs/common';
import { GrpcMethod, GrpcStreamCall } from '@nestjs/microservices';
import {
  Violations,
  type CustomFieldValidation,
  type RegisterCustomer,
  type SettableStatus,
} from '@crm/customers-domain';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import type { Logger } from 'pino';
import {
  CustomersApplication,
  type CommandOutcome,
  type DuplicateCandidate,
  type RequestMeta,
} from '../application/customers.application';
import { CustomerImportService, type ImportStatusView } from '../import/customer-import.service';
import { assertMayCall } from '../application/caller-access';
import { CUSTOMERS_LOGGER, CUSTOMERS_RUNTIME, CUSTOMERS_TOKEN_VERIFIER } from '../customers.tokens';
import { mapError, toRpcException } from './grpc-errors';
import {
  ServiceCallerGuard,
  bindCaller,
  callerOf,
  verifyCallMetadata,
} from './service-caller.guard';
import type * as P from './customers.proto-types';
import { toProtoEnum } from './proto-enums';
import {
  channelInput,
  contactInput,
  customFieldValueInputs,
  enums,
  optional,
  requestMeta,
  requiredId,
  tagInputs,
} from './request-mapping';

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
  private async call<T>(
    rpc: string,
    req: { ctx?: P.RequestContextMessage | null },
    action: (meta: RequestMeta) => Promise<T>,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    const ctx = req.ctx;
    let meta: RequestMeta | undefined;
    try {
      const caller = await callerOf(req);
      assertMayCall(caller, rpc);
      meta = requestMeta(caller, ctx, () => this.runtime.newId());
      const result = await action(meta);
      this.logger.info(
        {
          rpc,
          tenantId: meta.tenantId,
          correlationId: meta.correlationId,
          actor: meta.actorUserId,
          ms: elapsedMs(started),
        },
        'rpc ok',
      );
      return result;
    } catch (error) {
      const correlationId = meta?.correlationId ?? (ctx?.correlationId || 'none');
      const mapped = mapError(error, correlationId);
      const fields = {
        rpc,
        tenantId: meta?.tenantId,
        correlationId,
        code: mapped.detail.code,
        ms: elapsedMs(started),
      };
      if (mapped.internal) this.logger.error({ ...fields, err: error }, 'rpc failed');
      else this.logger.info(fields, 'rpc rejected');
      throw toRpcException(mapped);
    }
  }

  private result(outcome: CommandOutcome): P.CommandResultMessage {
    return {
      aggregateId: outcome.aggregateId,
      streamVersion: outcome.streamVersion,
      replayed: outcome.replayed,
      createdId: outcome.createdId ?? '',
      eventTypes: [...outcome.eventTypes],
      correlationId: outcome.correlationId,
    };
  }

  @GrpcMethod(SERVICE, 'RegisterCustomer')
  registerCustomer(req: P.RegisterCustomerRequest) {
    return this.call('RegisterCustomer', req, async (meta) => {
      const customerId = optional(req.customerId) ?? this.app.newId(meta, 'customer');
      const v = new Violations();
      let details: RegisterCustomer['data']['details'];
      if (req.details === 'company' && req.company) {
        const size = enums.companySize(v, 'company.size', req.company.size);
        details = {
          kind: 'company',
          legalName: req.company.legalName,
          industry: req.company.industry,
          registrationNumber: req.company.registrationNumber,
          ...(size ? { size } : {}),
        };
      } else if (req.details === 'person' && req.person) {
        details = {
          kind: 'person',
          firstName: req.person.firstName,
          lastName: req.person.lastName,
          nationalId: req.person.nationalId,
        };
      } else {
        v.add('person', 'REQUIRED', 'a person or a company is required');
        details = { kind: 'person', firstName: '', lastName: '' };
      }
      const contacts = req.contacts.flatMap((c, i) => {
        const input = contactInput(
          v,
          `contacts[${i}]`,
          c,
          optional(c.contactId) ?? this.app.newId(meta, `contact:${i}`),
        );
        return input ? [input] : [];
      });
      const acquiredVia = channelInput(v, 'acquiredVia', req.acquiredVia);
      const status = enums.lifecycleStatus(v, 'initialStatus', req.initialStatus);
      if (status === 'inactive')
        v.add('initialStatus', 'NOT_ALLOWED', 'a new customer is a prospect or active');
      v.throwIfAny();
      const outcome = await this.app.execute(meta, {
        type: 'RegisterCustomer',
        data: {
          customerId,
          details,
          contacts,
          ...(acquiredVia ? { acquiredVia } : {}),
          ...(optional(req.ownerUserId) ? { ownerUserId: req.ownerUserId } : {}),
          ...(optional(req.teamId) ? { teamId: req.teamId } : {}),
          ...(status ? { initialStatus: status as 'prospect' | 'active' } : {}),
          ...(optional(req.defaultCountryCallingCode)
            ? { defaultCountryCallingCode: req.defaultCountryCallingCode }
            : {}),
        },
      });
      const duplicates = outcome.replayed
        ? []
        : await this.app.duplicatesAfter(meta, customerId, outcome.events);
      return { result: this.result(outcome), possibleDuplicates: duplicates.map(candidateMessage) };
    });
  }

  @GrpcMethod(SERVICE, 'UpdateProfile')
  updateProfile(req: P.UpdateProfileRequest) {
    return this.call('UpdateProfile', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const person = req.patch === 'person' && req.person ? req.person : undefined;
      const company = req.patch === 'company' && req.company ? req.company : undefined;
      const size =
        company?.size !== undefined
          ? (enums.companySize(v, 'company.size', company.size) ?? null)
          : undefined;
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type: 'UpdateProfile',
          data: {
            customerId,
            ...(person
              ? {
                  person: defined({
                    firstName: person.firstName,
                    lastName: person.lastName,
                    nationalId: person.nationalId,
                  }),
                }
              : {}),
            ...(company
              ? {
                  company: {
                    ...defined({
                      legalName: company.legalName,
                      industry: company.industry,
                      registrationNumber: company.registrationNumber,
                    }),
                    ...(size !== undefined ? { size } : {}),
                  },
                }
              : {}),
            ...(req.bankCardNumber !== undefined && req.bankCardNumber !== null
              ? { bankCardNumber: req.bankCardNumber }
              : {}),
          },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'ChangeLifecycleStatus')
  changeLifecycleStatus(req: P.ChangeLifecycleStatusRequest) {
    return this.call('ChangeLifecycleStatus', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const status = enums.lifecycleStatus(v, 'status', req.status);
      if (!status && v.isEmpty) v.add('status', 'REQUIRED', 'is required');
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type: 'ChangeLifecycleStatus',
          data: { customerId, status: status as SettableStatus, reason: req.reason },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'AssignOwner')
  assignOwner(req: P.AssignOwnerRequest) {
    return this.call('AssignOwner', req, async (meta) =>
      this.result(
        await this.app.execute(meta, {
          type: 'AssignOwner',
          data: {
            customerId: requiredId('customerId', req.customerId),
            ownerUserId: req.ownerUserId,
            teamId: req.teamId,
          },
        }),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'AddContact')
  addContact(req: P.AddContactRequest) {
    return this.call('AddContact', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const contactId =
        optional(req.contact?.contactId) ?? this.app.newId(meta, `contact:${customerId}`);
      const contact = contactInput(v, 'contact', req.contact, contactId);
      v.throwIfAny();
      const outcome = await this.app.execute(
        meta,
        {
          type: 'AddContact',
          data: {
            customerId,
            contact: contact!,
            defaultCountryCallingCode: req.defaultCountryCallingCode,
          },
        },
        { createdId: contactId },
      );
      return this.result(outcome);
    });
  }

  @GrpcMethod(SERVICE, 'SetPrimaryContact')
  setPrimaryContact(req: P.ContactRefRequest) {
    return this.call('SetPrimaryContact', req, async (meta) =>
      this.result(
        await this.app.execute(meta, {
          type: 'SetPrimaryContact',
          data: {
            customerId: requiredId('customerId', req.customerId),
            contactId: requiredId('contactId', req.contactId),
          },
        }),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'RemoveContact')
  removeContact(req: P.ContactRefRequest) {
    return this.call('RemoveContact', req, async (meta) =>
      this.result(
        await this.app.execute(meta, {
          type: 'RemoveContact',
          data: {
            customerId: requiredId('customerId', req.customerId),
            contactId: requiredId('contactId', req.contactId),
          },
        }),
      ),
    );
  }

  @GrpcMethod(SERVICE, 'RecordChannel')
  recordChannel(req: P.RecordChannelRequest) {
    return this.call('RecordChannel', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const channel = channelInput(v, 'channel', req.channel);
      if (!channel && v.isEmpty) v.add('channel', 'REQUIRED', 'is required');
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type: 'RecordChannel',
          data: { customerId, channel: channel! },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'SetDemographics')
  setDemographics(req: P.SetDemographicsRequest) {
    return this.call('SetDemographics', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const gender = enums.gender(v, 'gender', req.gender);
      const incomeBand = enums.incomeBand(v, 'incomeBand', req.incomeBand);
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type: 'SetDemographics',
          data: {
            customerId,
            ...defined({
              birthday: optional(req.birthday),
              occupation: optional(req.occupation),
              region: optional(req.region),
            }),
            ...(gender ? { gender } : {}),
            ...(incomeBand ? { incomeBand } : {}),
            now: this.app.now(),
          },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'TagCustomer')
  tagCustomer(req: P.TagsRequest) {
    return this.call('TagCustomer', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const tags = tagInputs(v, req.tags);
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, { type: 'TagCustomer', data: { customerId, tags } }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'UntagCustomer')
  untagCustomer(req: P.TagsRequest) {
    return this.call('UntagCustomer', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const tags = tagInputs(v, req.tags);
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, { type: 'UntagCustomer', data: { customerId, tags } }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'DeclareCustomField')
  declareCustomField(req: P.DeclareCustomFieldRequest) {
    return this.call('DeclareCustomField', req, async (meta) => {
      const v = new Violations();
      const fieldType = enums.customFieldType(v, 'type', req.type);
      if (!fieldType && v.isEmpty) v.add('type', 'REQUIRED', 'is required');
      v.throwIfAny();
      const val = req.validation;
      const validation: Partial<CustomFieldValidation> = val
        ? {
            required: val.required,
            ...(val.maxLength ? { maxLength: val.maxLength } : {}),
            ...(val.pattern ? { pattern: val.pattern } : {}),
            ...(val.min !== undefined && val.min !== null ? { min: val.min } : {}),
            ...(val.max !== undefined && val.max !== null ? { max: val.max } : {}),
            ...(val.integer ? { integer: true } : {}),
            ...(val.allowedValues.length > 0 ? { allowedValues: val.allowedValues } : {}),
            ...(val.minDate ? { minDate: val.minDate } : {}),
            ...(val.maxDate ? { maxDate: val.maxDate } : {}),
          }
        : {};
      return this.result(
        await this.app.declareCustomField(meta, {
          type: 'DeclareCustomField',
          data: { name: req.name, label: req.label, fieldType: fieldType!, validation },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'SetCustomFieldValues')
  setCustomFieldValues(req: P.SetCustomFieldValuesRequest) {
    return this.call('SetCustomFieldValues', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const values = customFieldValueInputs(v, req.values);
      v.throwIfAny();
      const definitions = await this.app.customFieldDefinitions(meta.tenantId);
      return this.result(
        await this.app.execute(meta, {
          type: 'SetCustomFieldValues',
          data: { customerId, values, definitions },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'RecordInteraction')
  recordInteraction(req: P.RecordInteractionRequest) {
    return this.call('RecordInteraction', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const kind = enums.interactionKind(v, 'kind', req.kind);
      if (!kind && v.isEmpty) v.add('kind', 'REQUIRED', 'is required');
      const direction = enums.interactionDirection(v, 'direction', req.direction);
      v.throwIfAny();
      const interactionId =
        optional(req.interactionId) ?? this.app.newId(meta, `interaction:${customerId}`);
      const outcome = await this.app.execute(
        meta,
        {
          type: 'RecordInteraction',
          data: {
            customerId,
            interactionId,
            kind: kind!,
            ...(direction ? { direction } : {}),
            ...defined({
              occurredAt: optional(req.occurredAt),
              subject: optional(req.subject),
              notes: optional(req.notes),
              outcome: optional(req.outcome),
            }),
            performedBy: optional(req.performedByUserId) ?? meta.actorUserId,
            now: this.app.now(),
          },
        },
        { createdId: interactionId },
      );
      return this.result(outcome);
    });
  }

  @GrpcMethod(SERVICE, 'RecordPurchase')
  recordPurchase(req: P.RecordPurchaseRequest) {
    return this.call('RecordPurchase', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const channel = enums.acquisitionChannel(v, 'channel', req.channel);
      if (!channel && v.isEmpty) v.add('channel', 'REQUIRED', 'is required');
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type: 'RecordPurchase',
          data: {
            customerId,
            orderId: req.orderId,
            items: req.items.map((item) => ({
              ...defined({
                sku: optional(item.sku),
                name: optional(item.name),
                unitPrice: optional(item.unitPrice),
              }),
              category: item.category,
              quantity: item.quantity,
            })),
            amount: req.amount,
            currency: req.currency,
            channel: channel!,
            ...defined({ purchasedAt: optional(req.purchasedAt) }),
            now: this.app.now(),
          },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'GrantConsent')
  grantConsent(req: P.ConsentRequest) {
    return this.consent('GrantConsent', req, req.grantedAt);
  }

  @GrpcMethod(SERVICE, 'WithdrawConsent')
  withdrawConsent(req: P.ConsentRequest) {
    return this.consent('WithdrawConsent', req, req.withdrawnAt);
  }

  private consent(
    type: 'GrantConsent' | 'WithdrawConsent',
    req: P.ConsentRequest,
    at: string | undefined,
  ) {
    return this.call(type, req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const channel = enums.consentChannel(v, 'channel', req.channel);
      if (!channel && v.isEmpty) v.add('channel', 'REQUIRED', 'is required');
      v.throwIfAny();
      return this.result(
        await this.app.execute(meta, {
          type,
          data: {
            customerId,
            channel: channel!,
            source: req.source,
            ...defined({ at: optional(at) }),
            now: this.app.now(),
          },
        }),
      );
    });
  }

  @GrpcMethod(SERVICE, 'CheckConsent')
  checkConsent(req: P.CheckConsentRequest) {
    return this.call('CheckConsent', req, async (meta) => {
      const customerId = requiredId('customerId', req.customerId);
      const v = new Violations();
      const channel = enums.consentChannel(v, 'channel', req.channel);
      if (!channel && v.isEmpty) v.add('channel', 'REQUIRED', 'is required');
      v.throwIfAny();
      const decision = await this.app.checkConsent(meta, customerId, channel!);
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
  findDuplicateCandidates(req: P.FindDuplicateCandidatesRequest) {
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
        candidates = await this.app.duplicatesFor(
          meta,
          {
            emails: req.probe.emails,
            phones: req.probe.phones,
            nationalId: req.probe.nationalId,
            defaultCountryCallingCode: req.probe.defaultCountryCallingCode,
          },
          limit,
        );
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
  mergeCustomers(req: P.MergeCustomersRequest) {
    return this.call('MergeCustomers', req, async (meta) =>
      this.result(
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
  startImport(req: P.StartImportRequest) {
    return this.call('StartImport', req, async (meta) =>
      importStatusMessage(await this.imports.startFromBytes(meta, req)),
    );
  }

  /** Client-streaming upload: the raw call gives back-pressure from the CSV parser to the client. */
  @GrpcStreamCall(SERVICE, 'StreamImport')
  streamImport(
    call: ServerReadableStream<P.ImportChunkMessage, unknown>,
    callback: sendUnaryData<unknown>,
  ): void {
    const first = new Promise<P.StartImportRequest>((resolve, reject) => {
      call.once('data', (chunk: P.ImportChunkMessage) => {
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
      .then((start) =>
        this.call(
          'StreamImport',
          bindCaller(start, verifyCallMetadata(this.verifier, call.metadata)),
          async (meta) => importStatusMessage(await this.imports.runFromStream(meta, start, call)),
        ),
      )
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
  getImportStatus(req: P.GetImportStatusRequest) {
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
  exportPersonalData(req: P.CustomerRefRequest) {
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
  erasePersonalData(req: P.CustomerRefRequest) {
    return this.call('ErasePersonalData', req, async (meta) => {
      const erased = await this.app.erase(
        meta,
        requiredId('customerId', req.customerId),
        optional(req.reason),
      );
      return { ...this.result(erased), erasedCustomerIds: [...erased.erasedCustomerIds] };
    });
  }
}

function candidateMessage(candidate: DuplicateCandidate) {
  return {
    customerId: candidate.customerId,
    matchedOn: candidate.kinds.map((k) => toProtoEnum('DUPLICATE_MATCH', k)),
    score: candidate.score,
  };
}

function importStatusMessage(view: ImportStatusView) {
  return {
    importId: view.importId,
    state: toProtoEnum('IMPORT_STATE', view.state),
    rowsRead: view.rowsRead,
    rowsCreated: view.rowsCreated,
    rowsLinked: view.rowsLinked,
    rowsSkipped: view.rowsSkipped,
    rowsRejected: view.rowsRejected,
    rejected: view.rejected.map((r) => ({
      rowNumber: r.rowNumber,
      externalId: r.externalId,
      reasons: r.reasons,
    })),
    nextRejectedPageToken: view.nextRejectedPageToken,
    startedAt: view.startedAt,
    finishedAt: view.finishedAt ?? '',
    error: view.error ?? null,
    fileName: view.fileName,
  };
}

/** Drops keys whose value is undefined (optional command fields are absent, not undefined). */
function defined<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as never;
}

function elapsedMs(started: bigint): number {
  return Number((process.hrtime.bigint() - started) / 1_000_000n);
}
