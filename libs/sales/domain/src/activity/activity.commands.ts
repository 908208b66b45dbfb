// Commands of the Activity aggregate (calls, meetings, tasks), already parsed. Instants ISO-8601 UTC.
import type { SalesOwnership } from '../lead/lead.types';
import type { ActivityKind, ActivitySubject } from './activity.types';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type ScheduleActivity = Command<
  'ScheduleActivity',
  SalesOwnership & {
    readonly activityId: string;
    readonly kind: ActivityKind;
    readonly subject: string;
    readonly about: ActivitySubject;
    readonly dueAt: string;
    /** When the owner is reminded (a follow-up reminder); none when absent. */
    readonly remindAt?: string;
    readonly now: string;
  }
>;

export type RescheduleActivity = Command<
  'RescheduleActivity',
  {
    readonly activityId: string;
    readonly dueAt: string;
    readonly remindAt?: string;
    readonly now: string;
  }
>;

export type CompleteActivity = Command<
  'CompleteActivity',
  { readonly activityId: string; readonly outcome?: string; readonly now: string }
>;

export type CancelActivity = Command<
  'CancelActivity',
  { readonly activityId: string; readonly reason?: string; readonly now: string }
>;

/** Fired by the reminder timer; `remindAt` is the reminder it was set for (a moved one is stale). */
export type RemindActivity = Command<
  'RemindActivity',
  { readonly activityId: string; readonly remindAt: string; readonly now: string }
>;

export type ActivityCommand =
  ScheduleActivity | RescheduleActivity | CompleteActivity | CancelActivity | RemindActivity;
