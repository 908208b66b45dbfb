// An A/B campaign's outcome per customer: opens and clicks count once, revenue counts what the
// customer's orders credited to the campaign kept after refunds and cancellations.
import { valuePerCustomer } from './variant-values';

async function* log(...events: { type: string; data: object }[]) {
  yield* events;
}
const touch = (sourceId: string) => ({
  sourceKind: 'campaign',
  sourceId,
  channel: 'email',
  touchedAt: '2026-04-01T09:00:00.000Z',
});
const order = (orderId: string, customerId: string, amount: string, campaignId = 'spring') => ({
  type: 'marketing.OrderAttributionRecorded',
  data: {
    orderId,
    customerId,
    amount,
    currency: 'EUR',
    placedAt: '',
    touches: [touch(campaignId)],
  },
});
const reversed = (orderId: string, amount: string) => ({
  type: 'marketing.OrderRevenueReversed',
  data: { orderId, customerId: '', reversalId: `r-${orderId}`, amount, currency: 'EUR' },
});

describe('valuePerCustomer', () => {
  it('counts revenue net of refunds and cancellations, and only orders credited to the campaign', async () => {
    const values = await valuePerCustomer(
      log(
        order('o1', 'anna', '100.00'),
        order('o2', 'anna', '20.00'),
        order('o3', 'bert', '50.00'),
        order('o4', 'cara', '70.00', 'autumn'),
        reversed('o1', '40.00'),
        reversed('o3', '50.00'),
        reversed('o4', '70.00'),
      ),
      'spring',
      'revenue',
    );
    expect(values).toEqual(new Map([['anna', 8000]]));
  });

  it('counts a click as an open, and an open only for the opened metric', async () => {
    const engaged = (customerId: string, engagement: string) => ({
      type: 'marketing.EngagementRecorded',
      data: { customerId, sourceKind: 'campaign', sourceId: 'spring', engagement },
    });
    const events = () => log(engaged('anna', 'opened'), engaged('bert', 'clicked'));
    expect(await valuePerCustomer(events(), 'spring', 'opened')).toEqual(
      new Map([
        ['anna', 1],
        ['bert', 1],
      ]),
    );
    expect(await valuePerCustomer(events(), 'spring', 'clicked')).toEqual(new Map([['bert', 1]]));
  });
});
