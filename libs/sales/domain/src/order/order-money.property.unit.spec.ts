// Invariants of money in orders, for any lines and any sequence of refunds: the amount is the exact
// sum of the lines in minor units and round-trips through its decimal string; refunds accepted
// never add up to more than the amount, and the order is refunded in whole exactly when they reach it.
import fc from 'fast-check';
import { SalesDomainError } from '../errors';
import { SALES_LIMITS } from '../sales.limits';
import { formatMinorUnits, parseMinorUnits } from '../values/money';
import type { OrderCommand } from './order.commands';
import { orderDecider } from './order.decider';
import type { OrderState } from './order.state';

// Kept small enough that 50 lines stay within the order total limit the parser enforces.
const line = fc.record({
  category: fc.constant('goods'),
  quantity: fc.integer({ min: 1, max: 1000 }),
  unitPriceMinor: fc.integer({ min: 0, max: Math.floor(SALES_LIMITS.orderTotalMinor / 50_000) }),
});

function run(commands: readonly OrderCommand[]): OrderState {
  let state = orderDecider.initialState;
  for (const command of commands) {
    try {
      for (const event of orderDecider.decide(command, state)) {
        state = orderDecider.evolve(state, event);
      }
    } catch (error) {
      // A refused command leaves the state as it was; anything else is a bug.
      if (!(error instanceof SalesDomainError)) throw error;
    }
  }
  return state;
}

describe('order money', () => {
  it('any amount in minor units round-trips through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SALES_LIMITS.orderTotalMinor }), (minor) => {
        expect(parseMinorUnits(formatMinorUnits(minor))).toBe(minor);
      }),
    );
  });

  it('the placed amount is the exact sum of quantity × unit price over the lines', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 50 }), (lines) => {
        const [placed] = orderDecider.decide(
          {
            type: 'PlaceOrder',
            data: {
              orderId: 'o',
              customerId: 'c',
              lines,
              currency: 'EUR',
              channel: 'import',
              ownerId: null,
              teamId: null,
              now: '2026-01-01T00:00:00.000Z',
            },
          },
          orderDecider.initialState,
        );
        if (placed?.type !== 'sales.OrderPlaced') throw new Error('no OrderPlaced');
        const expected = lines.reduce(
          (sum, l) => sum + BigInt(l.quantity) * BigInt(l.unitPriceMinor),
          0n,
        );
        expect(BigInt(parseMinorUnits(placed.data.amount) ?? -1)).toBe(expected);
        const itemsSum = placed.data.items.reduce(
          (sum, item) => sum + item.quantity * (parseMinorUnits(item.unitPrice) ?? 0),
          0,
        );
        expect(itemsSum).toBe(Number(expected));
      }),
    );
  });

  it('refunds never exceed the amount, and the order is refunded exactly when they reach it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 400_000 }), { maxLength: 20 }),
        (priceMinor, refunds) => {
          const now = '2026-01-01T00:00:00.000Z';
          const state = run([
            {
              type: 'PlaceOrder',
              data: {
                orderId: 'o',
                customerId: 'c',
                lines: [{ category: 'goods', quantity: 1, unitPriceMinor: priceMinor }],
                currency: 'EUR',
                channel: 'import',
                ownerId: null,
                teamId: null,
                now,
              },
            },
            ...refunds.map((amountMinor): OrderCommand => ({
              type: 'RefundOrder',
              data: { orderId: 'o', amountMinor, now },
            })),
          ]);
          if (state.status === 'None' || state.status === 'Cancelled')
            throw new Error(state.status);
          // Greedy model: each refund is accepted while it fits in what is left.
          let left = priceMinor;
          for (const r of refunds) if (left > 0 && r <= left) left -= r;
          expect(state.refundedMinor).toBe(priceMinor - left);
          expect(state.refundedMinor).toBeLessThanOrEqual(priceMinor);
          expect(state.status).toBe(left === 0 ? 'Refunded' : 'Placed');
        },
      ),
    );
  });
});
