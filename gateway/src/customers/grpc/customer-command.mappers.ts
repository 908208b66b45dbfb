// Mapping between the gateway and proto/customers.proto: command requests are derived from the
// GraphQL inputs by ProtoRequestBuilder (their fields mirror the proto messages); this file adds the
// few cross-field rules the proto cannot express, the import request and the response mappings.
import type * as P from '@crm/contracts/customers-grpc';
import { CUSTOMERS_PROTO_PATH, CUSTOMERS_SERVICE_NAME } from '@crm/contracts/customers-grpc';
import { type FieldError } from '../../graphql/gateway-errors';
import {
  ConsentDecisionReason,
  DuplicateMatch,
  ImportState,
  fromProtoEnum,
} from '../models/customer-enums';
import {
  type CommandResult,
  type ConsentDecision,
  type DuplicateCandidate,
  type ImportJob,
} from '../models/command-results.model';
import {
  type SetCustomFieldValuesInput,
  type UpdateProfileInput,
} from '../inputs/generated/customer-commands.inputs';
import { CUSTOMER_INPUTS } from '../inputs/customer-inputs.table';
import { type ImportCustomersInput } from '../inputs/import.inputs';
import { throwIfAny } from '../../graphql/input-validation.pipe';
import { ProtoRequestBuilder } from './graphql-to-proto';

/** A request as the gateway builds it: the RequestContext is added by the client. */
type Req<R> = Omit<R, 'ctx'>;

/** Requests from the inputs generated from the same proto, with the same table's renames. */
export const customersRequests = new ProtoRequestBuilder(
  CUSTOMERS_PROTO_PATH,
  CUSTOMERS_SERVICE_NAME,
  {
    renames: CUSTOMER_INPUTS.renames,
    optionalOneofs: ['UpdateProfileRequest.patch'],
    flags: ['CustomFieldValue.clear'],
  },
);

export function assertSomethingToChange(input: UpdateProfileInput): void {
  if (input.person || input.company || (input.bankCardNumber ?? null) !== null) return;
  throwIfAny([
    {
      field: 'input',
      code: 'REQUIRED',
      message: 'give person, company or bankCardNumber: there is nothing to change',
    },
  ]);
}

/** DUPLICATE for each item of `list` (at `input.<path>[i].<key>`) whose `key` an earlier one has. */
function assertDistinct<K extends string>(
  list: readonly Record<K, string>[],
  path: string,
  key: K,
  what: (value: string) => string,
): void {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  list.forEach((item, i) => {
    const value = item[key];
    if (seen.has(value))
      errors.push({ field: `input.${path}[${i}].${key}`, code: 'DUPLICATE', message: what(value) });
    seen.add(value);
  });
  throwIfAny(errors);
}

export function assertDistinctCustomFields(input: SetCustomFieldValuesInput): void {
  assertDistinct(input.values, 'values', 'name', (name) => `custom field ${name} is given twice`);
}

export function startImportRequest(input: ImportCustomersInput): Req<P.StartImportRequest> {
  assertDistinct(
    input.mapping,
    'mapping',
    'column',
    (column) => `column ${column} is mapped twice`,
  );
  const request = { ...input, csv: Buffer.from(input.csv, 'utf8') };
  return customersRequests.request('StartImport', request);
}

// ---------------------------------------------------------------------------------------------
// responses (the generated proto types of what proto-loader delivers)

export type CommandResultMessage = P.CommandResult__Output;
export type DuplicateCandidateMessage = P.DuplicateCandidate__Output;
export type CheckConsentMessage = P.CheckConsentResponse__Output;
export type ImportStatusMessage = P.ImportStatus__Output;

export function commandResultFromProto(
  message: CommandResultMessage | null | undefined,
  correlationId: string,
): CommandResult {
  return {
    customerId: message?.aggregateId ?? '',
    streamVersion: Number(message?.streamVersion ?? 0),
    replayed: message?.replayed ?? false,
    createdId: message?.createdId ? message.createdId : null,
    eventTypes: message?.eventTypes ?? [],
    correlationId: message?.correlationId || correlationId,
    erasedCustomerIds: message?.erasedCustomerIds ?? [],
    position: message?.globalPosition || '0',
  };
}

export function duplicateCandidateFromProto(
  message: DuplicateCandidateMessage,
): DuplicateCandidate {
  return {
    customerId: message.customerId ?? '',
    matchedOn: (message.matchedOn ?? [])
      .map((m) => fromProtoEnum('DUPLICATE_MATCH', m, DuplicateMatch))
      .filter((m): m is DuplicateMatch => m !== null),
    score: Number(message.score ?? 0),
  };
}

export function consentDecisionFromProto(message: CheckConsentMessage): ConsentDecision {
  return {
    allowed: message.allowed ?? false,
    reason:
      fromProtoEnum('CONSENT_DECISION_REASON', message.reason, ConsentDecisionReason) ??
      ConsentDecisionReason.NEVER_GRANTED,
    since: message.since || null,
    source: message.source || null,
    mergedIntoCustomerId: message.mergedIntoCustomerId || null,
  };
}

export function importJobFromProto(message: ImportStatusMessage): ImportJob {
  return {
    importId: message.importId ?? '',
    state: fromProtoEnum('IMPORT_STATE', message.state, ImportState) ?? ImportState.RUNNING,
    rowsRead: Number(message.rowsRead ?? 0),
    rowsCreated: Number(message.rowsCreated ?? 0),
    rowsLinked: Number(message.rowsLinked ?? 0),
    rowsSkipped: Number(message.rowsSkipped ?? 0),
    rowsRejected: Number(message.rowsRejected ?? 0),
    rejected: (message.rejected ?? []).map((r) => ({
      rowNumber: Number(r.rowNumber ?? 0),
      externalId: r.externalId || null,
      reasons: (r.reasons ?? []).map((v) => ({
        field: v.field ?? '',
        code: v.code ?? '',
        message: v.message ?? '',
      })),
    })),
    nextRejectedPageToken: message.nextRejectedPageToken || null,
    startedAt: message.startedAt || null,
    finishedAt: message.finishedAt || null,
    error: message.error?.code
      ? { code: message.error.code, message: message.error.message ?? '' }
      : null,
    fileName: message.fileName || null,
  };
}
