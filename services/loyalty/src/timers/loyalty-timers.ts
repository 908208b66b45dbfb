// Fires loyalty's durable timers: each firing becomes ExpirePoints, RemindExpiringPoints, ReviewTier, RewardReferral or AssessChurnRisk on the
// member, under the `loyalty.timers` identity, with the timer's idempotency key (a second firing of
// the same due instant has no second effect). The instant is the injected clock's: tests move it.
import { Role, systemCaller } from '@crm/access-policy';
import { LOYALTY_LIMITS } from '@crm/loyalty-domain';
import type { TimerFiring } from '@crm/timers';
import type { LoyaltyApplication, RequestMeta } from '../application/loyalty.application';

export const LOYALTY_TIMER_OWNER = 'loyalty';
export const LOYALTY_TIMERS_ACTOR = 'loyalty.timers';

export class UnknownTimerCommandError extends Error {}

export async function fireLoyaltyTimer(
  app: LoyaltyApplication,
  firing: TimerFiring,
): Promise<void> {
  const meta: RequestMeta = {
    caller: systemCaller(firing.actor.name, firing.tenantId, [Role.ADMIN]),
    tenantId: firing.tenantId,
    correlationId: firing.timerId,
    causationId: firing.timerId,
    idempotencyKey: firing.idempotencyKey,
  };
  const { memberId } = firing.command.data as { memberId: string };
  switch (firing.command.type) {
    case 'ExpirePoints':
      await app.member(meta, memberId, { type: 'ExpirePoints', data: {} });
      return;
    case 'RemindExpiringPoints':
      await app.member(meta, memberId, {
        type: 'RemindExpiringPoints',
        data: { withinDays: LOYALTY_LIMITS.expiryReminderDays },
      });
      return;
    case 'ReviewTier':
      await app.reviewTier(meta, memberId);
      return;
    case 'RewardReferral': {
      // The first order's return window has passed: credit both sides, or withhold if returned.
      const { orderId } = firing.command.data as { orderId: string };
      await app.rewardReferral(meta, memberId, orderId);
      return;
    }
    case 'AssessChurnRisk':
      await app.member(meta, memberId, { type: 'AssessChurnRisk', data: {} });
      return;
    default:
      throw new UnknownTimerCommandError(`unknown loyalty timer command ${firing.command.type}`);
  }
}
