// What the reports resolver needs from outside: the engine over the read models and the store head
// (wired in gateway-infrastructure.ts); absent where a test wires only other contexts.
import type { ReportEngine } from '@crm/reports';

export type ReportRunner = Pick<ReportEngine, 'run' | 'drillDown'>;
export const REPORT_RUNNER = Symbol('REPORT_RUNNER');

const notConfigured = () => Promise.reject(new Error('reports are not configured'));

export const REPORTS_NOT_CONFIGURED: ReportRunner = {
  run: notConfigured,
  drillDown: notConfigured,
};
