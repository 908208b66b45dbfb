// Attribution: the same recorded orders and touches credited under last touch, first touch and
// linear models and windows; ROI per source and channel; touches frozen with the order once.
import {
  attributeOrder,
  attributionReport,
  customerTouchesDecider,
  fromMinor,
  netOfReversals,
  toMinor,
  type CustomerTouchesCommand,
  type OrderWithTouches,
} from '../index';

const touch = (
  sourceId: string,
  touchedAt: string,
  sourceKind: 'campaign' | 'journey' = 'campaign',
) => ({
  sourceKind,
  sourceId,
  channel: 'email',
  touchedAt,
});
const order: OrderWithTouches = {
  orderId: 'o1',
  customerId: 'anna',
  amountMinor: 10_000,
  currency: 'EUR',
  placedAt: '2026-03-20T00:00:00.000Z',
  touches: [
    touch('spring', '2026-02-01T00:00:00.000Z'),
    touch('welcome', '2026-03-10T00:00:00.000Z', 'journey'),
    touch('easter', '2026-03-18T00:00:00.000Z'),
  ],
};

describe('attribution models', () => {
  it('last touch, first touch and linear credit the same order differently', () => {
    expect(attributeOrder(order, 'lastTouch', 30).map((c) => [c.sourceId, c.amountMinor])).toEqual([
      ['easter', 10_000],
    ]);
    expect(attributeOrder(order, 'firstTouch', 30).map((c) => [c.sourceId, c.amountMinor])).toEqual(
      [['welcome', 10_000]],
    );
    expect(attributeOrder(order, 'firstTouch', 90).map((c) => c.sourceId)).toEqual(['spring']);
    expect(attributeOrder(order, 'linear', 90).map((c) => c.amountMinor)).toEqual([
      3334, 3333, 3333,
    ]);
    expect(attributeOrder(order, 'lastTouch', 1)).toEqual([]);
  });

  it('reports revenue, cost and ROI per source and per channel', () => {
    const report = attributionReport(
      [order, { ...order, orderId: 'o2', touches: [] }],
      [
        {
          sourceKind: 'campaign',
          sourceId: 'easter',
          channel: 'email',
          amountMinor: 2_000,
          currency: 'EUR',
        },
      ],
      'lastTouch',
      30,
    );
    expect(report.bySource).toEqual([
      {
        sourceKind: 'campaign',
        sourceId: 'easter',
        channel: 'email',
        currency: 'EUR',
        revenueMinor: 10_000,
        orders: 1,
        costMinor: 2_000,
        roi: 4,
      },
    ]);
    expect(report.byChannel).toEqual([
      {
        channel: 'email',
        currency: 'EUR',
        revenueMinor: 10_000,
        orders: 1,
        costMinor: 2_000,
        roi: 4,
      },
    ]);
    expect(report.unattributedRevenueMinor).toEqual({ EUR: 10_000 });
  });

  it('amounts convert between decimal strings and minor units', () => {
    expect(toMinor('129.90')).toBe(12_990);
    expect(toMinor('5')).toBe(500);
    expect(fromMinor(12_990)).toBe('129.90');
    expect(() => toMinor('1e3')).toThrow(RangeError);
  });
});

describe('customer touches', () => {
  it('records each touch and order once, the order with the touches of the 90 days before it', () => {
    const { decide, evolve, initialState } = customerTouchesDecider;
    let state = initialState;
    const apply = (c: Parameters<typeof decide>[0]) => {
      const events = decide(c, state);
      state = events.reduce(evolve, state);
      return events;
    };
    const now = '2026-03-20T00:00:00.000Z';
    for (const t of [
      touch('old', '2025-11-01T00:00:00.000Z'),
      ...order.touches,
      touch('later', '2026-03-21T00:00:00.000Z'),
    ])
      apply({ type: 'RecordTouch', data: { ...t, customerId: 'anna', touchId: t.sourceId, now } });
    expect(
      apply({
        type: 'RecordTouch',
        data: { ...touch('spring', now), customerId: 'anna', touchId: 'spring', now },
      }),
    ).toEqual([]);
    const recorded = apply({
      type: 'RecordOrderForAttribution',
      data: {
        orderId: 'o1',
        customerId: 'anna',
        amount: '100.00',
        currency: 'EUR',
        placedAt: order.placedAt,
        now,
      },
    });
    expect(
      recorded.flatMap((e) =>
        e.type === 'marketing.OrderAttributionRecorded'
          ? e.data.touches.map((t) => t.sourceId)
          : [],
      ),
    ).toEqual(['spring', 'welcome', 'easter']);
    expect(
      apply({
        type: 'RecordOrderForAttribution',
        data: {
          orderId: 'o1',
          customerId: 'anna',
          amount: '100.00',
          currency: 'EUR',
          placedAt: order.placedAt,
          now,
        },
      }),
    ).toEqual([]);
  });
});

describe('refunds and cancellations', () => {
  const { decide, evolve, initialState } = customerTouchesDecider;
  const at = '2026-03-25T00:00:00.000Z';
  const reversal = (reversalId: string, refund?: { amount: string; currency: string }) =>
    ({
      type: 'RecordOrderReversal',
      data: {
        orderId: 'o1',
        customerId: 'anna',
        reversalId,
        reversal: refund ? 'refund' : 'cancellation',
        reversedAt: at,
        ...(refund ? { refund } : {}),
        now: at,
      },
    }) satisfies CustomerTouchesCommand;

  it('takes back at most what the order has left, once per sales event, in its currency', () => {
    let state = initialState;
    const apply = (c: CustomerTouchesCommand) => {
      const events = decide(c, state);
      state = events.reduce(evolve, state);
      return events.map((e) =>
        e.type === 'marketing.OrderRevenueReversed' ? e.data.amount : e.type,
      );
    };
    // An order marketing never recorded had no attributed revenue: nothing to net.
    expect(apply(reversal('r0', { amount: '10.00', currency: 'EUR' }))).toEqual([]);
    apply({
      type: 'RecordOrderForAttribution',
      data: {
        orderId: 'o1',
        customerId: 'anna',
        amount: '100.00',
        currency: 'EUR',
        placedAt: order.placedAt,
        now: at,
      },
    });
    expect(apply(reversal('r1', { amount: '30.00', currency: 'EUR' }))).toEqual(['30.00']);
    expect(apply(reversal('r1', { amount: '30.00', currency: 'EUR' }))).toEqual([]);
    expect(apply(reversal('r2', { amount: '5.00', currency: 'USD' }))).toEqual([]);
    // The cancellation takes back what is left; a later refund finds nothing.
    expect(apply(reversal('c1'))).toEqual(['70.00']);
    expect(apply(reversal('r3', { amount: '1.00', currency: 'EUR' }))).toEqual([]);
  });

  it('the report credits only the revenue an order kept', () => {
    const orders = [order, { ...order, orderId: 'o2' }];
    const netted = netOfReversals(
      orders,
      new Map([
        ['o1', 2_500],
        ['o2', 10_000],
      ]),
    );
    expect(netted.map((o) => [o.orderId, o.amountMinor])).toEqual([['o1', 7_500]]);
    const report = attributionReport(netted, [], 'lastTouch', 30);
    expect(report.bySource.map((r) => [r.sourceId, r.revenueMinor, r.orders])).toEqual([
      ['easter', 7_500, 1],
    ]);
  });
});

describe('engagement (tracked opens and clicks)', () => {
  const { decide, evolve, initialState } = customerTouchesDecider;
  const engage = (sourceId: string, engagement: 'opened' | 'clicked', now: string, url?: string) =>
    ({
      type: 'RecordEngagement',
      data: {
        customerId: 'anna',
        sourceKind: 'campaign',
        sourceId,
        engagement,
        ...(url ? { url } : {}),
        now,
      },
    }) as const;

  it('marks the latest touch of its source before it, once per kind and link, when an order is recorded', () => {
    let state = initialState;
    const apply = (c: Parameters<typeof decide>[0]) => {
      const events = decide(c, state);
      state = events.reduce(evolve, state);
      return events.map((e) => e.type);
    };
    for (const t of [
      touch('spring', '2026-03-01T00:00:00.000Z'),
      touch('spring', '2026-03-05T00:00:00.000Z'),
    ])
      apply({
        type: 'RecordTouch',
        data: { ...t, customerId: 'anna', touchId: t.touchedAt, now: t.touchedAt },
      });
    expect(apply(engage('spring', 'opened', '2026-03-06T00:00:00.000Z'))).toEqual([
      'marketing.EngagementRecorded',
    ]);
    expect(apply(engage('spring', 'opened', '2026-03-07T00:00:00.000Z'))).toEqual([]);
    expect(
      apply(engage('spring', 'clicked', '2026-03-07T00:00:00.000Z', 'https://a.example')),
    ).toEqual(['marketing.EngagementRecorded']);
    expect(
      apply(engage('spring', 'clicked', '2026-03-08T00:00:00.000Z', 'https://a.example')),
    ).toEqual([]);
    // Another link of the same mail is another click.
    expect(
      apply(engage('spring', 'clicked', '2026-03-08T00:00:00.000Z', 'https://b.example')),
    ).toEqual(['marketing.EngagementRecorded']);
    apply({
      type: 'RecordOrderForAttribution',
      data: {
        orderId: 'o9',
        customerId: 'anna',
        amount: '10.00',
        currency: 'EUR',
        placedAt: '2026-03-07T12:00:00.000Z',
        now: '2026-03-07T12:00:00.000Z',
      },
    });
    // The second click came after the order: the order saw the first click only.
    const recorded = decide(
      {
        type: 'RecordOrderForAttribution',
        data: {
          orderId: 'o10',
          customerId: 'anna',
          amount: '10.00',
          currency: 'EUR',
          placedAt: '2026-03-06T12:00:00.000Z',
          now: '2026-03-09T00:00:00.000Z',
        },
      },
      state,
    );
    expect(
      recorded.flatMap((e) =>
        e.type === 'marketing.OrderAttributionRecorded'
          ? e.data.touches.map((t) => t.engagement)
          : [],
      ),
    ).toEqual([undefined, 'opened']);
  });

  it('a minimum engagement counts only the touches engaged that far', () => {
    const engaged: OrderWithTouches = {
      ...order,
      touches: [
        { ...touch('spring', '2026-03-01T00:00:00.000Z'), engagement: 'clicked' },
        { ...touch('welcome', '2026-03-10T00:00:00.000Z', 'journey'), engagement: 'opened' },
        touch('easter', '2026-03-18T00:00:00.000Z'),
      ],
    };
    const credited = (minimum: 'sent' | 'opened' | 'clicked') =>
      attributeOrder(engaged, 'lastTouch', 30, minimum).map((c) => c.sourceId);
    expect(credited('sent')).toEqual(['easter']);
    expect(credited('opened')).toEqual(['welcome']);
    expect(credited('clicked')).toEqual(['spring']);
    const report = attributionReport([engaged], [], 'linear', 30, 'opened');
    expect(report.minimumEngagement).toBe('opened');
    expect(report.bySource.map((r) => [r.sourceId, r.revenueMinor])).toEqual([
      ['spring', 5_000],
      ['welcome', 5_000],
    ]);
  });
});
