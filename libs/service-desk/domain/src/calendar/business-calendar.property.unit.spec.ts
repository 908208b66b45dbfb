import fc from 'fast-check';
import { officeHoursCalendar } from '../testing/calendar-fixtures';
import { addBusinessTime, businessTimeBetween } from './business-calendar';

const calendar = officeHoursCalendar('Europe/Paris', [
  { name: 'Winter break', from: '2026-12-24', to: '2026-12-26' },
]);
// Any instant through 2026 and 2027 (both daylight-saving changes), to the minute.
const instant = fc
  .integer({
    min: Date.parse('2026-01-01T00:00:00Z') / 60_000,
    max: Date.parse('2027-12-31T00:00:00Z') / 60_000,
  })
  .map((m) => m * 60_000);
const duration = fc.integer({ min: 0, max: 40 * 60 }).map((minutes) => minutes * 60_000);

describe('business time (properties)', () => {
  it('is monotonic: more business time never gives an earlier deadline', () => {
    fc.assert(
      fc.property(instant, duration, duration, (from, a, b) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        expect(addBusinessTime(calendar, from, shorter)).toBeLessThanOrEqual(
          addBusinessTime(calendar, from, longer),
        );
      }),
    );
  });

  it('is additive: adding a then b is adding a + b', () => {
    fc.assert(
      fc.property(instant, duration, duration, (from, a, b) => {
        expect(addBusinessTime(calendar, addBusinessTime(calendar, from, a), b)).toBe(
          addBusinessTime(calendar, from, a + b),
        );
      }),
    );
  });

  it('measuring from the start to the deadline gives back the duration', () => {
    fc.assert(
      fc.property(instant, duration, (from, d) => {
        expect(businessTimeBetween(calendar, from, addBusinessTime(calendar, from, d))).toBe(d);
      }),
    );
  });
});
