// Scheduled e-mail digests of saved reports: the owner of a saved report schedules, reads and
// cancels its digest (auditors change nothing). The digest runs in the owner's scope at send time
// (report-digests.ts).
import type { Principal } from '@crm/access-policy';
import { InvalidTimerError, type TimerView } from '@crm/timers';
import { Inject } from '@nestjs/common';
import { Args, Context, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AllowAnyRole, AllowRoles } from '../authz/allow.decorator';
import { ALL_ROLES, Role } from '../authz/role';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import type { ReportDigests } from './report-digests';

export type ReportDigestsApi = Pick<ReportDigests, 'schedule' | 'cancel' | 'get' | 'forget'>;
export const REPORT_DIGESTS = Symbol('REPORT_DIGESTS');

const notConfigured = () => Promise.reject(new Error('report digests are not configured'));
export const REPORT_DIGESTS_NOT_CONFIGURED: ReportDigestsApi = {
  schedule: notConfigured,
  cancel: notConfigured,
  get: notConfigured,
  forget: notConfigured,
};

const DIGEST_AUTHORS = ALL_ROLES.filter((r) => r !== Role.AUDITOR);
/** A fixed minute: a digest is sent at most once an hour. */
const AT_MOST_HOURLY = /^\d{1,2}\s/;

@ObjectType()
export class ReportDigest {
  @Field() savedReportId!: string;
  @Field({ description: '5-field cron rule, read in `timeZone`.' }) cron!: string;
  @Field() timeZone!: string;
  @Field({ description: 'When the next digest is sent (ISO-8601 UTC).' }) nextAt!: string;
}

function digestOf(savedReportId: string, timer: TimerView): ReportDigest {
  const schedule = timer.schedule as { cron: string; timeZone: string };
  return {
    savedReportId,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    nextAt: timer.dueAt.toISOString(),
  };
}

@Resolver()
export class ReportDigestsResolver {
  constructor(@Inject(REPORT_DIGESTS) private readonly digests: ReportDigestsApi) {}

  @Mutation(() => ReportDigest, {
    description:
      "Mails one of your saved reports to you on a calendar rule (e.g. `0 8 * * 1`, Mondays 08:00), run in your record scope at send time, CSV attached. At most hourly; replaces the report's previous schedule.",
  })
  @AllowRoles(...DIGEST_AUTHORS)
  async scheduleReportDigest(
    @Context() ctx: GatewayContext,
    @Args('savedReportId') savedReportId: string,
    @Args('cron') cron: string,
    @Args('timeZone', { defaultValue: 'UTC' }) timeZone: string,
  ): Promise<ReportDigest> {
    const owner: Principal = principalOf(ctx);
    if (!AT_MOST_HOURLY.test(cron.trim()))
      throw new BadUserInputError('Invalid digest: cron must name one minute of the hour', [
        { field: 'cron', code: 'TOO_FREQUENT', message: 'must name one minute (at most hourly)' },
      ]);
    try {
      const scheduled = await this.digests.schedule(owner, savedReportId, { cron, timeZone });
      if (!scheduled) throw new NotFoundError('Saved report', savedReportId);
    } catch (error) {
      if (error instanceof InvalidTimerError)
        throw new BadUserInputError(`Invalid digest: ${error.message}`, [
          { field: error.field, code: 'INVALID', message: error.message },
        ]);
      throw error;
    }
    const timer = await this.digests.get(owner, savedReportId);
    if (!timer) throw new NotFoundError('Saved report', savedReportId);
    return digestOf(savedReportId, timer);
  }

  @Mutation(() => Boolean, { description: 'Stops the digest of one of your saved reports.' })
  @AllowRoles(...DIGEST_AUTHORS)
  async cancelReportDigest(
    @Context() ctx: GatewayContext,
    @Args('savedReportId') savedReportId: string,
  ): Promise<boolean> {
    if (!(await this.digests.cancel(principalOf(ctx), savedReportId)))
      throw new NotFoundError('Report digest', savedReportId);
    return true;
  }

  @Query(() => ReportDigest, {
    nullable: true,
    description: 'The digest schedule of one of your saved reports; null when none.',
  })
  @AllowAnyRole()
  async reportDigest(
    @Context() ctx: GatewayContext,
    @Args('savedReportId') savedReportId: string,
  ): Promise<ReportDigest | null> {
    const timer = await this.digests.get(principalOf(ctx), savedReportId);
    return timer ? digestOf(savedReportId, timer) : null;
  }
}
