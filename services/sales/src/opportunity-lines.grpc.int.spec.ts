// An opportunity's lines over real gRPC and PostgreSQL (issue 11): the amount is derived from the
// lines, the forecast as of an instant replays it (and a probability set by hand), bad lines are refused with a violation per
// field and write nothing, and a closed deal takes no lines.
import { status } from '@grpc/grpc-js';
import { ctx, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(60_000);

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-opp-lines');
});
afterAll(async () => {
  await t?.stop();
});

const line = ({ recurring = true, ...over }: Record<string, unknown> = {}) => ({
  line: {
    sku: 'SEAT',
    name: 'CRM seat',
    category: 'subscriptions',
    quantity: 10,
    unitPrice: '30.00',
    discountPercent: 10,
    ...over,
  },
  recurring,
});

describe('opportunity lines over gRPC', () => {
  it('derives the amount from the lines, as the board and the forecast as of now see it', async () => {
    const { createdId: opportunityId } = await t.call('OpenOpportunity', {
      ctx: ctx(),
      name: 'Seats for Analytical',
      customerId: 'cust-1',
      pipelineId: 'default',
      amount: '1.00',
      currency: 'EUR',
      expectedCloseOn: '2027-03-31',
    });
    const set = await t.call('SetOpportunityLines', {
      ctx: ctx(),
      opportunityId,
      lines: [
        line(),
        line({
          sku: '',
          name: 'Onboarding',
          recurring: false,
          quantity: 1,
          unitPrice: '500.00',
          discountPercent: 0,
        }),
      ],
    });
    expect(set.eventTypes).toEqual(['sales.OpportunityLinesSet']);
    const stored = (await t.events()).find((e) => e.type === 'sales.OpportunityLinesSet');
    expect(stored?.data).toMatchObject({ amount: '770.00', recurringAmount: '270.00' });

    const asOf = await t.call('PipelineAsOf', { ctx: ctx(), asOf: new Date().toISOString() });
    expect(asOf.opportunities).toEqual([
      expect.objectContaining({ opportunityId, amount: '770.00' }),
    ]);
    // A probability set by hand is what the forecast weighs; 101 % is refused.
    await t.call('OverrideOpportunityProbability', { ctx: ctx(), opportunityId, probability: 80 });
    const overridden = await t.call('PipelineAsOf', { ctx: ctx(), asOf: new Date().toISOString() });
    expect(overridden.opportunities).toEqual([
      expect.objectContaining({ opportunityId, probability: 80 }),
    ]);
    const tooHigh = await t.fail('OverrideOpportunityProbability', {
      ctx: ctx(),
      opportunityId,
      probability: 101,
    });
    expect(tooHigh.detail.violations.map((v) => v.field)).toEqual(['probability']);
    await t.call('WinOpportunity', { ctx: ctx(), opportunityId });
    const won = (await t.events()).find((e) => e.type === 'sales.OpportunityWon');
    expect(won?.data).toMatchObject({ amount: '770.00' });

    expect(
      await t.fail('SetOpportunityLines', { ctx: ctx(), opportunityId, lines: [line()] }),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, detail: { code: 'INVALID_TRANSITION' } });
  });

  it('refuses negative prices, discounts over 100 % and no lines, writing nothing', async () => {
    const before = (await t.events()).length;
    const bad = await t.fail('SetOpportunityLines', {
      ctx: ctx(),
      opportunityId: 'opp-x',
      lines: [line({ unitPrice: '-1.00', discountPercent: 101, quantity: 0 })],
    });
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.detail.violations.map((v) => v.field)).toEqual([
      'lines[0].quantity',
      'lines[0].unitPrice',
      'lines[0].discountPercent',
    ]);
    const none = await t.fail('SetOpportunityLines', {
      ctx: ctx(),
      opportunityId: 'opp-x',
      lines: [],
    });
    expect(none.detail.violations.map((v) => v.field)).toEqual(['lines']);
    expect((await t.events()).length).toBe(before);
  });
});
