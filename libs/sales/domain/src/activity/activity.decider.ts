// The Activity aggregate: a call, meeting or task about a lead, opportunity, quote or customer,
// due at an instant and owned by a rep; rescheduled, completed or cancelled. A follow-up reminder
// is recorded when its timer fires, only while the activity is open and the reminder is the one
// currently set (moving it makes the old timer's firing stale).
import type { Decider } from '@crm/event-sourcing';
import { InvalidTransitionError, RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import type { ActivityCommand } from './activity.commands';
import type { ActivityEvent } from './activity.events';
import { initialActivityState, type ActivityState } from './activity.state';

type Existing = Exclude<ActivityState, { status: 'None' }>;

function open(state: ActivityState, activityId: string, action: string): Existing {
  if (state.status === 'None') throw new RecordNotFoundError('activity', activityId);
  if (state.status !== 'Open') throw new InvalidTransitionError('activity', state.status, action);
  return state;
}

function decide(command: ActivityCommand, state: ActivityState): readonly ActivityEvent[] {
  switch (command.type) {
    case 'ScheduleActivity': {
      const { now, remindAt, ...data } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('activity', data.activityId);
      return [
        {
          type: 'sales.ActivityScheduled',
          data: { ...data, ...(remindAt === undefined ? {} : { remindAt }), scheduledAt: now },
        },
      ];
    }
    case 'RescheduleActivity': {
      const { activityId, dueAt, remindAt, now } = command.data;
      const activity = open(state, activityId, 'rescheduled');
      if (activity.dueAt === dueAt && activity.remindAt === (remindAt ?? null)) return [];
      return [
        {
          type: 'sales.ActivityRescheduled',
          data: {
            activityId,
            dueAt,
            ...(remindAt === undefined ? {} : { remindAt }),
            rescheduledAt: now,
          },
        },
      ];
    }
    case 'CompleteActivity': {
      const { activityId, outcome, now } = command.data;
      if (state.status === 'Completed') return [];
      open(state, activityId, 'completed');
      return [
        {
          type: 'sales.ActivityCompleted',
          data: { activityId, ...(outcome === undefined ? {} : { outcome }), completedAt: now },
        },
      ];
    }
    case 'CancelActivity': {
      const { activityId, reason, now } = command.data;
      if (state.status === 'Cancelled') return [];
      open(state, activityId, 'cancelled');
      return [
        {
          type: 'sales.ActivityCancelled',
          data: { activityId, ...(reason === undefined ? {} : { reason }), cancelledAt: now },
        },
      ];
    }
    case 'RemindActivity': {
      const { activityId, remindAt, now } = command.data;
      if (state.status === 'None') throw new RecordNotFoundError('activity', activityId);
      if (
        state.status !== 'Open' ||
        state.remindAt !== remindAt ||
        state.remindedFor === remindAt
      ) {
        return [];
      }
      return [
        {
          type: 'sales.ActivityReminderDue',
          data: { activityId, ownerId: state.ownerId, dueAt: state.dueAt, remindedAt: now },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown activity command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: ActivityState, event: ActivityEvent): ActivityState {
  if (event.type === 'sales.ActivityScheduled') {
    const d = event.data;
    return {
      status: 'Open',
      activityId: d.activityId,
      kind: d.kind,
      about: d.about,
      ownerId: d.ownerId,
      teamId: d.teamId,
      dueAt: d.dueAt,
      remindAt: d.remindAt ?? null,
      remindedFor: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'sales.ActivityRescheduled':
      return { ...state, dueAt: event.data.dueAt, remindAt: event.data.remindAt ?? null };
    case 'sales.ActivityCompleted':
      return { ...state, status: 'Completed' };
    case 'sales.ActivityCancelled':
      return { ...state, status: 'Cancelled' };
    case 'sales.ActivityReminderDue':
      return { ...state, remindedFor: state.remindAt };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown activity event ${JSON.stringify(unknown)}`);
    }
  }
}

export const activityDecider: Decider<ActivityState, ActivityCommand, ActivityEvent> = {
  decide,
  evolve,
  initialState: initialActivityState,
};
