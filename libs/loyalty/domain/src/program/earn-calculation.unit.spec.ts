import { order, PROGRAM } from '../testing/loyalty-fixtures';
import { computeEarn, lotExpiry } from './earn-calculation';
import { endOfLocalDay } from './local-midnight';

describe('earn calculation', () => {
  it('earns per amount and per unit of a category, capped per rule', () => {
    const o = order('o1', 12_990, '2026-03-01T10:00:00.000Z', [
      { category: 'shoes', quantity: 5, unitPriceMinor: 2_000 },
      { category: 'socks', quantity: 2, unitPriceMinor: 1_495 },
    ]);
    // 129 points for 129.90 EUR, 5 shoes × 10 = 50 capped at 30.
    expect(computeEarn(PROGRAM, o, 'Bronze')).toEqual({
      qualifyingPoints: 159,
      redeemablePoints: 159,
      multiplierPercent: 100,
    });
  });

  it('multiplies redeemable points by the tier and the best promotion, never qualifying points', () => {
    const may = order('o2', 10_000, '2026-05-10T10:00:00.000Z');
    expect(computeEarn(PROGRAM, may, 'Silver')).toEqual({
      qualifyingPoints: 100,
      redeemablePoints: 300,
      multiplierPercent: 300,
      promotionId: 'double-may',
    });
    // The promotion ends at its `until` instant.
    expect(
      computeEarn(PROGRAM, { ...may, placedAt: '2026-06-01T00:00:00.000Z' }, 'Silver')
        .redeemablePoints,
    ).toBe(150);
  });

  it('earns nothing for an order in another currency', () => {
    expect(
      computeEarn(
        PROGRAM,
        { ...order('o3', 10_000, '2026-03-01T10:00:00.000Z'), currency: 'USD' },
        undefined,
      ),
    ).toMatchObject({ qualifyingPoints: 0, redeemablePoints: 0 });
  });

  it('expires lots at the local midnight ending their last day, across DST', () => {
    // 23:30Z on 15 March 2026 is already 16 March in Berlin: the lot lasts to the end of 16 March 2027.
    expect(
      lotExpiry(
        { kind: 'rolling_months', months: 12 },
        '2026-03-15T23:30:00.000Z',
        'Europe/Berlin',
      ),
    ).toBe('2027-03-16T23:00:00.000Z');
    // Earned in winter time, expiring in summer time (+02:00).
    expect(
      lotExpiry({ kind: 'rolling_months', months: 1 }, '2026-03-01T12:00:00.000Z', 'Europe/Berlin'),
    ).toBe('2026-04-01T22:00:00.000Z');
    expect(endOfLocalDay({ year: 2026, month: 7, day: 1 }, 'Europe/Berlin')).toBe(
      '2026-07-01T22:00:00.000Z',
    );
    expect(
      lotExpiry({ kind: 'rolling_months', months: 1 }, '2026-01-31T12:00:00.000Z', 'UTC'),
    ).toBe('2026-03-01T00:00:00.000Z');
    expect(
      lotExpiry({ kind: 'fixed_day', monthDay: '12-31' }, '2026-12-31T23:30:00.000Z', 'UTC'),
    ).toBe('2027-01-01T00:00:00.000Z'); // earned on the fixed day itself: it ends that night
    expect(
      lotExpiry(
        { kind: 'fixed_day', monthDay: '12-31' },
        '2026-06-01T00:00:00.000Z',
        'America/New_York',
      ),
    ).toBe('2027-01-01T05:00:00.000Z');
  });
});
