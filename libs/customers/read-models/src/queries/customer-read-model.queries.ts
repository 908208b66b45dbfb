// The query API of the customer read models, for the gateway: the customer 360 (with a derived
// classification computed for an injected `now`), search with cursor pagination, and the paged
// timeline. Every call is tenant-scoped; every filter is built by customer-search-filter.ts.
import { INTERNAL_FIELDS_PROJECTION, ReadModelResolver } from '@crm/read-models';
import type { Connection, mongo } from 'mongoose';
import {
  classifyCustomer,
  type CustomerClassification,
} from '../classification/customer-classification';
import {
  CUSTOMER_360_MODEL,
  CUSTOMER_360_PROJECTION,
  CUSTOMER_SEARCH_MODEL,
  CUSTOMER_TIMELINE_MODEL,
  CUSTOMER_TIMELINE_PROJECTION,
  type ContactDocument,
  type Customer360Document,
  type CustomerSearchDocument,
  type TimelineDocument,
} from '../customer-read-model.documents';
import {
  contactTokenFilter,
  customerSearchFilter,
  decodeCursor,
  decodeSearchCursor,
  encodeCursor,
  encodeSearchCursor,
  InvalidSearchInputError,
  normaliseSearchText,
  SEARCH_ORDER,
  type CustomerScope,
  type CustomerSearchFilter,
} from './customer-search-filter';
import { systemClock } from '@crm/event-sourcing';

export interface PageRequest {
  readonly first: number;
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly { readonly cursor: string; readonly node: T }[];
  readonly hasNextPage: boolean;
}

export interface ContactView extends ContactDocument {
  readonly id: string;
  readonly primary: boolean;
}

/** The 360 document in a reader-friendly shape (maps as lists), plus its classification. */
export interface Customer360View {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: 'person' | 'company';
  readonly status: Customer360Document['status'];
  readonly displayName: string;
  readonly person: Customer360Document['person'] | null;
  readonly company: Customer360Document['company'] | null;
  readonly nationalIdLast4: string | null;
  readonly bankCardLast4: string | null;
  readonly contacts: readonly ContactView[];
  readonly channels: readonly {
    readonly channel: string;
    readonly externalId: string | null;
    readonly detail: string | null;
    readonly recordedAt: string;
  }[];
  readonly demographics: NonNullable<Customer360Document['demographics']> | null;
  readonly tags: readonly { readonly kind: string; readonly value: string }[];
  readonly customFields: readonly {
    readonly name: string;
    readonly value: string | number | boolean;
  }[];
  readonly consents: readonly {
    readonly channel: string;
    readonly granted: boolean;
    readonly since: string;
    readonly source: string;
  }[];
  readonly purchases: {
    readonly orderCount: number;
    readonly totals: readonly { readonly amount: string; readonly currency: string }[];
    readonly lastPurchaseAt: string | null;
  };
  readonly interactionCount: number;
  readonly ownerUserId: string | null;
  readonly teamId: string | null;
  readonly mergedIntoCustomerId: string | null;
  readonly mergedFromCustomerIds: readonly string[];
  readonly classification: CustomerClassification;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface TimelineEntryView {
  readonly id: string;
  readonly type: 'interaction' | 'purchase';
  readonly eventType: string;
  readonly occurredAt: string;
  readonly actorUserId: string | null;
  readonly mergedFromCustomerId: string | null;
  readonly interaction: TimelineDocument['interaction'] | null;
  readonly purchase: TimelineDocument['purchase'] | null;
  readonly erased: boolean;
}

export interface CustomerReadModelQueriesOptions {
  /** "Now" for the derived classification (recency, trailing 12 months). */
  readonly now?: () => Date;
  /** How many customer ids an email/phone prefix may contribute to one search. */
  readonly maxContactMatches?: number;
  /**
   * Share the reader's resolver with an AppliedPositionWatcher, so a wait for a position checks
   * the very target (alias cache) these queries read from.
   */
  readonly resolver?: ReadModelResolver;
}

const MAX_PAGE = 100;
const ID_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:@+=-]{0,199}$/;
const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[^\n]{1,600}$/;

function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new InvalidSearchInputError('first', `must be between 1 and ${MAX_PAGE}`);
  return first;
}

export class CustomerReadModelQueries {
  private readonly resolver: ReadModelResolver;
  private readonly now: () => Date;
  private readonly maxContactMatches: number;

  constructor(
    private readonly connection: Connection,
    options: CustomerReadModelQueriesOptions = {},
  ) {
    this.resolver = options.resolver ?? new ReadModelResolver(connection);
    this.now = options.now ?? (() => systemClock.now());
    this.maxContactMatches = options.maxContactMatches ?? 1000;
  }

  async customer360(tenantId: string, customerId: string): Promise<Customer360View | null> {
    if (!ID_KEY.test(customerId)) return null;
    const customers = await this.resolver.collection<Customer360Document>(
      CUSTOMER_360_PROJECTION,
      CUSTOMER_360_MODEL,
    );
    const doc = await customers.findOne(
      { _id: customerId, tenantId: String(tenantId) },
      { projection: INTERNAL_FIELDS_PROJECTION },
    );
    if (!doc) return null;
    return this.toView(doc, await this.lastPurchaseAt(tenantId, customerId));
  }

  async search(
    tenantId: string,
    scope: CustomerScope,
    filter: CustomerSearchFilter,
    page: PageRequest,
  ): Promise<Page<Customer360View>> {
    const size = pageSize(page.first);
    const after = decodeSearchCursor(page.after);
    const text = normaliseSearchText(filter.text);
    let contactMatches: string[] = [];
    if (text !== undefined) {
      const tokens = await this.resolver.collection<CustomerSearchDocument>(
        CUSTOMER_360_PROJECTION,
        CUSTOMER_SEARCH_MODEL,
      );
      const found = await tokens
        .find(contactTokenFilter(tenantId, text) as mongo.Filter<CustomerSearchDocument>, {
          projection: { customerId: 1 },
        })
        .limit(this.maxContactMatches)
        .toArray();
      contactMatches = [...new Set(found.map((t) => t.customerId))];
    }
    const customers = await this.resolver.collection<Customer360Document>(
      CUSTOMER_360_PROJECTION,
      CUSTOMER_360_MODEL,
    );
    const docs = await customers
      .find(
        customerSearchFilter(
          tenantId,
          scope,
          filter,
          contactMatches,
          after,
        ) as mongo.Filter<Customer360Document>,
        {
          projection: INTERNAL_FIELDS_PROJECTION,
        },
      )
      .sort(SEARCH_ORDER)
      .limit(size + 1)
      .toArray();
    const pageDocs = docs.slice(0, size);
    return {
      items: pageDocs.map((doc) => ({
        cursor: encodeSearchCursor({ createdAt: doc.createdAt, id: doc._id }),
        node: this.toView(doc, null),
      })),
      hasNextPage: docs.length > size,
    };
  }

  /** Interactions and purchases, newest first. */
  async timeline(
    tenantId: string,
    customerId: string,
    page: PageRequest,
  ): Promise<Page<TimelineEntryView>> {
    const size = pageSize(page.first);
    const after = decodeCursor(page.after, SORT_KEY);
    if (!ID_KEY.test(customerId)) return { items: [], hasNextPage: false };
    const timeline = await this.resolver.collection<TimelineDocument>(
      CUSTOMER_TIMELINE_PROJECTION,
      CUSTOMER_TIMELINE_MODEL,
    );
    const filter: Record<string, unknown> = {
      tenantId: String(tenantId),
      customerId,
      entryType: { $in: ['interaction', 'purchase'] },
    };
    if (after !== undefined) filter['sortKey'] = { $lt: after };
    const docs = await timeline
      .find(filter as mongo.Filter<TimelineDocument>, { projection: INTERNAL_FIELDS_PROJECTION })
      .sort({ sortKey: -1 })
      .limit(size + 1)
      .toArray();
    return {
      items: docs.slice(0, size).map((doc) => ({
        cursor: encodeCursor(doc.sortKey),
        node: {
          id: doc._id,
          type: doc.entryType,
          eventType: doc.eventType,
          occurredAt: doc.occurredAt,
          actorUserId: doc.actorUserId ?? null,
          mergedFromCustomerId: doc.mergedFrom ?? null,
          interaction: doc.interaction ?? null,
          purchase: doc.purchase ?? null,
          erased: doc.erased === true,
        },
      })),
      hasNextPage: docs.length > size,
    };
  }

  /** Throws when MongoDB is unreachable (readiness probes). */
  async ping(): Promise<void> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    await db.command({ ping: 1 });
  }

  private async lastPurchaseAt(tenantId: string, customerId: string): Promise<string | null> {
    try {
      const timeline = await this.resolver.collection<TimelineDocument>(
        CUSTOMER_TIMELINE_PROJECTION,
        CUSTOMER_TIMELINE_MODEL,
      );
      const last = await timeline
        .find(
          {
            tenantId: String(tenantId),
            customerId,
            entryType: 'purchase',
          } as mongo.Filter<TimelineDocument>,
          { projection: { occurredAt: 1 } },
        )
        .sort({ sortKey: -1 })
        .limit(1)
        .toArray();
      return last[0]?.occurredAt ?? null;
    } catch {
      return null; // the timeline may still be building: the 360 answers without recency
    }
  }

  private toView(doc: Customer360Document, lastPurchaseAt: string | null): Customer360View {
    const contacts = Object.entries(doc.contacts ?? {}).map(([id, contact]) => ({
      ...contact,
      id,
      primary: doc.primaryContacts?.[contact.kind] === id,
    }));
    // A primary pointing to a removed contact means: the first remaining one of that kind.
    for (const kind of ['email', 'phone', 'address'] as const) {
      const ofKind = contacts.filter((c) => c.kind === kind);
      if (ofKind.length > 0 && !ofKind.some((c) => c.primary))
        ofKind.sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0]!.primary = true;
    }
    const displayName =
      doc.status === 'erased'
        ? '(erased)'
        : doc.kind === 'company'
          ? (doc.company?.legalName ?? '')
          : [doc.person?.firstName, doc.person?.lastName].filter((s) => s).join(' ');
    return {
      id: doc._id,
      tenantId: doc.tenantId,
      kind: doc.kind,
      status: doc.status,
      displayName,
      person: doc.person ?? null,
      company: doc.company ?? null,
      nationalIdLast4: doc.nationalIdLast4 ?? null,
      bankCardLast4: doc.bankCardLast4 ?? null,
      contacts: contacts.sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
      channels: Object.values(doc.channels ?? {}).map((c) => ({
        channel: c.channel,
        externalId: c.externalId ?? null,
        detail: c.detail ?? null,
        recordedAt: c.recordedAt,
      })),
      demographics: doc.demographics ?? null,
      tags: Object.entries(doc.tags ?? {}).flatMap(([kind, values]) =>
        Object.values(values).map((value) => ({ kind, value })),
      ),
      customFields: Object.entries(doc.customFields ?? {}).map(([name, value]) => ({
        name,
        value,
      })),
      consents: Object.entries(doc.consents ?? {}).map(([channel, consent]) => ({
        channel,
        granted: consent.granted,
        since: consent.since,
        source: consent.source,
      })),
      purchases: {
        orderCount: doc.purchases?.count ?? 0,
        totals: Object.entries(doc.purchases?.totalsMinor ?? {}).map(([currency, minor]) => ({
          currency,
          amount: (minor / 100).toFixed(2),
        })),
        lastPurchaseAt,
      },
      interactionCount: doc.interactions?.count ?? 0,
      ownerUserId: doc.ownerUserId ?? null,
      teamId: doc.teamId ?? null,
      mergedIntoCustomerId: doc.survivorCustomerId ?? null,
      mergedFromCustomerIds: Object.values(doc.mergedFrom ?? {}),
      classification: classifyCustomer(doc, lastPurchaseAt, this.now()),
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      version: doc.version,
    };
  }
}
