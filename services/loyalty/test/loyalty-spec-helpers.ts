// Shared steps of the loyalty service int specs: a member's event types from the store, letting the
// reactors catch up, firing the timers due at a moved clock, and a sales.OrderPlaced as Sales
// publishes it (appended by a producer standing in for the Sales service).
import type { NewEvent } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { LoyaltyWorkers } from '../src/loyalty-workers';
import type { LoyaltyTestService } from './loyalty-test-service';

export const SETTLE = { timeoutMs: 60_000, intervalMs: 100 };

/** The types of a member's events, in stream order. */
export async function memberEventTypes(t: LoyaltyTestService, memberId: string): Promise<string[]> {
  const rows = await t.query<{ type: string }>(
    'SELECT type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version',
    [`loyalty.Member-${memberId}`],
  );
  return rows.map((r) => r.type);
}

/** Waits until every reactor of the service has applied the whole log. */
export async function reactorsCaughtUp(t: LoyaltyTestService): Promise<void> {
  const workers = t.service.app.get(LoyaltyWorkers);
  await eventually(
    async () => (await workers.status()).every((s) => 'lag' in s && s.lag === 0),
    SETTLE,
  );
}

/** Lets the reactors schedule what they must, moves the clock and fires every timer due. */
export async function fireTimersAt(t: LoyaltyTestService, at: string): Promise<void> {
  await reactorsCaughtUp(t);
  t.clock.set(at);
  await t.service.app.get(LoyaltyWorkers).timers.drain();
}

/** A sales.OrderPlaced of one line for `amount` EUR, placed now on the test clock. */
export function orderPlaced(
  t: LoyaltyTestService,
  tenantId: string,
  customerId: string,
  amount: string,
  orderId = uuidv7(),
): NewEvent {
  const now = t.clock.now().toISOString();
  return {
    eventId: uuidv7(),
    type: 'sales.OrderPlaced',
    tenantId,
    occurredAt: now,
    actor: { kind: 'user', userId: 'seller-1', roles: ['sales_rep'] },
    correlationId: `corr-${orderId}`,
    causationId: `cmd-${orderId}`,
    data: {
      orderId,
      customerId,
      items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: amount }],
      amount,
      currency: 'EUR',
      channel: 'online_store',
      placedAt: now,
    },
  };
}
