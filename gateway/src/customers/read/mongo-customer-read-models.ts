// The read-model port backed by @crm/customers-read-models (MongoDB): maps its views onto the
// GraphQL models (lower-case domain vocabulary → upper-case GraphQL enums) and its input errors
// onto client errors. Tenant scoping, operator safety and cursors are the library's.
import {
  type Customer360View,
  type CustomerReadModelQueries,
  type CustomerSearchFilter as LibraryFilter,
  InvalidSearchInputError,
  type TimelineEntryView,
} from '@crm/customers-read-models';
import { ReadModelNotReadyError } from '@crm/read-models';
import { BadUserInputError, ClientError, ErrorCode } from '../../graphql/gateway-errors';
import { type TimelineEntry } from '../models/connections.model';
import {
  AcquisitionChannel,
  CompanySize,
  ConsentChannel,
  ContactKind,
  CustomerKind,
  CustomerStatus,
  CustomFieldType,
  Gender,
  IncomeBand,
  TagKind,
} from '../models/customer-enums';
import { type Customer } from '../models/customer.model';
import {
  type CustomerReadModels,
  type CustomerScope,
  type CustomerSearchFilter,
  InvalidCursorError,
  type Page,
  type PageRequest,
} from './customer-read-models.port';

/** `'buying_motive'` → `TagKind.BUYING_MOTIVE`; null for values the enum does not know. */
function upper<T extends string>(
  value: string | null | undefined,
  allowed: Record<string, T>,
): T | null {
  if (!value) return null;
  const name = value.toUpperCase();
  return (Object.values(allowed) as string[]).includes(name) ? (name as T) : null;
}

export function customerFromView(view: Customer360View): Customer {
  return {
    id: view.id,
    kind: upper(view.kind, CustomerKind) ?? CustomerKind.PERSON,
    status: upper(view.status, CustomerStatus) ?? CustomerStatus.ACTIVE,
    displayName: view.displayName,
    person: view.person
      ? {
          firstName: view.person.firstName ?? null,
          lastName: view.person.lastName ?? null,
          nationalIdLast4: view.nationalIdLast4,
        }
      : null,
    company: view.company
      ? {
          legalName: view.company.legalName ?? null,
          industry: view.company.industry ?? null,
          size: upper(view.company.size, CompanySize),
          registrationNumber: view.company.registrationNumber ?? null,
        }
      : null,
    contacts: view.contacts.map((c) => ({
      id: c.id,
      kind: upper(c.kind, ContactKind) ?? ContactKind.EMAIL,
      email: c.email ?? null,
      phone: c.phone ?? null,
      address: c.address
        ? {
            line1: c.address.line1,
            line2: c.address.line2 ?? null,
            postalCode: c.address.postalCode ?? '',
            city: c.address.city,
            region: c.address.region ?? null,
            countryCode: c.address.countryCode,
          }
        : null,
      label: c.label ?? null,
      primary: c.primary,
    })),
    channels: view.channels.flatMap((c) => {
      const channel = upper(c.channel, AcquisitionChannel);
      return channel
        ? [{ channel, externalId: c.externalId, detail: c.detail, recordedAt: c.recordedAt }]
        : [];
    }),
    demographics: view.demographics
      ? {
          birthday: view.demographics.birthday ?? null,
          gender: upper(view.demographics.gender, Gender),
          occupation: view.demographics.occupation ?? null,
          incomeBand: upper(view.demographics.incomeBand, IncomeBand),
          region: view.demographics.region ?? null,
        }
      : null,
    tags: view.tags.map((t) => ({ kind: upper(t.kind, TagKind) ?? TagKind.LABEL, value: t.value })),
    customFields: view.customFields.map((f) => ({
      name: f.name,
      type:
        typeof f.value === 'number'
          ? CustomFieldType.NUMBER
          : typeof f.value === 'boolean'
            ? CustomFieldType.BOOLEAN
            : null,
      stringValue: typeof f.value === 'string' ? f.value : null,
      numberValue: typeof f.value === 'number' ? f.value : null,
      booleanValue: typeof f.value === 'boolean' ? f.value : null,
    })),
    consents: view.consents.flatMap((c) => {
      const channel = upper(c.channel, ConsentChannel);
      return channel
        ? [{ channel, granted: c.granted, since: c.since || null, source: c.source || null }]
        : [];
    }),
    purchases: {
      orderCount: view.purchases.orderCount,
      totals: view.purchases.totals.map((t) => ({ ...t })),
      lastPurchaseAt: view.purchases.lastPurchaseAt,
    },
    bankCardLast4: view.bankCardLast4,
    ownerUserId: view.ownerUserId,
    teamId: view.teamId,
    mergedIntoCustomerId: view.mergedIntoCustomerId,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    version: view.version,
  };
}

export function timelineEntryFromView(view: TimelineEntryView): TimelineEntry {
  let summary: string;
  let details: unknown = null;
  if (view.erased) {
    summary =
      view.type === 'purchase'
        ? 'Purchase (personal data erased)'
        : 'Interaction (personal data erased)';
  } else if (view.purchase) {
    summary = `Order ${view.purchase.orderId}: ${view.purchase.amount} ${view.purchase.currency}`;
    details = view.purchase;
  } else if (view.interaction) {
    const i = view.interaction;
    summary = [i.kind, i.direction].filter(Boolean).join(' ') + (i.subject ? `: ${i.subject}` : '');
    details = i;
  } else {
    summary = view.eventType;
  }
  return {
    id: view.id,
    type: view.eventType,
    occurredAt: view.occurredAt,
    summary,
    actorUserId: view.actorUserId,
    detailsJson: details === null ? null : JSON.stringify(details),
  };
}

function libraryFilter(filter: CustomerSearchFilter): LibraryFilter {
  return {
    ...(filter.text !== undefined ? { text: filter.text } : {}),
    ...(filter.kinds
      ? { kinds: filter.kinds.map((k) => (k === CustomerKind.COMPANY ? 'company' : 'person')) }
      : {}),
    ...(filter.statuses
      ? {
          statuses: filter.statuses.map(
            (s) => s.toLowerCase() as NonNullable<LibraryFilter['statuses']>[number],
          ),
        }
      : {}),
    ...(filter.tags ? { tags: filter.tags } : {}),
    ...(filter.ownerUserId ? { ownerUserId: filter.ownerUserId } : {}),
    ...(filter.teamId ? { teamId: filter.teamId } : {}),
    ...(filter.customField
      ? { customField: { name: filter.customField.name, value: filter.customField.value } }
      : {}),
  };
}

function translate(error: unknown): unknown {
  if (error instanceof ReadModelNotReadyError) {
    // The projection has not built its first collection yet (fresh install, rebuild in progress).
    return new ClientError(
      'Customer data is being prepared; try again in a moment.',
      ErrorCode.SERVICE_UNAVAILABLE,
      { retryable: true },
    );
  }
  if (!(error instanceof InvalidSearchInputError)) return error;
  if (error.field === 'after') return new InvalidCursorError();
  return new BadUserInputError(`Invalid input: ${error.message}`, [
    { field: error.field, code: 'INVALID', message: error.message },
  ]);
}

export class MongoCustomerReadModels implements CustomerReadModels {
  constructor(private readonly queries: CustomerReadModelQueries) {}

  async customer360(tenantId: string, customerId: string): Promise<Customer | null> {
    try {
      const view = await this.queries.customer360(tenantId, customerId);
      return view ? customerFromView(view) : null;
    } catch (error) {
      throw translate(error);
    }
  }

  async search(
    tenantId: string,
    scope: CustomerScope,
    filter: CustomerSearchFilter,
    page: PageRequest,
  ): Promise<Page<Customer>> {
    try {
      const result = await this.queries.search(tenantId, scope, libraryFilter(filter), page);
      return {
        items: result.items.map((i) => ({ cursor: i.cursor, node: customerFromView(i.node) })),
        hasNextPage: result.hasNextPage,
      };
    } catch (error) {
      throw translate(error);
    }
  }

  async timeline(
    tenantId: string,
    customerId: string,
    page: PageRequest,
  ): Promise<Page<TimelineEntry>> {
    try {
      const result = await this.queries.timeline(tenantId, customerId, page);
      return {
        items: result.items.map((i) => ({ cursor: i.cursor, node: timelineEntryFromView(i.node) })),
        hasNextPage: result.hasNextPage,
      };
    } catch (error) {
      throw translate(error);
    }
  }

  ping(): Promise<void> {
    return this.queries.ping();
  }
}
