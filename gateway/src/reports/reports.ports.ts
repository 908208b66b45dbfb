// What the reports resolvers need from outside: the engine over the read models and the store head,
// and the saved-report store (wired in gateway-infrastructure.ts); absent where a test wires only
// other contexts, then every use fails.
import type { ReportEngine, ReportViewer } from '@crm/reports';
import { principalOf, teamMemberIdsOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import type { SavedReportStore } from './saved-reports.repository';

export type ReportRunner = Pick<ReportEngine, 'run' | 'drillDown' | 'validate'>;
export const REPORT_RUNNER = Symbol('REPORT_RUNNER');
export const SAVED_REPORTS = Symbol('SAVED_REPORTS');

const notConfigured = () => Promise.reject(new Error('reports are not configured'));

export const REPORTS_NOT_CONFIGURED: ReportRunner = {
  run: notConfigured,
  drillDown: notConfigured,
  validate: () => {
    throw new Error('reports are not configured');
  },
};

export const SAVED_REPORTS_NOT_CONFIGURED: SavedReportStore = {
  save: notConfigured,
  list: notConfigured,
  find: notConfigured,
  delete: notConfigured,
};

/** The caller as reports see them: principal and, for managers, their team's members. */
export async function reportViewerOf(ctx: GatewayContext): Promise<ReportViewer> {
  const principal = principalOf(ctx);
  return {
    principal,
    teamMemberIds: await teamMemberIdsOf(ctx),
  };
}
