// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { CUSTOMER_ID, NOW, registered } from '../testing/customer-fixtures';
import type { RecordInteraction, RecordPurchase } from './customer.commands';
import { customerDecider } from './customer.decider';

const spec = deciderSpec(customerDecider);

function interaction(data: Partial<RecordInteraction['data']> = {}): RecordInteraction {
  return {
    type: 'RecordInteraction',
    data: {
      customerId: CUSTOMER_ID,
      interactionId: 'i1',
      kind: 'call',
      performedBy: 'rep-1',
      now: NOW,
      ...data,
    },
  };
}

function purchase(data: Partial<RecordPurchase['data']> = {}): RecordPurchase {
  return {
    type: 'RecordPurchase',
    data: {
      customerId: CUSTOMER_ID,
      orderId: 'o-1',
      items: [{ sku: 'SKU-1', name: 'Boots', category: 'shoes', quantity: 1, unitPrice: '129.90' }],
      amount: '129.90',
      amountMinor: 12990,
      currency: 'EUR',
      channel: 'online_store',
      purchasedAt: '2024-05-01T08:00:00.000Z',
      now: NOW,
      ...data,
    },
  };
}

describe('RecordInteraction', () => {
  it('records an interaction at the decision time when none is given', () => {
    spec
      .given([registered()])
      .when(
        interaction({ direction: 'outbound', notes: 'Asked about boots', outcome: 'follow-up' }),
      )
      .then([
        {
          type: 'customers.InteractionRecorded',
          data: {
            customerId: CUSTOMER_ID,
            interactionId: 'i1',
            kind: 'call',
            direction: 'outbound',
            occurredAt: NOW,
            notes: 'Asked about boots',
            outcome: 'follow-up',
            performedBy: 'rep-1',
          },
        },
      ]);
  });

  it('is idempotent per interaction id', () => {
    const recorded = {
      type: 'customers.InteractionRecorded',
      data: {
        customerId: CUSTOMER_ID,
        interactionId: 'i1',
        kind: 'call',
        occurredAt: NOW,
        performedBy: 'rep-1',
      },
    } as const;
    spec.given([registered(), recorded]).when(interaction()).thenNothingHappened();
  });
  // Its text, time and kind are cleaned by the parser (customer-command.parsers.unit.spec.ts).
});

describe('RecordPurchase', () => {
  // Money, currency, category and time are cleaned by parsePurchase (its spec is the parser's).
  it('records a purchase', () => {
    spec
      .given([registered()])
      .when(purchase())
      .then([
        {
          type: 'customers.PurchaseRecorded',
          data: {
            customerId: CUSTOMER_ID,
            orderId: 'o-1',
            items: [
              { sku: 'SKU-1', name: 'Boots', category: 'shoes', quantity: 1, unitPrice: '129.90' },
            ],
            amount: '129.90',
            amountMinor: 12990,
            currency: 'EUR',
            channel: 'online_store',
            purchasedAt: '2024-05-01T08:00:00.000Z',
          },
        },
      ]);
  });

  it('ignores the same order id twice (at-least-once integrations)', () => {
    const first = customerDecider.decide(
      purchase(),
      [registered()].reduce(customerDecider.evolve, customerDecider.initialState),
    );
    spec
      .given([registered(), ...first])
      .when(purchase({ amount: '1.00' }))
      .thenNothingHappened();
  });
});
