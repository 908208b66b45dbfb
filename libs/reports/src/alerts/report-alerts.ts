// The Reports context's write side for alerts (ADR 0232): threshold rules live as events in
// `reports.AlertRules-<tenantId>`; the scheduled checks append what they find to
// `reports.Alerts-<tenantId>`, from where the relay publishes them on crm.reports.events. Each check
// appends under the idempotency key of the timer firing that caused it, so a firing that runs twice
// (crash, retry, two workers) records its alerts once.
import { Role, type Principal } from '@crm/access-policy';
import { ReadModelNotReadyError } from '@crm/read-models';
import type { Actor, EventEnvelope, EventStore, NewEvent } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import type { ReportEngine } from '../engine/report-engine';
import { standardReport } from '../packs/standard-packs';
import type { ReconciliationReport } from '../reconciliation/read-model-reconciliation';
import {
  InvalidThresholdRuleError,
  MAX_THRESHOLD_RULES,
  isBreached,
  validateThresholdRule,
  watchedValue,
  type ThresholdRule,
} from './threshold-rules';

export const THRESHOLD_RULE_SET = 'reports.ReportThresholdRuleSet';
export const THRESHOLD_RULE_REMOVED = 'reports.ReportThresholdRuleRemoved';
export const THRESHOLD_BREACHED = 'reports.ReportThresholdBreached';
export const READ_MODEL_MISMATCH_FOUND = 'reports.ReadModelMismatchFound';

export const alertRulesStreamId = (tenantId: string) => `reports.AlertRules-${tenantId}`;
export const alertsStreamId = (tenantId: string) => `reports.Alerts-${tenantId}`;

/** The named system identity of the scheduled checks (the actor of the alerts). */
export const REPORT_CHECKS_ACTOR = 'reports.checks';

/** What caused a check: the timer firing (its key makes a second run a no-op). */
export interface CheckCause {
  readonly idempotencyKey: string;
  readonly correlationId: string;
}

export interface ReportAlert {
  readonly eventId: string;
  readonly type: string;
  readonly position: number;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ReportAlertsDeps {
  readonly store: EventStore;
  readonly engine: Pick<ReportEngine, 'run'>;
  /** One reconciliation pass over every tenant (reconcileReadModels with its dependencies). */
  readonly reconcile: () => Promise<ReconciliationReport>;
  readonly clock: () => Date;
}

export class ReportAlerts {
  constructor(private readonly deps: ReportAlertsDeps) {}

  /** Sets (or replaces, by rule id) a threshold rule; the caller has been authorised as admin. */
  async setRule(
    by: Principal,
    input: ThresholdRule,
    correlationId: string,
  ): Promise<ThresholdRule> {
    const rule = validateThresholdRule(input);
    const rules = await this.rules(by.tenantId);
    if (!rules.some((r) => r.ruleId === rule.ruleId) && rules.length >= MAX_THRESHOLD_RULES)
      throw new InvalidThresholdRuleError('ruleId', `would exceed ${MAX_THRESHOLD_RULES} rules`);
    await this.deps.store.append(alertRulesStreamId(by.tenantId), [
      this.event(by.tenantId, THRESHOLD_RULE_SET, rule, userActor(by), correlationId),
    ]);
    return rule;
  }

  /** False when no such rule is set. */
  async removeRule(by: Principal, ruleId: string, correlationId: string): Promise<boolean> {
    if (!(await this.rules(by.tenantId)).some((r) => r.ruleId === ruleId)) return false;
    await this.deps.store.append(alertRulesStreamId(by.tenantId), [
      this.event(by.tenantId, THRESHOLD_RULE_REMOVED, { ruleId }, userActor(by), correlationId),
    ]);
    return true;
  }

  async rules(tenantId: string): Promise<ThresholdRule[]> {
    const { events } = await this.deps.store.readStream(alertRulesStreamId(tenantId), {
      tenantId,
    });
    const rules = new Map<string, ThresholdRule>();
    for (const event of events) {
      if (event.type === THRESHOLD_RULE_SET) {
        const rule = event.data as ThresholdRule;
        rules.set(rule.ruleId, rule);
      } else if (event.type === THRESHOLD_RULE_REMOVED) {
        rules.delete((event.data as { ruleId: string }).ruleId);
      }
    }
    return [...rules.values()];
  }

  /** The tenant's alerts, newest first. */
  async alerts(tenantId: string, limit: number): Promise<ReportAlert[]> {
    const { events } = await this.deps.store.readStream(alertsStreamId(tenantId), {
      tenantId,
      direction: 'backwards',
      maxCount: limit,
    });
    return events.map(alertOf);
  }

  /**
   * Runs each rule's standard report tenant-wide and appends one breach event per rule on the
   * wrong side of its threshold. Returns the breaches recorded (none again for a repeated firing).
   */
  async evaluateThresholds(tenantId: string, cause: CheckCause): Promise<number> {
    const evaluatedAt = this.deps.clock().toISOString();
    const breaches: NewEvent[] = [];
    for (const rule of await this.rules(tenantId)) {
      const definition = standardReport(rule.pack, rule.report);
      let result;
      try {
        result = await this.deps.engine.run(definition, {
          principal: checksPrincipal(tenantId),
          teamMemberIds: [],
        });
      } catch (error) {
        // A read model on its first build has no figure yet: the next hour evaluates it. Any other
        // error fails the firing, which the timer retries with backoff.
        if (error instanceof ReadModelNotReadyError) continue;
        throw error;
      }
      const value = watchedValue(rule, definition.measures, result.totals);
      if (!isBreached(rule, value)) continue;
      const data = { ...rule, value, evaluatedAt, eventsBehind: result.freshness.eventsBehind };
      breaches.push(this.event(tenantId, THRESHOLD_BREACHED, data, CHECKS_ACTOR, cause));
    }
    return this.record(tenantId, breaches, cause.idempotencyKey);
  }

  /** One reconciliation pass; one mismatch event per dataset and tenant that disagrees. */
  async reconcile(cause: CheckCause): Promise<number> {
    const report = await this.deps.reconcile();
    const byTenant = new Map<string, NewEvent[]>();
    for (const m of report.mismatches) {
      const { tenantId, ...finding } = m;
      const data = { ...finding, checkedAt: report.checkedAt };
      const events = byTenant.get(tenantId) ?? [];
      events.push(this.event(tenantId, READ_MODEL_MISMATCH_FOUND, data, CHECKS_ACTOR, cause));
      byTenant.set(tenantId, events);
    }
    let recorded = 0;
    for (const [tenantId, events] of byTenant)
      recorded += await this.record(tenantId, events, `${cause.idempotencyKey}:${tenantId}`);
    return recorded;
  }

  private async record(tenantId: string, events: NewEvent[], key: string): Promise<number> {
    if (events.length === 0) return 0;
    const result = await this.deps.store.append(alertsStreamId(tenantId), events, {
      idempotency: { key: `reports:${key}` },
    });
    return result.replayed ? 0 : result.events.length;
  }

  private event(
    tenantId: string,
    type: string,
    data: object,
    actor: Actor,
    cause: CheckCause | string,
  ): NewEvent {
    const correlationId = typeof cause === 'string' ? cause : cause.correlationId;
    return {
      eventId: uuidv7(),
      type,
      tenantId,
      occurredAt: this.deps.clock().toISOString(),
      actor,
      correlationId,
      causationId: typeof cause === 'string' ? cause : cause.idempotencyKey,
      data,
    };
  }
}

const CHECKS_ACTOR: Actor = { kind: 'system', name: REPORT_CHECKS_ACTOR };

function userActor(principal: Principal): Actor {
  return { kind: 'user', userId: principal.userId, roles: [...principal.roles] };
}

/** Thresholds watch the whole tenant's figures: the checks read as the tenant's admin would. */
function checksPrincipal(tenantId: string): Principal {
  return { userId: `system:${REPORT_CHECKS_ACTOR}`, tenantId, roles: [Role.ADMIN], teamId: null };
}

function alertOf(event: EventEnvelope): ReportAlert {
  return {
    eventId: event.eventId,
    type: event.type,
    position: event.globalPosition,
    occurredAt: event.occurredAt,
    data: event.data as Record<string, unknown>,
  };
}
