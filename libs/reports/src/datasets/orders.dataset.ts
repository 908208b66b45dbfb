// Orders of the sales-orders read model (one per `sales.Order` stream; time field: placing),
// guarded by the sales record scope. Amounts are per currency; `amountConverted` sums them in the
// tenant's reporting currency at the rate in force when each order was placed (ADR 0234), and
// `unconverted` counts the orders no rate covered then, so a partial sum never passes for a whole.
// asOf: placed by then; cancellations and refunds are not dated here, so the status is refused.
import {
  SALES_ORDERS_MODEL,
  SALES_ORDERS_PROJECTION,
  orderStatusOf,
  type OrderDocument,
} from '@crm/sales-read-models';
import type { ExchangeRates } from '../currency/exchange-rates';
import type { AmountConversion } from '../currency/target-currency';
import { declareDataset, majorOf, orNone } from './dataset';
import { field, orNoneOf } from './server-expressions';

/** An order row with its gross amount in the reporting currency (minor units; null: no rate). */
type ConvertedOrder = OrderDocument & { readonly convertedMinor?: number | null };

export function convertOrder(doc: ConvertedOrder, rates: ExchangeRates): ConvertedOrder {
  const minor = typeof doc.amountMinor === 'number' ? doc.amountMinor : 0;
  return {
    ...doc,
    convertedMinor: rates.convertMinor(minor, doc.currency, new Date(doc.placedAt)),
  };
}

/** The order's gross amount in the target currency, at the rate in force when it was placed. */
function orderInCurrency(doc: ConvertedOrder, convert: AmountConversion): ConvertedOrder {
  const minor = typeof doc.amountMinor === 'number' ? doc.amountMinor : 0;
  const amount = convert.amount(minor / 100, doc.currency, doc.placedAt);
  return { ...doc, amountMinor: Math.round(amount * 100), currency: convert.target };
}

export const ordersDataset = declareDataset<ConvertedOrder>({
  name: 'orders',
  label: 'Orders',
  projection: SALES_ORDERS_PROJECTION,
  model: SALES_ORDERS_MODEL,
  scope: 'sales',
  storeCategory: 'sales.Order',
  timeField: 'placedAt',
  fields: ['currency', 'channel', 'status', 'amountMinor', 'refundedMinor'],
  dimensions: {
    currency: { label: 'Currency', value: (doc) => doc.currency, server: () => field('currency') },
    channel: {
      label: 'Channel',
      value: (doc) => orNone(doc.channel),
      server: () => orNoneOf(field('channel')),
    },
    status: { label: 'Status', value: (doc) => orderStatusOf(doc) },
    owner: {
      label: 'Owner',
      value: (doc) => orNone(doc.ownerId),
      server: () => orNoneOf(field('ownerId')),
    },
  },
  measures: {
    orders: { kind: 'count', label: 'Orders' },
    amount: {
      kind: 'sum',
      label: 'Amount (group or filter by currency)',
      value: (doc) => majorOf(doc.amountMinor),
      server: () => ({ $divide: [{ $ifNull: [field('amountMinor'), 0] }, 100] }),
    },
    amountConverted: {
      kind: 'sum',
      label: 'Amount in the reporting currency (rate at placing)',
      value: (doc) => (doc.convertedMinor == null ? null : doc.convertedMinor / 100),
    },
    unconverted: {
      kind: 'sum',
      label: 'Orders without a rate at placing',
      value: (doc) => (doc.convertedMinor == null ? 1 : 0),
    },
  },
  asOf: {
    at: (doc) => doc,
    undatedDimensions: ['status'],
    undatedMeasures: [],
  },
  converted: { measures: ['amountConverted', 'unconverted'], convert: convertOrder },
  amounts: { convert: orderInCurrency },
  record: (doc) => ({
    id: doc._id,
    currency: doc.currency,
    amount: majorOf(doc.amountMinor),
    status: orderStatusOf(doc),
    placedAt: doc.placedAt,
  }),
});
