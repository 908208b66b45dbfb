// An opportunity's lines over real gRPC and PostgreSQL (issue 11): the amount is derived from the
// lines, the forecast as of an instant replays it (and a probability set by hand), bad lines are refused with a violation per
// field and write nothing, and a closed deal takes no lines. A quote created without lines is built
// from the deal's current lines (ADR 0442).
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

  it('builds a quote given no lines from the deal’s current lines; given lines are kept', async () => {
    const open = async () =>
      (
        await t.call('OpenOpportunity', {
          ctx: ctx(),
          name: 'Seats for Babbage',
          customerId: 'cust-2',
          amount: '1.00',
          currency: 'EUR',
          expectedCloseOn: '2027-03-31',
        })
      ).createdId as string;
    const validUntil = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const quoteCreated = async (quoteId: unknown): Promise<unknown> =>
      (await t.events()).find((e) => e.type === 'sales.QuoteCreated' && e.data.quoteId === quoteId)
        ?.data;

    const opportunityId = await open();
    await t.call('SetOpportunityLines', {
      ctx: ctx(),
      opportunityId,
      lines: [
        line(),
        line({
          sku: '',
          name: 'Onboarding',
          recurring: false,
          unitPrice: '500.00',
          quantity: 1,
          discountPercent: 0,
        }),
      ],
    });
    // The deal's lines changed since: the quote takes them as they are now.
    await t.call('SetOpportunityLines', {
      ctx: ctx(),
      opportunityId,
      lines: [
        line({ quantity: 20 }),
        line({
          sku: 'TRAIN',
          name: 'Training',
          recurring: false,
          unitPrice: '900.00',
          quantity: 1,
          discountPercent: 25,
        }),
      ],
    });
    const fromDeal = await t.call('CreateQuote', {
      ctx: ctx(),
      opportunityId,
      lines: [],
      validUntil,
    });
    expect(await quoteCreated(fromDeal.createdId)).toMatchObject({
      lines: [
        {
          sku: 'SEAT',
          name: 'CRM seat',
          category: 'subscriptions',
          quantity: 20,
          unitPrice: '30.00',
          discountPercent: 10,
          netAmount: '540.00',
        },
        {
          sku: 'TRAIN',
          name: 'Training',
          category: 'subscriptions',
          quantity: 1,
          unitPrice: '900.00',
          discountPercent: 25,
          netAmount: '675.00',
        },
      ],
      amount: '1215.00',
    });

    const given = await t.call('CreateQuote', {
      ctx: ctx(),
      opportunityId,
      lines: [line({ quantity: 1, discountPercent: 0 }).line],
      validUntil,
    });
    expect(await quoteCreated(given.createdId)).toMatchObject({
      lines: [expect.objectContaining({ quantity: 1, netAmount: '30.00' })],
      amount: '30.00',
    });

    // A deal without lines, and none given: refused, nothing written.
    const bare = await open();
    const before = (await t.events()).length;
    expect(
      await t.fail('CreateQuote', { ctx: ctx(), opportunityId: bare, lines: [], validUntil }),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, detail: { code: 'QUOTE_WITHOUT_LINES' } });
    expect((await t.events()).length).toBe(before);
  });
});
