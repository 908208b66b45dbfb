// The report checks in the gateway process (ADR 0232): threshold rules and alerts kept as events of
// the `reports` context in the event store the gateway shares, and the timer worker of owner
// `reports` that runs the daily reconciliation and the tenants' hourly threshold checks. Several
// gateway instances may run the worker: timers are claimed with SKIP LOCKED and each check appends
// under its firing's idempotency key.
import type { Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { REPORTS_EVENT_CONTRACTS } from '@crm/contracts/reports';
import { PostgresEventStore, systemRuntime } from '@crm/event-sourcing';
import { PostgresStoreHead, type Logger } from '@crm/messaging';
import type { ReadModelResolver } from '@crm/read-models';
import {
  PostgresStreamCounter,
  REPORT_CHECKS_ACTOR,
  REPORT_TIMERS_OWNER,
  ReportAlerts,
  fireReportCheck,
  reconcileReadModels,
  scheduleReconciliation,
  scheduleThresholdChecks,
  type ReportAlert,
  type ReportEngine,
  type ThresholdRule,
} from '@crm/reports';
import { TimerScheduler, TimerWorker, migrateTimersSchema } from '@crm/timers';
import type { Connection } from 'mongoose';
import type { Pool } from 'pg';
import type { UserStore } from '../users/user-store';
import {
  DigestDeliveries,
  ReportDigests,
  SEND_REPORT_DIGEST,
  SmtpDigestMailer,
} from './report-digests';
import type { SavedReportStore } from './saved-reports.repository';

/** What the alerts resolver needs. */
export interface ReportChecksApi {
  setRule(by: Principal, rule: ThresholdRule, correlationId: string): Promise<ThresholdRule>;
  removeRule(by: Principal, ruleId: string, correlationId: string): Promise<boolean>;
  rules(tenantId: string): Promise<ThresholdRule[]>;
  alerts(tenantId: string, limit: number): Promise<ReportAlert[]>;
}

export interface ConnectedReportChecks {
  readonly api: ReportChecksApi;
  readonly digests: ReportDigests;
  close(): Promise<void>;
}

/** The reports context's events in the event store the gateway shares (the services migrate it). */
export function connectReportsStore(pool: Pool): Promise<PostgresEventStore> {
  return PostgresEventStore.create({
    pool,
    eventTypes: storeEventTypes(REPORTS_EVENT_CONTRACTS),
    migrate: false,
  });
}

export async function connectReportChecks(deps: {
  pool: Pool;
  store: PostgresEventStore;
  mongo: Connection;
  resolver: ReadModelResolver;
  engine: ReportEngine;
  logger: Logger;
  runWorker: boolean;
  /** Digests of saved reports: the owners' saved reports and accounts, and where mail goes. */
  saved: SavedReportStore;
  users: Pick<UserStore, 'findByIds' | 'teamMemberIds'>;
  schema: string;
  smtpUrl: string;
  mailFrom: string;
}): Promise<ConnectedReportChecks> {
  const store = deps.store;
  const alerts = new ReportAlerts({
    store,
    engine: deps.engine,
    clock: () => systemRuntime.now(),
    reconcile: () =>
      reconcileReadModels({
        connection: deps.mongo,
        resolver: deps.resolver,
        streams: new PostgresStreamCounter(deps.pool),
        storeHead: new PostgresStoreHead(deps.pool),
      }),
  });
  await migrateTimersSchema(deps.pool);
  const timers = new TimerScheduler(deps.pool, REPORT_TIMERS_OWNER, systemRuntime);
  const deliveries = new DigestDeliveries(deps.pool, deps.schema);
  await deliveries.ensureTable();
  const mailer = new SmtpDigestMailer(deps.smtpUrl, deps.mailFrom);
  const digests = new ReportDigests({
    timers,
    saved: deps.saved,
    users: deps.users,
    reports: deps.engine,
    mailer,
    deliveries,
  });
  let worker: TimerWorker | undefined;
  if (deps.runWorker) {
    await scheduleReconciliation(timers);
    worker = new TimerWorker({
      pool: deps.pool,
      owner: REPORT_TIMERS_OWNER,
      actorName: REPORT_CHECKS_ACTOR,
      clock: systemRuntime,
      logger: deps.logger,
      fire: async (firing) => {
        if (firing.command.type === SEND_REPORT_DIGEST) {
          const outcome = await digests.fire(firing);
          deps.logger.info(
            { tenantId: firing.tenantId, key: firing.key, outcome },
            'report digest',
          );
          return;
        }
        const recorded = await fireReportCheck(alerts, firing);
        if (recorded > 0)
          deps.logger.warn(
            { tenantId: firing.tenantId, check: firing.command.type, alerts: recorded },
            'report checks recorded alerts',
          );
      },
    });
    worker.start();
  }
  return {
    api: {
      async setRule(by, rule, correlationId) {
        const set = await alerts.setRule(by, rule, correlationId);
        await scheduleThresholdChecks(timers, by.tenantId);
        return set;
      },
      removeRule: (by, ruleId, correlationId) => alerts.removeRule(by, ruleId, correlationId),
      rules: (tenantId) => alerts.rules(tenantId),
      alerts: (tenantId, limit) => alerts.alerts(tenantId, limit),
    },
    digests,
    async close() {
      await worker?.stop();
      mailer.close();
      await store.close();
    },
  };
}

const checksNotConfigured = () => Promise.reject(new Error('report checks are not configured'));

/** Where a test wires only other contexts: every use fails. */
export const REPORT_CHECKS_NOT_CONFIGURED: ReportChecksApi = {
  setRule: checksNotConfigured,
  removeRule: checksNotConfigured,
  rules: checksNotConfigured,
  alerts: checksNotConfigured,
};
