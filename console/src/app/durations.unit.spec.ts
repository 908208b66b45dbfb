import { formatMinor, formatMinutes, slaCountdown } from './durations';

const now = new Date('2026-03-01T10:00:00Z');
const hour = 3_600_000;

describe('slaCountdown', () => {
  it('is ok with plenty of time left', () => {
    expect(slaCountdown({ dueAt: '2026-03-01T14:00:00Z' }, 8 * hour, now)).toEqual({
      urgency: 'ok',
      minutesLeft: 240,
    });
  });

  it('is near breach in the last quarter of the target', () => {
    expect(slaCountdown({ dueAt: '2026-03-01T11:30:00Z' }, 8 * hour, now).urgency).toBe('near');
  });

  it('is near breach in the last 30 minutes even for short targets', () => {
    expect(slaCountdown({ dueAt: '2026-03-01T10:20:00Z' }, hour, now).urgency).toBe('near');
  });

  it('is breached once due, with the minutes overdue', () => {
    expect(slaCountdown({ dueAt: '2026-03-01T09:15:00Z' }, hour, now)).toEqual({
      urgency: 'breached',
      minutesLeft: -45,
    });
  });

  it('is met when the milestone was met, whatever its due time', () => {
    expect(
      slaCountdown({ dueAt: '2026-03-01T09:00:00Z', metAt: '2026-03-01T08:00:00Z' }, hour, now)
        .urgency,
    ).toBe('met');
  });

  it('has nothing due without a due time', () => {
    expect(slaCountdown({}, null, now)).toEqual({ urgency: 'none', minutesLeft: null });
  });
});

describe('formatMinutes', () => {
  it('shows days, hours and minutes compactly', () => {
    expect(formatMinutes(12)).toBe('12m');
    expect(formatMinutes(-185)).toBe('3h 5m');
    expect(formatMinutes(1500)).toBe('1d 1h');
  });
});

describe('formatMinor', () => {
  it('formats minor units in the currency', () => {
    expect(formatMinor(123456, 'EUR', 'en')).toBe('€1,234.56');
  });
});
