// Marketing's audience (ADR 0192): the read model segments select from, owned by marketing instead
// of reading the customers context's customer_360. Pure: values come from the event only.
//
// - customers.* events: the same fold as customer_360 (projectCustomer360), kept to the fields a
//   segment or a send reads (AUDIENCE_FIELDS), so the two cannot disagree on what a profile says;
//   customers.PersonalDataErased drops the personal fields and marks the customer erased, which
//   removes them from every segment while the events and counts stay.
// - sales.OrderPlaced: per category of its lines, the instant of the latest order ("bought category X
//   in the last N days", day-exact); per currency the RFM figures (orders, lifetime value, latest),
//   net of the refunds and cancellations marketing recorded (marketing.OrderRevenueReversed).
// - loyalty.TierUpgraded / TierReviewed / TierDowngraded: the member's tier (member id = customer id).
// - sales.Opportunity* and service-desk tickets: one record per opportunity or ticket, because the
//   events that close an opportunity or answer a CSAT survey do not name the customer; the audience
//   joins the records by customer id when a rule reads them.
//
// Reads the store through the customers decrypting view (source 'store', projection-catalogue.ts):
// Kafka carries personal fields encrypted, and the store's one global order also orders a customer's
// facts from several contexts.
import { CUSTOMER_360_MODEL } from '@crm/customers-read-models';
import { CUSTOMER_EVENT_TYPES } from '@crm/customers-domain';
import type { EventEnvelope } from '@crm/event-sourcing';
import {
  MARKETING_AUDIENCE_MODEL,
  MARKETING_AUDIENCE_PROJECTION,
  MARKETING_AUDIENCE_RECORDS_MODEL,
  audienceRecordId,
} from '@crm/marketing-read-models';
import { tagKey } from '@crm/marketing-domain';
import {
  defineProjection,
  upsert,
  type Fields,
  type ReadModelChange,
  type UpsertChange,
} from '@crm/read-models';
import { ticketIdFromStreamId } from '@crm/service-desk-domain';
import { projectCustomer360 } from '../customers/customer-360.projection';

/** Top-level fields of a customer profile that segments and sends read (everything else is left out). */
const AUDIENCE_FIELDS: ReadonlySet<string> = new Set([
  'tenantId',
  'version',
  'updatedAt',
  'createdAt',
  'kind',
  'status',
  'survivorCustomerId',
  'person',
  'company',
  'demographics',
  'tags',
  'customFields',
  'consents',
  'purchases',
  'contacts',
  'primaryContacts',
]);

const LOYALTY_MEMBER_PREFIX = 'loyalty.Member-';
const OPPORTUNITY_EVENT_TYPES = [
  'sales.OpportunityOpened',
  'sales.OpportunityWon',
  'sales.OpportunityLost',
  'sales.OpportunityReopened',
] as const;
const TICKET_EVENT_TYPES = [
  'service-desk.TicketOpened',
  'service-desk.CustomerLinked',
  'service-desk.CsatAnswered',
] as const;
const TIER_EVENT_TYPES = [
  'loyalty.TierUpgraded',
  'loyalty.TierReviewed',
  'loyalty.TierDowngraded',
] as const;

function audienceField(path: string): boolean {
  return AUDIENCE_FIELDS.has(path.split('.')[0] ?? '');
}

function pick<T>(entries: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (!entries) return undefined;
  const kept = Object.entries(entries).filter(([path]) => audienceField(path));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** A customer_360 change re-aimed at the audience, kept to the audience's fields. */
function toAudience(change: ReadModelChange): ReadModelChange | undefined {
  if (change.model !== CUSTOMER_360_MODEL) return undefined; // the search tokens stay with customers
  if (change.kind === 'delete') return { ...change, model: MARKETING_AUDIENCE_MODEL };
  const set = pick(change.set);
  const setOnInsert = pick(change.setOnInsert);
  const inc = pick(change.inc);
  const unset = change.unset?.filter(audienceField);
  const update: Omit<UpsertChange, 'kind' | 'model' | 'id'> = {
    ...(set ? { set } : {}),
    ...(setOnInsert ? { setOnInsert } : {}),
    ...(inc ? { inc } : {}),
    ...(unset && unset.length > 0 ? { unset } : {}),
  };
  return upsert(MARKETING_AUDIENCE_MODEL, change.id, update);
}

function str(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const CURRENCY = /^[A-Z]{3}$/;

/** An order amount ("129.90", two decimals by contract) in minor units; undefined if malformed. */
function minorUnits(amount: unknown): number | undefined {
  if (typeof amount !== 'string' || !/^\d{1,15}(\.\d{1,2})?$/.test(amount)) return undefined;
  const [whole = '0', fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function orderPlaced(envelope: EventEnvelope, data: Record<string, unknown>): ReadModelChange[] {
  const customerId = str(data, 'customerId');
  const placedAt = str(data, 'placedAt');
  if (!customerId || !placedAt) return [];
  const items = Array.isArray(data['items']) ? (data['items'] as Record<string, unknown>[]) : [];
  const set: Record<string, string> = { tenantId: envelope.tenantId };
  for (const item of items) {
    const category = typeof item['category'] === 'string' ? item['category'].trim() : '';
    if (category) set[`categories.${tagKey(category)}.lastPurchasedAt`] = placedAt;
  }
  // RFM figures per currency: orders, lifetime value (minor units) and the latest order.
  const currency = str(data, 'currency');
  const amountMinor = minorUnits(data['amount']);
  if (!currency || !CURRENCY.test(currency) || amountMinor === undefined)
    return [upsert(MARKETING_AUDIENCE_MODEL, customerId, { set })];
  set[`orders.${currency}.lastAt`] = placedAt;
  return [
    upsert(MARKETING_AUDIENCE_MODEL, customerId, {
      set,
      inc: { [`orders.${currency}.count`]: 1, [`orders.${currency}.totalMinor`]: amountMinor },
    }),
  ];
}

/**
 * Revenue marketing recorded as taken back (marketing.OrderRevenueReversed: it carries the amount a
 * sales.OrderCancelled does not): a refund lowers the lifetime value, a cancellation also takes the
 * order out of the frequency. Recency keeps the latest order's date either way.
 */
function revenueReversed(
  envelope: EventEnvelope,
  data: Record<string, unknown>,
): ReadModelChange[] {
  const customerId = str(data, 'customerId');
  const currency = str(data, 'currency');
  const amountMinor = minorUnits(data['amount']);
  if (!customerId || !currency || !CURRENCY.test(currency) || amountMinor === undefined) return [];
  const cancelled = data['reversal'] === 'cancellation';
  return [
    upsert(MARKETING_AUDIENCE_MODEL, customerId, {
      set: { tenantId: envelope.tenantId },
      inc: {
        [`orders.${currency}.totalMinor`]: -amountMinor,
        ...(cancelled ? { [`orders.${currency}.count`]: -1 } : {}),
      },
    }),
  ];
}

function tierChanged(envelope: EventEnvelope, data: Record<string, unknown>): ReadModelChange[] {
  if (!envelope.streamId.startsWith(LOYALTY_MEMBER_PREFIX)) return [];
  const memberId = envelope.streamId.slice(LOYALTY_MEMBER_PREFIX.length);
  const tier = str(data, envelope.type === 'loyalty.TierReviewed' ? 'tier' : 'toTier');
  if (!tier) return [];
  return [
    upsert(MARKETING_AUDIENCE_MODEL, memberId, {
      set: { tenantId: envelope.tenantId, 'loyalty.tier': tier },
    }),
  ];
}

function opportunity(envelope: EventEnvelope, data: Record<string, unknown>): ReadModelChange[] {
  const opportunityId = str(data, 'opportunityId');
  if (!opportunityId) return [];
  const customerId = str(data, 'customerId');
  const open =
    envelope.type === 'sales.OpportunityOpened' || envelope.type === 'sales.OpportunityReopened';
  return [
    upsert(
      MARKETING_AUDIENCE_RECORDS_MODEL,
      audienceRecordId(envelope.tenantId, 'opportunity', opportunityId),
      {
        set: {
          tenantId: envelope.tenantId,
          kind: 'opportunity',
          open,
          ...(customerId ? { customerId } : {}),
        },
      },
    ),
  ];
}

function ticket(envelope: EventEnvelope, data: Record<string, unknown>): ReadModelChange[] {
  const ticketId = ticketIdFromStreamId(envelope.streamId);
  if (!ticketId) return [];
  const set: Fields =
    envelope.type === 'service-desk.CsatAnswered'
      ? { csatScore: data['score'] as number, csatAnsweredAt: envelope.occurredAt }
      : { ...(str(data, 'customerId') ? { customerId: str(data, 'customerId') as string } : {}) };
  return [
    upsert(
      MARKETING_AUDIENCE_RECORDS_MODEL,
      audienceRecordId(envelope.tenantId, 'ticket', ticketId),
      {
        set: { tenantId: envelope.tenantId, kind: 'ticket', ...set },
      },
    ),
  ];
}

export function projectMarketingAudience(envelope: EventEnvelope): ReadModelChange[] {
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  if (envelope.type.startsWith('customers.'))
    return projectCustomer360(envelope).flatMap((change) => toAudience(change) ?? []);
  if (envelope.type === 'sales.OrderPlaced') return orderPlaced(envelope, data);
  if (envelope.type === 'marketing.OrderRevenueReversed') return revenueReversed(envelope, data);
  if ((TIER_EVENT_TYPES as readonly string[]).includes(envelope.type))
    return tierChanged(envelope, data);
  if ((OPPORTUNITY_EVENT_TYPES as readonly string[]).includes(envelope.type))
    return opportunity(envelope, data);
  if ((TICKET_EVENT_TYPES as readonly string[]).includes(envelope.type))
    return ticket(envelope, data);
  return [];
}

export const marketingAudienceProjection = defineProjection({
  name: MARKETING_AUDIENCE_PROJECTION,
  // v2: refunds and cancellations (marketing.OrderRevenueReversed) net the RFM figures.
  version: 2,
  eventTypes: [
    ...CUSTOMER_EVENT_TYPES,
    'sales.OrderPlaced',
    'marketing.OrderRevenueReversed',
    ...TIER_EVENT_TYPES,
    ...OPPORTUNITY_EVENT_TYPES,
    ...TICKET_EVENT_TYPES,
  ],
  readModels: [MARKETING_AUDIENCE_MODEL, MARKETING_AUDIENCE_RECORDS_MODEL],
  onPoison: 'halt',
  source: 'store',
  indexes: {
    [MARKETING_AUDIENCE_MODEL]: [{ fields: { tenantId: 1, status: 1, _id: 1 } }],
    [MARKETING_AUDIENCE_RECORDS_MODEL]: [{ fields: { tenantId: 1, kind: 1, customerId: 1 } }],
  },
  project: projectMarketingAudience,
});
