// The schedules of the report checks, as durable timers of owner `reports` (libs/timers): the
// daily reconciliation of every tenant's read models (one platform timer) and the hourly threshold
// evaluation of each tenant that has rules (scheduled when a rule is set). `fireReportCheck` is the
// TimerWorker's `fire`: it turns a firing into the check, under the firing's idempotency key.
import type { TimerFiring, TimerScheduler } from '@crm/timers';
import type { ReportAlerts } from './report-alerts';

export const REPORT_TIMERS_OWNER = 'reports';
/** Reconciliation covers every tenant in one pass, so its timer belongs to no tenant. */
export const PLATFORM_TENANT = 'platform';
export const RECONCILE_COMMAND = 'ReconcileReadModels';
export const EVALUATE_THRESHOLDS_COMMAND = 'EvaluateReportThresholds';
/** Daily at 03:00 UTC, after the night's timers (RFM, churn) have settled the read models. */
export const RECONCILIATION_CRON = '0 3 * * *';
export const THRESHOLDS_CRON = '0 * * * *';

/**
 * Idempotent (every gateway instance calls it at start): a scheduled timer keeps its due instant,
 * so a restart just after 03:00 does not push a due reconciliation to the next day.
 */
export async function scheduleReconciliation(timers: TimerScheduler): Promise<Date> {
  const existing = await timers.get(PLATFORM_TENANT, 'reconciliation');
  if (existing?.status === 'scheduled') return existing.dueAt;
  return timers.schedule({
    tenantId: PLATFORM_TENANT,
    key: 'reconciliation',
    command: { type: RECONCILE_COMMAND, data: {} },
    schedule: { cron: RECONCILIATION_CRON, timeZone: 'UTC' },
  });
}

/** Idempotent: an existing tenant timer keeps its next due instant. */
export async function scheduleThresholdChecks(
  timers: TimerScheduler,
  tenantId: string,
): Promise<void> {
  const existing = await timers.get(tenantId, 'thresholds');
  if (existing?.status === 'scheduled') return;
  await timers.schedule({
    tenantId,
    key: 'thresholds',
    command: { type: EVALUATE_THRESHOLDS_COMMAND, data: {} },
    schedule: { cron: THRESHOLDS_CRON, timeZone: 'UTC' },
  });
}

export class UnknownReportCheckError extends Error {
  constructor(type: string) {
    super(`Unknown report check command ${JSON.stringify(type)}`);
    this.name = 'UnknownReportCheckError';
  }
}

export async function fireReportCheck(alerts: ReportAlerts, firing: TimerFiring): Promise<number> {
  const cause = { idempotencyKey: firing.idempotencyKey, correlationId: firing.timerId };
  switch (firing.command.type) {
    case RECONCILE_COMMAND:
      return alerts.reconcile(cause);
    case EVALUATE_THRESHOLDS_COMMAND:
      return alerts.evaluateThresholds(firing.tenantId, cause);
    default:
      throw new UnknownReportCheckError(firing.command.type);
  }
}
