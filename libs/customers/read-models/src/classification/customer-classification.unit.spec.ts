import { classifyCustomer, trailingMonths } from './customer-classification';

const NOW = new Date('2024-06-15T00:00:00.000Z');

describe('classifyCustomer', () => {
  it('computes tier, frequency, recency and RFM from the trailing 12 months only', () => {
    const c = classifyCustomer(
      {
        purchases: {
          months: {
            '2024-06': { count: 3, minor: { EUR: 300_000 } },
            '2023-09': { count: 1, minor: { EUR: 50_000, USD: 999_999 } },
            '2023-05': { count: 10, minor: { EUR: 10_000_000 } }, // 13 months ago: ignored
          },
        },
        demographics: { region: 'DE-BE' },
      },
      '2024-06-10T00:00:00.000Z',
      NOW,
    );
    expect(c).toEqual({
      valueTier: 'platinum',
      purchaseFrequency: 0.33,
      purchasesLast12Months: 4,
      mainCurrency: 'USD',
      spendLast12Months: '9999.99',
      daysSinceLastPurchase: 5,
      region: 'DE-BE',
      rfm: { recency: 5, frequency: 3, monetary: 5 },
      segment: 'loyal',
    });
  });

  it('classifies a customer without purchases as none', () => {
    expect(classifyCustomer({}, null, NOW)).toMatchObject({
      valueTier: 'none',
      rfm: { recency: 0, frequency: 0, monetary: 0 },
      segment: 'none',
      region: null,
    });
  });

  it('recomputes with the time of the query: the same data ages', () => {
    const doc = { purchases: { months: { '2024-06': { count: 12, minor: { EUR: 600_000 } } } } };
    expect(classifyCustomer(doc, '2024-06-10T00:00:00.000Z', NOW).segment).toBe('champion');
    expect(
      classifyCustomer(doc, '2024-06-10T00:00:00.000Z', new Date('2025-03-01T00:00:00Z')).segment,
    ).toBe('at_risk');
    expect(trailingMonths(new Date('2024-01-31T00:00:00Z'), 2)).toEqual(['2024-01', '2023-12']);
  });
});
