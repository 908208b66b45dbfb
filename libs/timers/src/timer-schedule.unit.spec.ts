import { InvalidTimerError, firstDue, nextDue, parseSchedule } from './timer-schedule';

describe('timer schedules', () => {
  it('keeps a daily 09:00 at 09:00 local across the spring and autumn DST changes', () => {
    const rule = parseSchedule({ cron: '0 9 * * *', timeZone: 'Europe/Paris' });
    let due = firstDue(rule, new Date('2026-03-27T12:00:00Z'));
    const spring = [due];
    for (let i = 0; i < 2; i++) spring.push((due = nextDue(rule, due)!));
    expect(spring.map((d) => d.toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z', // CET, UTC+1
      '2026-03-29T07:00:00.000Z', // CEST from that night, UTC+2
      '2026-03-30T07:00:00.000Z',
    ]);
    due = firstDue(rule, new Date('2026-10-24T07:30:00Z'));
    expect([due, nextDue(rule, due)!].map((d) => d.toISOString())).toEqual([
      '2026-10-25T08:00:00.000Z', // back to CET
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('fires a nightly 02:30 once on both DST nights: after the gap in spring, at the first 02:30 in autumn', () => {
    const rule = parseSchedule({ cron: '30 2 * * *', timeZone: 'Europe/Paris' });
    const spring = firstDue(rule, new Date('2026-03-28T12:00:00Z'));
    expect([spring, nextDue(rule, spring)!].map((d) => d.toISOString())).toEqual([
      '2026-03-29T01:30:00.000Z', // 02:30 does not exist that night: 03:30 CEST
      '2026-03-30T00:30:00.000Z',
    ]);
    const autumn = firstDue(rule, new Date('2026-10-24T12:00:00Z'));
    expect([autumn, nextDue(rule, autumn)!].map((d) => d.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST); the second one (CET) is skipped
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('is due at the instant itself when asked exactly then, and once only for an instant', () => {
    const rule = parseSchedule({ cron: '0 2 * * *', timeZone: 'UTC' });
    expect(firstDue(rule, new Date('2026-01-01T02:00:00Z')).toISOString()).toBe(
      '2026-01-01T02:00:00.000Z',
    );
    const once = parseSchedule({ at: '2026-01-01T02:00:00+01:00' });
    expect(once).toEqual({ at: '2026-01-01T01:00:00.000Z' });
    expect(nextDue(once, new Date('2026-01-01T01:00:00Z'))).toBeUndefined();
  });

  it.each([
    [{ at: 'tomorrow' }, 'at'],
    [{ cron: '0 9 * * *', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ cron: '61 9 * * *', timeZone: 'UTC' }, 'cron'],
    [{ cron: '', timeZone: 'UTC' }, 'cron'],
    [{ cron: '0 9', timeZone: 'UTC' }, 'cron'],
  ])('refuses %j naming the field %s', (schedule, field) => {
    expect(() => parseSchedule(schedule)).toThrow(InvalidTimerError);
    expect(() => parseSchedule(schedule)).toThrow(new RegExp(`^${field}: `));
  });
});
