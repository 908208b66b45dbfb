// Test support for the purchase-history reactor: a stand-in for the Sales service that appends
// public sales.OrderPlaced (and OrderCancelled, OrderRefunded) events to the shared store (Sales does not exist yet), the reactor's
// dependencies built the way the service builds them, and reads of what the reactor caused.
import { ContractRegistry, ContractValidator, platformContracts } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import {
  PostgresEventStore,
  systemRuntime,
  type EventStore,
  type NewEvent,
} from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import type { ReactorDependencies } from '@crm/reactors';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { customersEventTypes } from '../src/infrastructure/customers-event-types';

export const TENANT = 'tenant-a';

/** Sales' side of the store: no payload schema here, so tests can also write what breaks the contract. */
export async function salesProducer(url: string, schemaVersion = 1): Promise<PostgresEventStore> {
  return PostgresEventStore.create({
    connectionString: url,
    eventTypes: [
      { type: 'sales.OrderPlaced', schemaVersion },
      { type: 'sales.OrderCancelled', schemaVersion: 1 },
      { type: 'sales.OrderRefunded', schemaVersion: 1 },
    ],
    poolConfig: { max: 2 },
  });
}

export function orderPlaced(
  customerId: string,
  overrides: Partial<Record<string, unknown>> = {},
  schemaVersion?: number,
): { streamId: string; event: NewEvent } {
  const orderId = uuidv7();
  return {
    streamId: `sales.Order-${orderId}`,
    event: {
      eventId: uuidv7(),
      type: 'sales.OrderPlaced',
      ...(schemaVersion !== undefined ? { schemaVersion } : {}),
      tenantId: TENANT,
      occurredAt: new Date().toISOString(),
      actor: { kind: 'user', userId: 'seller-1', roles: ['sales'] },
      correlationId: `corr-${orderId}`,
      causationId: `cmd-${orderId}`,
      data: {
        orderId,
        customerId,
        items: [{ sku: 'SKU-1', category: 'shoes', quantity: 2, unitPrice: '40.00' }],
        amount: '80.00',
        currency: 'EUR',
        channel: 'online_store',
        placedAt: '2026-11-01T10:00:00.000Z',
        ...overrides,
      },
    },
  };
}

/** Sales' sales.OrderCancelled or sales.OrderRefunded (data) of `order`, on the order's stream. */
export function orderFollowUp(
  order: { streamId: string; event: NewEvent },
  type: 'sales.OrderCancelled' | 'sales.OrderRefunded',
  data: Record<string, unknown>,
): { streamId: string; event: NewEvent } {
  const placed = order.event.data as { orderId: string; customerId: string };
  return {
    streamId: order.streamId,
    event: {
      ...order.event,
      eventId: uuidv7(),
      type,
      causationId: `cmd-${uuidv7()}`,
      data: { orderId: placed.orderId, customerId: placed.customerId, ...data },
    },
  };
}

/** The purchase reversals (cancellations, refunds) recorded on the customer. */
export async function reversalsOf(
  store: EventStore,
  customerId: string,
): Promise<{ type: string; orderId: string; salesEventId: string; amountMinor: number }[]> {
  const { events } = await store.readStream(`customers.Customer-${customerId}`, {
    tenantId: TENANT,
  });
  return events
    .filter(
      (e) => e.type === 'customers.PurchaseCancelled' || e.type === 'customers.PurchaseRefunded',
    )
    .map((e) => {
      const d = e.data as { orderId: string; salesEventId: string; amountMinor: number };
      return {
        type: e.type,
        orderId: d.orderId,
        salesEventId: d.salesEventId,
        amountMinor: d.amountMinor,
      };
    });
}

/** The store as the service reads it (no personal-data layer) and the rest of a reactor's needs. */
export async function reactorDependencies(
  url: string,
  pool: Pool,
  contracts = new ContractValidator(platformContracts()),
): Promise<ReactorDependencies & { store: PostgresEventStore }> {
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: customersEventTypes(),
    poolConfig: { max: 4 },
  });
  return {
    store,
    pool,
    contracts,
    clock: systemRuntime,
    logger: silentLogger,
    pollIntervalMs: 100,
  };
}

/** The contracts after Sales published OrderPlaced v2 (same shape plus an optional note). */
export function contractsWithOrderPlacedV2(): ContractValidator {
  const v1 = salesContracts.events.find((c) => c.type === 'sales.OrderPlaced')!;
  const schema = v1.dataSchema as { properties: Record<string, unknown> };
  return new ContractValidator(
    new ContractRegistry([
      {
        ...salesContracts,
        events: [
          ...salesContracts.events,
          {
            ...v1,
            schemaVersion: 2,
            dataSchema: {
              ...v1.dataSchema,
              properties: { ...schema.properties, note: { type: 'string' } },
            },
          },
        ],
      },
    ]),
  );
}

export async function purchasesOf(
  store: EventStore,
  customerId: string,
): Promise<{ orderId: string; actor: unknown; causationId: string; correlationId: string }[]> {
  const { events } = await store.readStream(`customers.Customer-${customerId}`, {
    tenantId: TENANT,
  });
  return events
    .filter((e) => e.type === 'customers.PurchaseRecorded')
    .map((e) => ({
      orderId: (e.data as { orderId: string }).orderId,
      actor: e.actor,
      causationId: e.causationId,
      correlationId: e.correlationId,
    }));
}
