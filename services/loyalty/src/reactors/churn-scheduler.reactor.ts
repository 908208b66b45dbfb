// The churn early warning is recomputed by a timer: every enrolled member gets one recurring timer
// (`churn:<member>`, daily at 03:00 in the program's time zone) that fires AssessChurnRisk. It is
// scheduled from the log on MemberEnrolled, so a crash between the enrolment and the scheduling
// loses nothing, and a replay upserts the same key.
import { type MemberEvent } from '@crm/loyalty-domain';
import type { ReactorDefinition } from '@crm/reactors';
import type { ScheduleTimer, TimerScheduler } from '@crm/timers';
import type { LoyaltyApplication } from '../application/loyalty.application';

export const CHURN_SCHEDULER = 'loyalty.churn-scheduler';
/** Daily, at night in the program's zone: recency is counted in days. */
export const CHURN_ASSESSMENT_CRON = '0 3 * * *';

export function churnTimer(tenantId: string, memberId: string, timeZone: string): ScheduleTimer {
  return {
    tenantId,
    key: `churn:${memberId}`,
    command: { type: 'AssessChurnRisk', data: { memberId } },
    schedule: { cron: CHURN_ASSESSMENT_CRON, timeZone },
  };
}

export function churnSchedulerReactor(
  timers: TimerScheduler,
  app: Pick<LoyaltyApplication, 'program'>,
): ReactorDefinition {
  return {
    name: CHURN_SCHEDULER,
    eventTypes: ['loyalty.MemberEnrolled'],
    async react(event) {
      const { memberId } = event.data as Extract<
        MemberEvent,
        { type: 'loyalty.MemberEnrolled' }
      >['data'];
      const program = await app.program(event.tenantId);
      await timers.scheduleMany([churnTimer(event.tenantId, memberId, program?.timeZone ?? 'UTC')]);
    },
  };
}
