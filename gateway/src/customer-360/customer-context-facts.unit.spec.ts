import { salesFactsOf } from './customer-context-facts';

describe('customer 360 sales facts', () => {
  it('adds open amounts exactly per currency and names the nearest close', () => {
    expect(
      salesFactsOf([
        { amount: '0.10', currency: 'EUR', expectedCloseOn: '2027-05-31' },
        { amount: '0.20', currency: 'EUR', expectedCloseOn: '2027-04-30' },
        { amount: '99.99', currency: 'USD', expectedCloseOn: '2027-06-30' },
        { amount: '1000', currency: 'CHF', expectedCloseOn: '2027-07-01' },
      ]),
    ).toEqual({
      openOpportunities: 4,
      // 0.10 + 0.20 in floating point would be 0.30000000000000004.
      openPipeline: [
        { amount: '1000.00', currency: 'CHF' },
        { amount: '0.30', currency: 'EUR' },
        { amount: '99.99', currency: 'USD' },
      ],
      nextExpectedCloseOn: '2027-04-30',
    });
  });

  it('answers zero and no close date for a customer without open opportunities', () => {
    expect(salesFactsOf([])).toEqual({
      openOpportunities: 0,
      openPipeline: [],
      nextExpectedCloseOn: null,
    });
  });

  it('refuses an unreadable amount rather than miscounting', () => {
    expect(() =>
      salesFactsOf([{ amount: '-5', currency: 'EUR', expectedCloseOn: '2027-01-01' }]),
    ).toThrow(RangeError);
  });
});
