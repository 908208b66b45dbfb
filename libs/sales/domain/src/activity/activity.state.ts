// State of an activity: open (due, maybe with a reminder), completed or cancelled.
import type { ActivityKind, ActivitySubject } from './activity.types';

export interface ActivityFacts {
  readonly activityId: string;
  readonly kind: ActivityKind;
  /** The record it is about: a note on the activity is personal data of its subject (ADR 0400). */
  readonly about: ActivitySubject;
  readonly ownerId: string | null;
  readonly teamId: string | null;
  readonly dueAt: string;
  readonly remindAt: string | null;
  /** The reminder instant already recorded (a timer firing twice reminds once). */
  readonly remindedFor: string | null;
}

export type ActivityState =
  | { readonly status: 'None' }
  | (ActivityFacts & { readonly status: 'Open' | 'Completed' | 'Cancelled' });

export const initialActivityState: ActivityState = { status: 'None' };
