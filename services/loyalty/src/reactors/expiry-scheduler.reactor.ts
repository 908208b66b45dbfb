// Points expire at local midnight through durable timers: every lot that appears on a member
// account (earned, adjusted, restored, released back) gets two timers keyed by the lot, one at its
// expiry (ExpirePoints) and one the reminder window before (RemindExpiringPoints). It reads the
// loyalty log like a reactor, so a crash between an append and the scheduling loses nothing; the
// timers are upserts by key, so redelivery and replay schedule the same timers again.
import type { LotCredit, MemberEvent } from '@crm/loyalty-domain';
import { LOYALTY_LIMITS } from '@crm/loyalty-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { Clock } from '@crm/event-sourcing';
import type { ScheduleTimer, TimerScheduler } from '@crm/timers';

export const EXPIRY_SCHEDULER = 'loyalty.expiry-scheduler';
const DAY_MS = 86_400_000;

type LotEvent = Extract<
  MemberEvent,
  {
    type:
      | 'loyalty.PointsEarned'
      | 'loyalty.PointsAdjusted'
      | 'loyalty.RedeemedPointsRestored'
      | 'loyalty.ReservationReleased'
      | 'loyalty.ReferralRewardCredited';
  }
>;

function creditedLots(event: LotEvent): readonly LotCredit[] {
  switch (event.type) {
    case 'loyalty.PointsEarned':
    case 'loyalty.PointsAdjusted':
    case 'loyalty.ReferralRewardCredited':
      return event.data.lot ? [event.data.lot] : [];
    case 'loyalty.RedeemedPointsRestored':
      return event.data.lots;
    case 'loyalty.ReservationReleased':
      return event.data.draws;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function expiryTimers(tenantId: string, event: LotEvent, now: Date): ScheduleTimer[] {
  const memberId = event.data.memberId;
  return creditedLots(event).flatMap((lot) => {
    const expiry = Date.parse(lot.expiresAt);
    const remindAt = expiry - LOYALTY_LIMITS.expiryReminderDays * DAY_MS;
    const timers: ScheduleTimer[] = [
      {
        tenantId,
        key: `expire:${memberId}:${lot.lotId}`,
        command: { type: 'ExpirePoints', data: { memberId } },
        schedule: { at: new Date(expiry).toISOString() },
      },
    ];
    if (remindAt > now.getTime()) {
      timers.push({
        tenantId,
        key: `remind:${memberId}:${lot.lotId}`,
        command: { type: 'RemindExpiringPoints', data: { memberId } },
        schedule: { at: new Date(remindAt).toISOString() },
      });
    }
    return timers;
  });
}

export function expirySchedulerReactor(timers: TimerScheduler, clock: Clock): ReactorDefinition {
  return {
    name: EXPIRY_SCHEDULER,
    eventTypes: [
      'loyalty.PointsEarned',
      'loyalty.PointsAdjusted',
      'loyalty.RedeemedPointsRestored',
      'loyalty.ReservationReleased',
      'loyalty.ReferralRewardCredited',
    ],
    async react(event) {
      const scheduled = expiryTimers(
        event.tenantId,
        { type: event.type, data: event.data } as LotEvent,
        clock.now(),
      );
      if (scheduled.length > 0) await timers.scheduleMany(scheduled);
    },
  };
}
