// The order's fulfilment over real gRPC and PostgreSQL (issue 11): placed → paid → shipped →
// completed, each step once, in the caller's record scope; a skipped step or a step of a
// cancelled order is a typed error and writes nothing.
import { status } from '@grpc/grpc-js';
import { ctx, rep, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-fulfilment');
});
afterAll(async () => {
  await t?.stop();
});

const REP = rep('rep-1', 'team-a');
const OTHER_REP = rep('rep-2', 'team-a');
const placeOrder = () =>
  t.call(
    'PlaceOrder',
    {
      ctx: ctx(),
      customerId: 'cust-1',
      lines: [{ category: 'books', quantity: 2, unitPrice: '12.50' }],
      currency: 'EUR',
      channel: 'ORDER_CHANNEL_ONLINE_STORE',
    },
    REP,
  );
/** The order's events; `orderId` as the untyped gRPC answer gives it. */
const orderEvents = async (orderId: unknown) =>
  (await t.events()).filter((e) => e.stream_id === `sales.Order-${String(orderId)}`);

describe('order fulfilment over gRPC', () => {
  it('pays, ships and completes an order once each, in the owner’s scope', async () => {
    const { createdId: orderId } = await placeOrder();
    const paid = await t.call('PayOrder', { ctx: ctx(), orderId, paymentReference: 'PSP-9' }, REP);
    expect(paid.eventTypes).toEqual(['sales.OrderPaid']);
    expect((await t.call('PayOrder', { ctx: ctx(), orderId }, REP)).eventTypes).toEqual([]);
    // Another rep does not see the order at all.
    expect(await t.fail('ShipOrder', { ctx: ctx(), orderId }, OTHER_REP)).toMatchObject({
      code: status.NOT_FOUND,
    });
    await t.call('ShipOrder', { ctx: ctx(), orderId, carrier: 'DHL', trackingNumber: 'JD1' }, REP);
    await t.call('CompleteOrder', { ctx: ctx(), orderId }, REP);

    const events = await orderEvents(orderId);
    expect(events.map((e) => e.type)).toEqual([
      'sales.OrderPlaced',
      'sales.OrderAttributed',
      'sales.OrderPaid',
      'sales.OrderShipped',
      'sales.OrderCompleted',
    ]);
    expect(events[2]?.data).toMatchObject({ amount: '25.00', currency: 'EUR' });
    expect(events[3]?.data).toMatchObject({ carrier: 'DHL', trackingNumber: 'JD1' });
  });

  it('refuses a skipped step or a step of a cancelled order, writing nothing', async () => {
    const { createdId: orderId } = await placeOrder();
    const before = (await t.events()).length;
    expect(await t.fail('CompleteOrder', { ctx: ctx(), orderId }, REP)).toMatchObject({
      code: status.FAILED_PRECONDITION,
      detail: { code: 'INVALID_TRANSITION' },
    });
    await t.call('CancelOrder', { ctx: ctx(), orderId });
    expect(await t.fail('PayOrder', { ctx: ctx(), orderId }, REP)).toMatchObject({
      detail: { code: 'INVALID_TRANSITION' },
    });
    const tooLong = await t.fail('ShipOrder', { ctx: ctx(), orderId, carrier: 'x'.repeat(201) });
    expect(tooLong.detail.violations.map((v) => v.field)).toEqual(['carrier']);
    expect((await t.events()).length).toBe(before + 1);
  });
});
