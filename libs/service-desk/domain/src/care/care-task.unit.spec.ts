// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import {
  addMonths,
  birthdayCron,
  CareTaskNotFoundError,
  CareTaskNotOpenError,
  careTaskDecider,
  isDetractor,
  purchaseReminders,
} from './care-task';

const at = (iso: string) => Date.parse(iso);

describe('care reminders of a purchase', () => {
  it('follow-up N days after, warranty end N months after, clamped to the month end', () => {
    const purchased = at('2026-01-31T10:00:00.000Z');
    expect(
      purchaseReminders(purchased, { followUpDays: 14, warrantyMonths: 25 }, purchased).map((r) => [
        r.kind,
        new Date(r.dueAt).toISOString(),
      ]),
    ).toEqual([
      ['purchase_follow_up', '2026-02-14T10:00:00.000Z'],
      ['warranty_expiry', '2028-02-29T10:00:00.000Z'],
    ]);
    expect(new Date(addMonths(at('2026-03-31T00:00:00.000Z'), 1)).toISOString()).toBe(
      '2026-04-30T00:00:00.000Z',
    );
  });

  it('leaves out reminders already past (an old purchase read again)', () => {
    const purchased = at('2024-05-01T08:00:00.000Z');
    expect(
      purchaseReminders(
        purchased,
        { followUpDays: 14, warrantyMonths: 24 },
        at('2026-01-01T00:00:00.000Z'),
      ).map((r) => r.kind),
    ).toEqual(['warranty_expiry']);
  });

  it('detractors: CSAT 1–2, NPS 0–6', () => {
    expect([1, 2, 3].map((s) => isDetractor('csat', s))).toEqual([true, true, false]);
    expect([6, 7].map((s) => isDetractor('nps', s))).toEqual([true, false]);
  });

  it('opens a task once', () => {
    const data = {
      taskId: 'care-1',
      at: '2026-12-07T08:00:00.000Z',
      kind: 'detractor_follow_up' as const,
      customerId: 'c-1',
      dueAt: '2026-12-07T08:00:00.000Z',
      score: 1,
    };
    const spec = deciderSpec(careTaskDecider);
    spec
      .given([])
      .when({ type: 'OpenCareTask', data })
      .then([{ type: 'service-desk.CareTaskOpened', data }]);
    spec
      .given([{ type: 'service-desk.CareTaskOpened', data }])
      .when({ type: 'OpenCareTask', data })
      .thenNothingHappened();
  });

  it('is completed or dismissed once; a retry writes nothing, the other is refused', () => {
    const opened = {
      type: 'service-desk.CareTaskOpened' as const,
      data: {
        taskId: 't-1',
        at: '2026-12-07T08:00:00.000Z',
        kind: 'birthday' as const,
        dueAt: '2026-12-07T08:00:00.000Z',
      },
    };
    const done = { taskId: 't-1', at: '2026-12-08T10:00:00.000Z', by: 'agent-1' };
    const spec = deciderSpec(careTaskDecider);
    spec
      .given([opened])
      .when({ type: 'CompleteCareTask', data: done })
      .then([{ type: 'service-desk.CareTaskCompleted', data: done }]);
    const completed = { type: 'service-desk.CareTaskCompleted' as const, data: done };
    spec
      .given([opened, completed])
      .when({ type: 'CompleteCareTask', data: done })
      .thenNothingHappened();
    spec
      .given([opened, completed])
      .when({ type: 'DismissCareTask', data: { ...done, reason: 'not_needed' } })
      .thenThrows(CareTaskNotOpenError, (error) => expect(error.status).toBe('completed'));
    spec
      .given([opened])
      .when({ type: 'DismissCareTask', data: { ...done, reason: 'customer_unreachable' } })
      .then([
        {
          type: 'service-desk.CareTaskDismissed',
          data: { ...done, reason: 'customer_unreachable' },
        },
      ]);
    spec.given([]).when({ type: 'CompleteCareTask', data: done }).thenThrows(CareTaskNotFoundError);
  });
});

describe('birthday reminders', () => {
  it('come at 09:00 on the day and month, every year; 29 February on the 28th', () => {
    expect(birthdayCron('1990-12-09')).toBe('0 9 9 12 *');
    expect(birthdayCron('2000-02-29')).toBe('0 9 28 2 *');
  });

  it('need a real date', () => {
    expect(birthdayCron('[erased]')).toBeUndefined();
    expect(birthdayCron('1990-02-30')).toBeUndefined();
    expect(birthdayCron('1990-13-01')).toBeUndefined();
  });
});
