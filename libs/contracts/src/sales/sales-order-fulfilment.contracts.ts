// The order's fulfilment after sales.OrderPlaced (placed → paid → shipped → completed), published
// for ERP, finance and logistics beside the v1 lifecycle (placed, cancelled, refunded), which stays
// as it is. An order names its customer by id only: no personal data.
import type { EventContract } from '../event-contract';
import { id, instant, object, text } from '../customers/customers-schema-parts';
import { v1 } from './sales-pipeline.contracts';
import { currency, money } from './sales-schema-parts';

const ORDER = '0190b000-0000-7000-8000-0000000000a1';
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';

export const SALES_ORDER_FULFILMENT_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'OrderPaid',
    'An order was paid in full (its amount and currency); the payment reference names the payment in the payer’s system.',
    object(
      {
        orderId: id,
        customerId: id,
        amount: money,
        currency,
        paymentReference: text(200),
        paidAt: instant,
      },
      ['orderId', 'customerId', 'amount', 'currency', 'paidAt'],
    ),
    {
      orderId: ORDER,
      customerId: CUSTOMER,
      amount: '129.90',
      currency: 'EUR',
      paymentReference: 'PSP-2024-0001',
      paidAt: '2024-05-01T08:05:00.000Z',
    },
  ),
  v1(
    'OrderShipped',
    'A paid order was handed to its carrier, with the tracking number when there is one.',
    object(
      {
        orderId: id,
        customerId: id,
        carrier: text(200),
        trackingNumber: text(200),
        shippedAt: instant,
      },
      ['orderId', 'customerId', 'shippedAt'],
    ),
    {
      orderId: ORDER,
      customerId: CUSTOMER,
      carrier: 'DHL',
      trackingNumber: 'JD0000000001',
      shippedAt: '2024-05-02T10:00:00.000Z',
    },
  ),
  v1(
    'OrderCompleted',
    'A shipped order was delivered and accepted: its fulfilment is complete (refunds may still follow).',
    object({ orderId: id, customerId: id, completedAt: instant }, [
      'orderId',
      'customerId',
      'completedAt',
    ]),
    { orderId: ORDER, customerId: CUSTOMER, completedAt: '2024-05-04T16:00:00.000Z' },
  ),
];
