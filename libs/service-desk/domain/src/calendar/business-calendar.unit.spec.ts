import { ServiceDeskValidationError } from '../errors';
import { officeHoursCalendar } from '../testing/calendar-fixtures';
import { addBusinessTime, businessTimeBetween, defineBusinessCalendar } from './business-calendar';

const HOUR = 3_600_000;
// Friday 4 December 2026; Paris is UTC+1 in winter, so 16:30 local is 15:30Z.
const fridayAt1630Paris = Date.parse('2026-12-04T15:30:00Z');

describe('business calendar (Mon–Fri 09:00–17:00, Europe/Paris)', () => {
  it('Friday 16:30 plus 1 business hour is Monday 09:30', () => {
    const due = addBusinessTime(officeHoursCalendar(), fridayAt1630Paris, 1 * HOUR);
    expect(new Date(due).toISOString()).toBe('2026-12-07T08:30:00.000Z');
  });

  it('Friday 16:30 plus 2 business hours is Monday 10:30 (30 minutes on Friday, 90 on Monday)', () => {
    const due = addBusinessTime(officeHoursCalendar(), fridayAt1630Paris, 2 * HOUR);
    expect(new Date(due).toISOString()).toBe('2026-12-07T09:30:00.000Z');
  });

  it('with Monday a holiday the same deadlines fall on Tuesday', () => {
    const calendar = officeHoursCalendar('Europe/Paris', [
      { name: 'Founders day', from: '2026-12-07', to: '2026-12-07' },
    ]);
    expect(new Date(addBusinessTime(calendar, fridayAt1630Paris, 1 * HOUR)).toISOString()).toBe(
      '2026-12-08T08:30:00.000Z',
    );
    expect(new Date(addBusinessTime(calendar, fridayAt1630Paris, 2 * HOUR)).toISOString()).toBe(
      '2026-12-08T09:30:00.000Z',
    );
  });

  it('the same wall-clock rule gives other instants in another zone', () => {
    const fridayAt1630NewYork = Date.parse('2026-12-04T21:30:00Z');
    const due = addBusinessTime(
      officeHoursCalendar('America/New_York'),
      fridayAt1630NewYork,
      1 * HOUR,
    );
    expect(new Date(due).toISOString()).toBe('2026-12-07T14:30:00.000Z');
  });

  it('follows the daylight-saving change: a business day across it still holds 8 hours', () => {
    const calendar = officeHoursCalendar('Europe/Paris');
    // Clocks go forward on Sunday 29 March 2026; Friday 27 is UTC+1, Monday 30 is UTC+2.
    const fridayNoon = Date.parse('2026-03-27T11:00:00Z');
    const due = addBusinessTime(calendar, fridayNoon, 8 * HOUR);
    expect(new Date(due).toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(businessTimeBetween(calendar, fridayNoon, due)).toBe(8 * HOUR);
  });

  it('a deadline ending at closing time is the closing time', () => {
    const mondayNine = Date.parse('2026-12-07T08:00:00Z');
    expect(
      new Date(addBusinessTime(officeHoursCalendar(), mondayNine, 8 * HOUR)).toISOString(),
    ).toBe('2026-12-07T16:00:00.000Z');
  });

  it('measures the business time between two instants', () => {
    const mondayTen = Date.parse('2026-12-07T09:00:00Z');
    const tuesdayTen = Date.parse('2026-12-08T09:00:00Z');
    expect(businessTimeBetween(officeHoursCalendar(), mondayTen, tuesdayTen)).toBe(8 * HOUR);
    expect(businessTimeBetween(officeHoursCalendar(), tuesdayTen, mondayTen)).toBe(0);
  });
});

describe('defining a calendar', () => {
  const valid = {
    calendarId: 'c1',
    version: 1,
    timeZone: 'Europe/Paris',
    workingHours: [{ weekday: 1, start: '09:00', end: '17:00' }],
    holidays: [],
  };

  const codesOf = (input: Parameters<typeof defineBusinessCalendar>[0]): string[] => {
    try {
      defineBusinessCalendar(input);
    } catch (error) {
      if (error instanceof ServiceDeskValidationError) return error.violations.map((v) => v.code);
      throw error;
    }
    return [];
  };

  it('refuses overlapping holidays', () => {
    expect(
      codesOf({
        ...valid,
        holidays: [
          { name: 'Winter break', from: '2026-12-24', to: '2026-12-31' },
          { name: 'New year', from: '2026-12-31', to: '2027-01-01' },
        ],
      }),
    ).toEqual(['OVERLAPPING']);
  });

  it('refuses an unknown zone, bad hours, overlapping hours and impossible dates', () => {
    expect(codesOf({ ...valid, timeZone: 'Mars/Olympus' })).toEqual(['UNKNOWN_VALUE']);
    expect(
      codesOf({ ...valid, workingHours: [{ weekday: 1, start: '9am', end: '17:00' }] }),
    ).toEqual(['INVALID_FORMAT', 'REQUIRED']);
    expect(
      codesOf({
        ...valid,
        workingHours: [
          { weekday: 1, start: '09:00', end: '13:00' },
          { weekday: 1, start: '12:00', end: '17:00' },
        ],
      }),
    ).toEqual(['OVERLAPPING']);
    expect(
      codesOf({ ...valid, holidays: [{ name: 'x', from: '2026-02-30', to: '2026-02-30' }] }),
    ).toEqual(['INVALID_FORMAT']);
    expect(codesOf({ ...valid, workingHours: [] })).toEqual(['REQUIRED']);
  });
});
