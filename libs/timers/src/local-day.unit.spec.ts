import { InvalidTimerError } from './timer-schedule';
import { endOfLocalDay } from './local-day';

describe('endOfLocalDay', () => {
  it('ends the day at the next local midnight in the zone', () => {
    expect(endOfLocalDay('2027-01-31', 'Asia/Tokyo').toISOString()).toBe(
      '2027-01-31T15:00:00.000Z',
    );
    expect(endOfLocalDay('2027-01-31', 'America/New_York').toISOString()).toBe(
      '2027-02-01T05:00:00.000Z',
    );
    expect(endOfLocalDay('2027-01-31', 'UTC').toISOString()).toBe('2027-02-01T00:00:00.000Z');
    expect(endOfLocalDay('2027-12-31', 'Pacific/Kiritimati').toISOString()).toBe(
      '2027-12-31T10:00:00.000Z',
    );
    expect(endOfLocalDay('2027-12-31', 'Pacific/Pago_Pago').toISOString()).toBe(
      '2028-01-01T11:00:00.000Z',
    );
  });

  it('follows daylight saving time: the day before the change and the day of it', () => {
    // Europe/Berlin goes to CEST (UTC+2) on 28 March 2027 at 02:00.
    expect(endOfLocalDay('2027-03-27', 'Europe/Berlin').toISOString()).toBe(
      '2027-03-27T23:00:00.000Z',
    );
    expect(endOfLocalDay('2027-03-28', 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T22:00:00.000Z',
    );
  });

  it('refuses impossible dates and unknown zones', () => {
    expect(() => endOfLocalDay('2027-02-30', 'UTC')).toThrow(InvalidTimerError);
    expect(() => endOfLocalDay('31.01.2027', 'UTC')).toThrow(InvalidTimerError);
    expect(() => endOfLocalDay('2027-01-31', 'Mars/Olympus')).toThrow(InvalidTimerError);
  });
});
