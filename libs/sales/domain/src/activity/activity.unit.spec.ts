// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidTransitionError, RecordAlreadyExistsError } from '../errors';
import type { ActivityCommand } from './activity.commands';
import { activityDecider } from './activity.decider';
import type { ActivityEvent } from './activity.events';

const A = 'act-1';
const T0 = '2026-03-01T09:00:00.000Z';
const DUE = '2026-03-03T14:00:00.000Z';
const REMIND = '2026-03-03T13:45:00.000Z';
const spec = deciderSpec(activityDecider);

const schedule: ActivityCommand = {
  type: 'ScheduleActivity',
  data: {
    activityId: A,
    kind: 'call',
    subject: 'Call about the proposal',
    about: { kind: 'opportunity', id: 'opp-1' },
    dueAt: DUE,
    remindAt: REMIND,
    ownerId: 'rep-1',
    teamId: 'team-a',
    now: T0,
  },
};
const scheduled: ActivityEvent = {
  type: 'sales.ActivityScheduled',
  data: {
    activityId: A,
    kind: 'call',
    subject: 'Call about the proposal',
    about: { kind: 'opportunity', id: 'opp-1' },
    dueAt: DUE,
    remindAt: REMIND,
    ownerId: 'rep-1',
    teamId: 'team-a',
    scheduledAt: T0,
  },
};
const remind = (remindAt: string): ActivityCommand => ({
  type: 'RemindActivity',
  data: { activityId: A, remindAt, now: remindAt },
});
const reminded: ActivityEvent = {
  type: 'sales.ActivityReminderDue',
  data: { activityId: A, ownerId: 'rep-1', dueAt: DUE, remindedAt: REMIND },
};
const completed: ActivityEvent = {
  type: 'sales.ActivityCompleted',
  data: { activityId: A, outcome: 'agreed', completedAt: DUE },
};

describe('Activity', () => {
  it('is scheduled once, with its due date, subject record and reminder', () => {
    spec.given([]).when(schedule).then([scheduled]);
    spec.given([scheduled]).when(schedule).thenThrows(RecordAlreadyExistsError);
  });

  it('reminds once, for the reminder currently set, while open', () => {
    spec.given([scheduled]).when(remind(REMIND)).then([reminded]);
    spec.given([scheduled, reminded]).when(remind(REMIND)).thenNothingHappened();
    spec.given([scheduled, completed]).when(remind(REMIND)).thenNothingHappened();
    const moved: ActivityEvent = {
      type: 'sales.ActivityRescheduled',
      data: {
        activityId: A,
        dueAt: '2026-03-04T14:00:00.000Z',
        remindAt: '2026-03-04T13:00:00.000Z',
        rescheduledAt: T0,
      },
    };
    // The old timer firing after a move is stale; the new reminder is due.
    spec.given([scheduled, moved]).when(remind(REMIND)).thenNothingHappened();
    spec
      .given([scheduled, reminded, moved])
      .when(remind('2026-03-04T13:00:00.000Z'))
      .then([
        {
          type: 'sales.ActivityReminderDue',
          data: {
            activityId: A,
            ownerId: 'rep-1',
            dueAt: '2026-03-04T14:00:00.000Z',
            remindedAt: '2026-03-04T13:00:00.000Z',
          },
        },
      ]);
  });

  it('is completed or cancelled once; a done activity cannot be moved', () => {
    const complete: ActivityCommand = {
      type: 'CompleteActivity',
      data: { activityId: A, outcome: 'agreed', now: DUE },
    };
    spec.given([scheduled]).when(complete).then([completed]);
    spec.given([scheduled, completed]).when(complete).thenNothingHappened();
    spec
      .given([scheduled, completed])
      .when({ type: 'CancelActivity', data: { activityId: A, now: DUE } })
      .thenThrows(InvalidTransitionError);
    spec
      .given([scheduled, completed])
      .when({ type: 'RescheduleActivity', data: { activityId: A, dueAt: DUE, now: DUE } })
      .thenThrows(InvalidTransitionError);
  });
});
