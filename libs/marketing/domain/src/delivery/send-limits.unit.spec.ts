// Frequency cap and quiet hours: parsed from their configuration texts, the cap counted over a
// rolling window, quiet hours in the customer's own zone (spanning midnight or not).
import { capReached, parseFrequencyCap, parseQuietHours, quietHoursEnd } from './send-limits';

describe('frequency cap', () => {
  it('parses max/days and counts the sends of the rolling window only', () => {
    expect(parseFrequencyCap('2/7')).toEqual({ max: 2, days: 7 });
    for (const none of ['', '0/7', '2/0', 'two/7', '2/7/1'])
      expect(parseFrequencyCap(none)).toBeUndefined();
    const cap = { max: 2, days: 7 };
    const now = new Date('2026-03-10T12:00:00.000Z');
    expect(capReached(['2026-03-09T00:00:00.000Z'], now, cap)).toBe(false);
    expect(capReached(['2026-03-09T00:00:00.000Z', '2026-03-10T00:00:00.000Z'], now, cap)).toBe(
      true,
    );
    // Eight days ago no longer counts.
    expect(capReached(['2026-03-02T00:00:00.000Z', '2026-03-10T00:00:00.000Z'], now, cap)).toBe(
      false,
    );
  });
});

describe('quiet hours', () => {
  const night = parseQuietHours('21:00-08:00')!;

  it('parse HH:MM-HH:MM, none for anything else or an empty span', () => {
    expect(night).toEqual({ from: 21 * 60, to: 8 * 60 });
    for (const none of ['', '21:00', '25:00-08:00', '08:00-08:00'])
      expect(parseQuietHours(none)).toBeUndefined();
  });

  it("end at the customer's local end of the night, and are not in force by day", () => {
    // 23:30 in Shanghai (UTC+8) is 15:30 UTC: quiet until 08:00 local = 00:00 UTC.
    expect(quietHoursEnd(new Date('2026-07-14T15:30:20.000Z'), 'Asia/Shanghai', night)).toBe(
      '2026-07-15T00:00:00.000Z',
    );
    // 06:00 in Berlin (UTC+2 in summer): until 08:00 local = 06:00 UTC.
    expect(quietHoursEnd(new Date('2026-07-14T04:00:00.000Z'), 'Europe/Berlin', night)).toBe(
      '2026-07-14T06:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-07-14T10:00:00.000Z'), 'Europe/Berlin', night)).toBeNull();
    const lunch = parseQuietHours('12:00-13:00')!;
    expect(quietHoursEnd(new Date('2026-07-14T12:15:00.000Z'), 'UTC', lunch)).toBe(
      '2026-07-14T13:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-07-14T13:00:00.000Z'), 'UTC', lunch)).toBeNull();
  });
});
