// Events of the Activity aggregate (stream `sales.Activity-<activityId>`). The subject line is a
// free text the rep writes about the work ("Call about the renewal"), not a person's data.
import type { DomainEvent } from '@crm/event-sourcing';
import type { ActivityKind, ActivitySubject } from './activity.types';

export type ActivityScheduled = DomainEvent<
  'sales.ActivityScheduled',
  {
    readonly activityId: string;
    readonly kind: ActivityKind;
    readonly subject: string;
    readonly about: ActivitySubject;
    readonly dueAt: string;
    readonly remindAt?: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly scheduledAt: string;
  }
>;

export type ActivityRescheduled = DomainEvent<
  'sales.ActivityRescheduled',
  {
    readonly activityId: string;
    readonly dueAt: string;
    readonly remindAt?: string;
    readonly rescheduledAt: string;
  }
>;

export type ActivityCompleted = DomainEvent<
  'sales.ActivityCompleted',
  { readonly activityId: string; readonly outcome?: string; readonly completedAt: string }
>;

export type ActivityCancelled = DomainEvent<
  'sales.ActivityCancelled',
  { readonly activityId: string; readonly reason?: string; readonly cancelledAt: string }
>;

export type ActivityReminderDue = DomainEvent<
  'sales.ActivityReminderDue',
  {
    readonly activityId: string;
    readonly ownerId: string | null;
    readonly dueAt: string;
    readonly remindedAt: string;
  }
>;

export type ActivityEvent =
  | ActivityScheduled
  | ActivityRescheduled
  | ActivityCompleted
  | ActivityCancelled
  | ActivityReminderDue;
