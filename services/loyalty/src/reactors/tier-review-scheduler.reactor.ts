// Tier reviews run on durable timers: every tier event that names a next review (an upgrade, a
// review, a downgrade to a tier above the base) schedules the member's one review timer, keyed by
// the member, so the latest event moves it. A timer left from an older event that fires before the
// review now due finds nothing to do (the decider ignores a review before its date).
import type { MemberEvent } from '@crm/loyalty-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { ScheduleTimer, TimerScheduler } from '@crm/timers';

export const TIER_REVIEW_SCHEDULER = 'loyalty.tier-review-scheduler';

type TierEvent = Extract<
  MemberEvent,
  { type: 'loyalty.TierUpgraded' | 'loyalty.TierReviewed' | 'loyalty.TierDowngraded' }
>;

export function tierReviewTimer(tenantId: string, event: TierEvent): ScheduleTimer | undefined {
  const { memberId, nextReviewAt } = event.data;
  if (!nextReviewAt) return undefined;
  return {
    tenantId,
    key: `tier-review:${memberId}`,
    command: { type: 'ReviewTier', data: { memberId } },
    schedule: { at: nextReviewAt },
  };
}

export function tierReviewSchedulerReactor(timers: TimerScheduler): ReactorDefinition {
  return {
    name: TIER_REVIEW_SCHEDULER,
    eventTypes: ['loyalty.TierUpgraded', 'loyalty.TierReviewed', 'loyalty.TierDowngraded'],
    async react(event) {
      const timer = tierReviewTimer(event.tenantId, {
        type: event.type,
        data: event.data,
      } as TierEvent);
      if (timer) await timers.scheduleMany([timer]);
    },
  };
}
