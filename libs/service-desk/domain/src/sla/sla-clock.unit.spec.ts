import { businessTimeBetween } from '../calendar/business-calendar';
import { ServiceDeskValidationError } from '../errors';
import { standardPolicy } from '../testing/sla-fixtures';
import { milestoneClockAt, type SlaHistory } from './sla-clock';
import { defineSlaPolicy, matchSlaPolicy } from './sla-policy';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);
// Monday 7 December 2026, Paris (UTC+1): 09:00 local is 08:00Z.
const mondayNine = at('2026-12-07T08:00:00Z');
const mondayTen = at('2026-12-07T09:00:00Z');
const tuesdayTen = at('2026-12-08T09:00:00Z');
const policy = standardPolicy();

function history(
  statuses: SlaHistory['statuses'],
  policies: SlaHistory['policies'] = [{ at: mondayNine, policy }],
): SlaHistory {
  return { policies, statuses, milestones: { resolution: { startedAt: mondayNine } } };
}

function dueAt(h: SlaHistory, asOf: number): number {
  const clock = milestoneClockAt(h, 'resolution', asOf);
  if (clock?.state !== 'running') throw new Error(`expected a running clock, got ${clock?.state}`);
  return clock.dueAt;
}

describe('SLA clock', () => {
  it('a ticket paused from Monday 10:00 to Tuesday 10:00 has its deadline moved by exactly the business time paused', () => {
    const unpaused = history([{ at: mondayNine, status: 'in_progress' }]);
    const paused = history([
      { at: mondayNine, status: 'in_progress' },
      { at: mondayTen, status: 'waiting_on_customer' },
      { at: tuesdayTen, status: 'in_progress' },
    ]);
    const before = dueAt(unpaused, tuesdayTen);
    const after = dueAt(paused, tuesdayTen);
    const pausedBusinessTime = businessTimeBetween(policy.calendar, mondayTen, tuesdayTen);
    expect(pausedBusinessTime).toBe(8 * HOUR);
    expect(businessTimeBetween(policy.calendar, before, after)).toBe(pausedBusinessTime);
    expect(new Date(before).toISOString()).toBe('2026-12-08T16:00:00.000Z'); // Tuesday 17:00
    expect(new Date(after).toISOString()).toBe('2026-12-09T16:00:00.000Z'); // Wednesday 17:00
  });

  it('while paused the clock reports paused and uses no time', () => {
    const paused = history([
      { at: mondayNine, status: 'in_progress' },
      { at: mondayTen, status: 'waiting_on_third_party' },
    ]);
    const clock = milestoneClockAt(paused, 'resolution', tuesdayTen);
    expect(clock?.state).toBe('paused');
    expect(clock?.usedMs).toBe(1 * HOUR);
  });

  it('a policy change carries the business time already used over to the new target', () => {
    const urgent = standardPolicy({ policyId: 'urgent', targets: { resolution: 4 * 60 } });
    const changed = history(
      [{ at: mondayNine, status: 'in_progress' }],
      [
        { at: mondayNine, policy },
        { at: mondayTen, policy: urgent },
      ],
    );
    const clock = milestoneClockAt(changed, 'resolution', mondayTen);
    expect(clock).toMatchObject({
      state: 'running',
      policyId: 'urgent',
      usedMs: 1 * HOUR,
      targetMs: 4 * HOUR,
    });
    // 1 hour used under the old policy, 3 left under the new one: Monday 13:00 local.
    expect(new Date(dueAt(changed, mondayTen)).toISOString()).toBe('2026-12-07T12:00:00.000Z');
  });

  it('a breach reports when it happened and the timeline that led to it, as of any instant', () => {
    const urgent = standardPolicy({ policyId: 'urgent', targets: { resolution: 2 * 60 } });
    const h = history(
      [
        { at: mondayNine, status: 'in_progress' },
        { at: mondayTen, status: 'waiting_on_customer' },
        { at: tuesdayTen, status: 'in_progress' },
      ],
      [{ at: mondayNine, policy: urgent }],
    );
    const asOfTuesdayNoon = milestoneClockAt(h, 'resolution', at('2026-12-08T11:00:00Z'));
    expect(asOfTuesdayNoon).toMatchObject({
      state: 'breached',
      breachedAt: at('2026-12-08T10:00:00Z'),
    });
    expect(asOfTuesdayNoon?.timeline.map((i) => [i.status, i.running, i.businessMs])).toEqual([
      ['in_progress', true, 1 * HOUR],
      ['waiting_on_customer', false, 0],
      ['in_progress', true, 2 * HOUR],
    ]);
    // The same history, asked as of Monday 09:30, was running with 90 minutes left.
    expect(milestoneClockAt(h, 'resolution', at('2026-12-07T08:30:00Z'))).toMatchObject({
      state: 'running',
      usedMs: HOUR / 2,
    });
  });

  it('a milestone stopped within its target is met; after it, missed', () => {
    const h: SlaHistory = {
      ...history([{ at: mondayNine, status: 'in_progress' }]),
      milestones: { firstResponse: { startedAt: mondayNine, stoppedAt: mondayTen } },
    };
    expect(milestoneClockAt(h, 'firstResponse', tuesdayTen)).toMatchObject({
      state: 'met',
      metAt: mondayTen,
    });
    const late: SlaHistory = {
      ...h,
      milestones: { firstResponse: { startedAt: mondayNine, stoppedAt: tuesdayTen } },
    };
    expect(milestoneClockAt(late, 'firstResponse', tuesdayTen)).toMatchObject({
      state: 'missed',
      breachedAt: at('2026-12-07T12:00:00Z'),
    });
  });
});

describe('SLA policies', () => {
  it('refuses a policy without milestones', () => {
    expect(() => standardPolicy({ targets: {} })).toThrow(ServiceDeskValidationError);
  });

  it('refuses a target of zero and a warning at 100 percent', () => {
    expect(() =>
      defineSlaPolicy({ ...policy, targets: { resolution: 0 }, warnAtPercent: 100 }),
    ).toThrow(/2 invalid fields: targets.resolution, warnAtPercent/);
  });

  it('matches the most specific policy', () => {
    const byPriority = standardPolicy({ policyId: 'urgent', match: { priorities: ['urgent'] } });
    const byType = standardPolicy({ policyId: 'complaints', match: { types: ['complaint'] } });
    const fallback = standardPolicy({ policyId: 'default', match: {} });
    const all = [fallback, byPriority, byType];
    expect(matchSlaPolicy(all, { priority: 'urgent', type: 'complaint', tags: [] })?.policyId).toBe(
      'complaints',
    );
    expect(matchSlaPolicy(all, { priority: 'urgent', type: 'question', tags: [] })?.policyId).toBe(
      'urgent',
    );
    expect(matchSlaPolicy(all, { priority: 'low', type: 'question', tags: [] })?.policyId).toBe(
      'default',
    );
  });
});
