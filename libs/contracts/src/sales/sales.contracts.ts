// Public contracts of the Sales context (topic crm.sales.events). The order lifecycle v1 (placed,
// cancelled, refunded) was published ahead of the Sales service so that other contexts could react
// to orders (customers' purchase history, loyalty points, marketing thank-you): those three never
// change. Leads, opportunities and order attribution are added beside them (sales-pipeline.contracts.ts).
// Streams are `sales.Order-<orderId>`, `sales.Lead-<leadId>`, `sales.Opportunity-<opportunityId>`.
// No personal data in orders: an order names its customer by id only.
import type { ContextContracts, EventContract } from '../event-contract';
import { SALES_PIPELINE_EVENT_CONTRACTS } from './sales-pipeline.contracts';
import {
  SALES_OPPORTUNITY_LINE_EVENT_CONTRACTS,
  SALES_QUOTE_ACTIVITY_EVENT_CONTRACTS,
} from './sales-quote-activity.contracts';
import { SALES_CONTRACT_EVENT_CONTRACTS } from './sales-contract.contracts';
import { SALES_ORDER_FULFILMENT_EVENT_CONTRACTS } from './sales-order-fulfilment.contracts';
import { SALES_INBOUND_EVENT_CONTRACTS, SALES_INBOUND_TOPICS } from './sales-inbound.contracts';
import {
  SALES_FORECAST_EVENT_CONTRACTS,
  SALES_SCORING_EVENT_CONTRACTS,
} from './sales-scoring.contracts';
import { currency, money } from './sales-schema-parts';
import {
  ACQUISITION_CHANNELS,
  enumOf,
  id,
  instant,
  object,
  purchaseItem,
  text,
} from '../customers/customers-schema-parts';

const ORDER = '0190b000-0000-7000-8000-0000000000a1';
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';

export const SALES_EVENT_CONTRACTS: readonly EventContract[] = [
  {
    type: 'sales.OrderPlaced',
    schemaVersion: 1,
    description:
      'A customer placed an order: its lines, total (decimal string with two digits) and currency, the channel it came ' +
      'through and when it was placed.',
    dataSchema: object(
      {
        orderId: id,
        customerId: id,
        items: { type: 'array', minItems: 1, maxItems: 500, items: purchaseItem },
        amount: money,
        currency,
        channel: enumOf(ACQUISITION_CHANNELS),
        placedAt: instant,
      },
      ['orderId', 'customerId', 'items', 'amount', 'currency', 'channel', 'placedAt'],
    ),
    examples: [
      {
        orderId: ORDER,
        customerId: CUSTOMER,
        items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: '129.90' }],
        amount: '129.90',
        currency: 'EUR',
        channel: 'online_store',
        placedAt: '2024-05-01T08:00:00.000Z',
      },
    ],
  },
  {
    type: 'sales.OrderCancelled',
    schemaVersion: 1,
    description: 'An order was cancelled before fulfilment; nothing was charged.',
    dataSchema: object({ orderId: id, customerId: id, reason: text(500), cancelledAt: instant }, [
      'orderId',
      'customerId',
      'cancelledAt',
    ]),
    examples: [{ orderId: ORDER, customerId: CUSTOMER, cancelledAt: '2024-05-01T09:00:00.000Z' }],
  },
  {
    type: 'sales.OrderRefunded',
    schemaVersion: 1,
    description: 'Part or all of an order was refunded: the refunded amount and currency.',
    dataSchema: object(
      {
        orderId: id,
        customerId: id,
        amount: money,
        currency,
        reason: text(500),
        refundedAt: instant,
      },
      ['orderId', 'customerId', 'amount', 'currency', 'refundedAt'],
    ),
    examples: [
      {
        orderId: ORDER,
        customerId: CUSTOMER,
        amount: '129.90',
        currency: 'EUR',
        refundedAt: '2024-05-03T10:00:00.000Z',
      },
    ],
  },
];

export const salesContracts: ContextContracts = {
  context: 'sales',
  description:
    'Sales: leads, opportunities (with their lines), quotes, contracts and orders. Published so far: leads (capture, assignment, ' +
    'qualification, conversion), opportunities (stages, won, lost, reopened), the order lifecycle (placed, ' +
    'attributed, paid, shipped, completed, cancelled, refunded), quotes (versions, approval, sent, accepted, rejected, expired, reminders), ' +
    'activities (calls, meetings, tasks, reminders) lead scoring (engagements, scores, scoring models), forecast submissions and contracts (started, renewal due, ' +
    'renewed, expired, terminated).',
  events: [
    ...SALES_EVENT_CONTRACTS,
    ...SALES_PIPELINE_EVENT_CONTRACTS,
    ...SALES_QUOTE_ACTIVITY_EVENT_CONTRACTS,
    ...SALES_SCORING_EVENT_CONTRACTS,
    ...SALES_FORECAST_EVENT_CONTRACTS,
    ...SALES_CONTRACT_EVENT_CONTRACTS,
    ...SALES_INBOUND_EVENT_CONTRACTS,
    ...SALES_ORDER_FULFILMENT_EVENT_CONTRACTS,
    ...SALES_OPPORTUNITY_LINE_EVENT_CONTRACTS,
  ],
  inbound: SALES_INBOUND_TOPICS,
};

/** The `data` of `sales.OrderPlaced` v1, as its schema above guarantees it to a validated reader. */
export interface OrderPlacedV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly items: readonly {
    readonly sku?: string;
    readonly name?: string;
    readonly category: string;
    readonly quantity: number;
    readonly unitPrice?: string;
  }[];
  readonly amount: string;
  readonly currency: string;
  readonly channel: (typeof ACQUISITION_CHANNELS)[number];
  readonly placedAt: string;
}

/** The `data` of `sales.OrderCancelled` v1, as its schema above guarantees it to a validated reader. */
export interface OrderCancelledV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly reason?: string;
  readonly cancelledAt: string;
}

/** The `data` of `sales.OrderRefunded` v1 (a refund may be partial), as its schema above guarantees. */
export interface OrderRefundedV1 {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: string;
  readonly currency: string;
  readonly reason?: string;
  readonly refundedAt: string;
}
