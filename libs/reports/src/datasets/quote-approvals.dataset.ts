// Quote approval turnaround (docs/reports.md, `quoteApprovals`): the quotes dataset, each quote
// with the approval of the version current at the report's instant, from the reports context's
// quote history (version 2 dates every approval; ADR 0456): the quote read model keeps no approval
// instant. A version that needed an approval is requested when it is written (created or revised)
// and approved when the last step of its route is approved; the turnaround is the hours between.
import type { QuoteHistoryDocument } from '../read-models/report-read-models';
import {
  REPORT_QUOTE_HISTORY_MODEL,
  REPORT_QUOTE_HISTORY_PROJECTION,
} from '../read-models/report-read-models';
import {
  declareDataset,
  documentsById,
  hoursBetween,
  type DatasetSpec,
  type MeasureSpec,
} from './dataset';
import { factsUpTo } from './dated-facts';
import { quotesDataset } from './quotes-forecasts.datasets';
import type { QuoteRow } from './quote-history';

/** The approval of a quote's version current at an instant. */
export interface ApprovalThen {
  /** When the version was written (its approval requested). */
  readonly requestedAt: string;
  /** When its route was fully approved, if by then. */
  readonly approvedAt?: string;
}

type Row = QuoteRow & { readonly approval?: ApprovalThen | null };

/**
 * The approval of the version current at `asOf` (every fact without), or null when that version
 * needed none. The decider approves only the current version, so an approval belongs to the
 * latest version fact before it.
 */
export function approvalThen(
  doc: Pick<QuoteHistoryDocument, 'facts'>,
  asOf?: Date,
): ApprovalThen | null {
  let approval: ApprovalThen | null = null;
  for (const fact of factsUpTo(doc.facts, asOf)) {
    if (fact.kind === 'version')
      approval = fact.approvalReasons.length > 0 ? { requestedAt: fact.at } : null;
    else if (fact.kind === 'approval' && fact.final && approval)
      approval = { requestedAt: approval.requestedAt, approvedAt: fact.at };
  }
  return approval;
}

/** Each quote with the approval of its version current at `asOf` (no history yet: none). */
async function withApproval(
  rows: readonly Row[],
  source: Parameters<NonNullable<DatasetSpec['join']>>[1],
  asOf: Date | undefined,
): Promise<Row[]> {
  const byId = await documentsById<QuoteHistoryDocument>(
    source,
    REPORT_QUOTE_HISTORY_PROJECTION,
    REPORT_QUOTE_HISTORY_MODEL,
    rows.map((r) => r._id),
    ['facts'],
  );
  return rows.map((row) => {
    const doc = byId.get(row._id);
    return { ...row, approval: doc ? approvalThen(doc, asOf) : null };
  });
}

const turnaroundHours = (row: Row) =>
  row.approval?.approvedAt ? hoursBetween(row.approval.requestedAt, row.approval.approvedAt) : null;

const turnaroundPercentile = (p: number, label: string): MeasureSpec<Row> => ({
  kind: 'percentile',
  label,
  p,
  value: turnaroundHours,
});

// The catalogue erases row types (declareDataset); the quotes' declarations read these rows.
const quotes = quotesDataset as unknown as DatasetSpec<Row>;

export const quoteApprovalsDataset = declareDataset<Row>({
  ...quotes,
  name: 'quoteApprovals',
  label: 'Quote approvals (turnaround)',
  // The quotes dataset reconciles the same streams.
  storeCategory: undefined,
  join: withApproval,
  joinedProjections: [REPORT_QUOTE_HISTORY_PROJECTION],
  measures: {
    ...quotes.measures,
    approvalsRequested: {
      kind: 'sum',
      label: 'Quotes whose version needed an approval',
      value: (row) => (row.approval ? 1 : 0),
    },
    approved: {
      kind: 'sum',
      label: 'Of them, fully approved',
      value: (row) => (row.approval?.approvedAt ? 1 : 0),
    },
    approvalHours: {
      kind: 'average',
      label: 'Average hours from the version to its approval',
      value: turnaroundHours,
    },
    approvalHoursP50: turnaroundPercentile(50, 'Approval hours, median'),
    approvalHoursP90: turnaroundPercentile(90, 'Approval hours, 90th percentile'),
  },
  record: (row) => ({
    ...quotes.record(row),
    approvalRequestedAt: row.approval?.requestedAt ?? null,
    approvedAt: row.approval?.approvedAt ?? null,
  }),
});
