// Calendars shared by the domain's tests and the service's tests.
import {
  defineBusinessCalendar,
  type BusinessCalendar,
  type Holiday,
} from '../calendar/business-calendar';

/** Monday to Friday, 09:00–17:00 local time, in the given zone. */
export function officeHoursCalendar(
  timeZone = 'Europe/Paris',
  holidays: readonly Holiday[] = [],
): BusinessCalendar {
  return defineBusinessCalendar({
    calendarId: 'office-hours',
    version: 1,
    timeZone,
    workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
    holidays,
  });
}
