// Report alerts (ADR 0232): tenant admins set and remove threshold rules on standard reports;
// admins and auditors list the rules and the alerts the scheduled checks recorded for the tenant.
import { InvalidThresholdRuleError, type ReportAlert as Alert } from '@crm/reports';
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError, NotFoundError } from '../graphql/gateway-errors';
import type { ReportChecksApi } from './report-checks';
import {
  ReportAlert,
  ReportThresholdComparison,
  ReportThresholdRule,
  ReportThresholdRuleInput,
} from './report-alerts.models';

export const REPORT_CHECKS = Symbol('REPORT_CHECKS');
const MAX_ALERTS = 200;

type Data = Readonly<Record<string, unknown>>;
const str = (d: Data, k: string) => (typeof d[k] === 'string' ? d[k] : null);
const num = (d: Data, k: string) => (typeof d[k] === 'number' ? d[k] : null);

function messageOf(alert: Alert): string {
  const d = alert.data;
  if (alert.type === 'reports.ReportThresholdBreached')
    return `${String(d['pack'])}/${String(d['report'])} ${String(d['measure'])} is ${String(d['value'])}, ${String(d['comparison'])} ${String(d['threshold'])} (rule ${String(d['ruleId'])})`;
  return `${String(d['dataset'])}: the read model has ${String(d['readModelRows'])} rows where the event store has ${String(d['storeStreamsAtCheckpoint'])} to ${String(d['storeStreamsAtHead'])} streams`;
}

function alertOf(alert: Alert): ReportAlert {
  const d = alert.data;
  return {
    eventId: alert.eventId,
    type: alert.type,
    position: String(alert.position),
    occurredAt: alert.occurredAt,
    message: messageOf(alert),
    ruleId: str(d, 'ruleId'),
    pack: str(d, 'pack'),
    report: str(d, 'report'),
    measure: str(d, 'measure'),
    comparison: str(d, 'comparison') as ReportThresholdComparison | null,
    threshold: num(d, 'threshold'),
    value: num(d, 'value'),
    dataset: str(d, 'dataset'),
    readModelRows: num(d, 'readModelRows'),
    storeStreamsAtCheckpoint: num(d, 'storeStreamsAtCheckpoint'),
    storeStreamsAtHead: num(d, 'storeStreamsAtHead'),
  };
}

@Resolver()
export class ReportAlertsResolver {
  constructor(@Inject(REPORT_CHECKS) private readonly checks: ReportChecksApi) {}

  @Mutation(() => ReportThresholdRule, {
    description: 'Sets (or replaces, by ruleId) a threshold rule on a standard report.',
  })
  @AllowRoles(Role.ADMIN)
  async setReportThresholdRule(
    @Context() ctx: GatewayContext,
    @Args('input') input: ReportThresholdRuleInput,
  ): Promise<ReportThresholdRule> {
    try {
      const rule = await this.checks.setRule(principalOf(ctx), { ...input }, ctx.correlationId);
      return { ...rule, comparison: rule.comparison as ReportThresholdComparison };
    } catch (error) {
      if (error instanceof InvalidThresholdRuleError)
        throw new BadUserInputError(error.message, [
          { field: error.field, code: 'INVALID', message: error.reason },
        ]);
      throw error;
    }
  }

  @Mutation(() => Boolean, { description: 'Removes a threshold rule.' })
  @AllowRoles(Role.ADMIN)
  async removeReportThresholdRule(
    @Context() ctx: GatewayContext,
    @Args('ruleId') ruleId: string,
  ): Promise<boolean> {
    if (!(await this.checks.removeRule(principalOf(ctx), ruleId, ctx.correlationId)))
      throw new NotFoundError('Threshold rule', ruleId);
    return true;
  }

  @Query(() => [ReportThresholdRule], { description: "The tenant's threshold rules." })
  @AllowRoles(Role.ADMIN, Role.AUDITOR)
  async reportThresholdRules(@Context() ctx: GatewayContext): Promise<ReportThresholdRule[]> {
    const rules = await this.checks.rules(principalOf(ctx).tenantId);
    return rules.map((r) => ({ ...r, comparison: r.comparison as ReportThresholdComparison }));
  }

  @Query(() => [ReportAlert], {
    description: `The tenant's report alerts, newest first (at most ${MAX_ALERTS}).`,
  })
  @AllowRoles(Role.ADMIN, Role.AUDITOR)
  async reportAlerts(
    @Context() ctx: GatewayContext,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<ReportAlert[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_ALERTS)
      throw new BadUserInputError(`first must be 1 to ${MAX_ALERTS}`, [
        { field: 'first', code: 'OUT_OF_RANGE', message: `must be 1 to ${MAX_ALERTS}` },
      ]);
    return (await this.checks.alerts(principalOf(ctx).tenantId, first)).map(alertOf);
  }
}
