import { pointsByExpiryMonth } from './points-by-month';

describe('pointsByExpiryMonth', () => {
  it('sums lots by expiry month in date order', () => {
    expect(
      pointsByExpiryMonth([
        { points: 50, expiresAt: '2027-03-31T16:00:00.000Z' },
        { points: 100, expiresAt: '2026-12-31T16:00:00.000Z' },
        { points: 25, expiresAt: '2027-03-01T00:00:00.000Z' },
      ]),
    ).toEqual([
      { month: '2026-12', points: 100 },
      { month: '2027-03', points: 75 },
    ]);
  });

  it('has no bars without lots', () => {
    expect(pointsByExpiryMonth([])).toEqual([]);
  });
});
