import { endOfToday, ticketsNearBreach } from './my-day';

const now = new Date('2026-11-30T10:00:00Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();

describe('my day', () => {
  it('ends today at the next local midnight', () => {
    const end = endOfToday(new Date(2026, 10, 30, 23, 59));
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours()]).toEqual([
      2026, 11, 1, 0,
    ]);
  });

  it('keeps only tickets near or past breach, the most overdue first', () => {
    const relaxed = { id: 'relaxed', slaMarks: [{ dueAt: inMinutes(600) }] };
    const near = { id: 'near', slaMarks: [{ dueAt: inMinutes(600) }, { dueAt: inMinutes(20) }] };
    const breached = { id: 'breached', slaMarks: [{ dueAt: inMinutes(-45) }] };
    const met = { id: 'met', slaMarks: [{ dueAt: inMinutes(5), metAt: inMinutes(-1) }] };
    const none = { id: 'none', slaMarks: [] };
    expect(
      ticketsNearBreach([relaxed, near, breached, met, none], now).map((t) => [
        t.ticket.id,
        t.minutesLeft,
      ]),
    ).toEqual([
      ['breached', -45],
      ['near', 20],
    ]);
  });
});
