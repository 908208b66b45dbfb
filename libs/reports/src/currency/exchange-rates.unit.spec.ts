import {
  ExchangeRates,
  InvalidExchangeRateError,
  validateExchangeRate,
  type ExchangeRate,
} from './exchange-rates';

const usd = (rate: number, effectiveFrom: string): ExchangeRate => ({
  currency: 'USD',
  reportingCurrency: 'EUR',
  rate,
  effectiveFrom,
});

describe('exchange rates', () => {
  const rates = new ExchangeRates('EUR', [
    usd(0.9, '2026-01-01T00:00:00Z'),
    usd(0.8, '2026-03-01T00:00:00Z'),
    // A rate towards a former reporting currency is ignored.
    { currency: 'USD', reportingCurrency: 'GBP', rate: 0.7, effectiveFrom: '2026-02-01T00:00:00Z' },
    usd(0.85, '2026-01-01T00:00:00Z'), // set again for the same instant: replaces 0.9
  ]);

  it('converts at the rate in force at the instant', () => {
    expect(rates.convertMinor(10_000, 'USD', new Date('2025-12-31T23:59:59Z'))).toBeNull();
    expect(rates.convertMinor(10_000, 'USD', new Date('2026-01-01T00:00:00Z'))).toBe(8_500);
    expect(rates.convertMinor(10_000, 'USD', new Date('2026-02-28T23:59:59Z'))).toBe(8_500);
    expect(rates.convertMinor(10_000, 'USD', new Date('2026-03-01T00:00:00Z'))).toBe(8_000);
    expect(rates.convertMinor(10_001, 'USD', new Date('2026-04-01T00:00:00Z'))).toBe(8_001);
    expect(rates.convertMinor(123, 'EUR', new Date('2020-01-01T00:00:00Z'))).toBe(123);
    expect(rates.convertMinor(123, 'JPY', new Date('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('converts nothing without a reporting currency', () => {
    expect(ExchangeRates.none().convertMinor(100, 'EUR', new Date())).toBeNull();
  });

  it.each([
    [{ currency: 'usd' }, 'currency'],
    [{ currency: 'EUR' }, 'currency'],
    [{ reportingCurrency: 'EURO' }, 'reportingCurrency'],
    [{ rate: 0 }, 'rate'],
    [{ rate: Number.POSITIVE_INFINITY }, 'rate'],
    [{ effectiveFrom: 'yesterday' }, 'effectiveFrom'],
  ])('refuses %j naming %s', (patch, field) => {
    const attempt = () => validateExchangeRate({ ...usd(0.9, '2026-01-01T00:00:00Z'), ...patch });
    expect(attempt).toThrow(InvalidExchangeRateError);
    expect(attempt).toThrow(new RegExp(`^Invalid exchange rate: ${field} `));
  });
});
