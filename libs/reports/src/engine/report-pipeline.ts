// Compiles a validated report to the MongoDB aggregation that selects its rows: tenant and record
// scope, the dataset's fixed base filter, the time window (from/to, and asOf) on the dataset's time
// field, then a projection to the fields the declared dimensions and measures read. Every key and
// operator here comes from the declaration; client values reach the query only as parsed instants.
import type { ValidReport } from '../definition/report-definition';

export type Pipeline = Record<string, unknown>[];

export function reportPipeline(
  report: ValidReport,
  scopeFilter: Readonly<Record<string, unknown>>,
): Pipeline {
  const { dataset } = report;
  // A dataset whose time field moves (the latest submission) dates a row's existence apart, or
  // (false) leaves it to `asOf.at` over a joined history.
  const existence = dataset.asOfTimeField;
  const datedApart = existence !== undefined;
  const window: Record<string, string> = {};
  if (report.from) window['$gte'] = report.from.toISOString();
  if (report.to && (!report.asOf || report.to <= report.asOf || datedApart))
    window['$lt'] = report.to.toISOString();
  else if (report.asOf && !datedApart) window['$lte'] = report.asOf.toISOString();
  const and: Record<string, unknown>[] = [scopeFilter];
  // As of an instant, the dataset's `asOf.at` decides which rows existed then instead.
  if (dataset.baseMatch && !report.asOf) and.push({ ...dataset.baseMatch });
  // Validation refuses a window on a dataset without a time field; asOf then keeps every row.
  const time = dataset.timeField;
  if (time !== null && Object.keys(window).length > 0) and.push({ [time]: window });
  if (existence && report.asOf) and.push({ [existence]: { $lte: report.asOf.toISOString() } });
  const project: Record<string, 1> = { _id: 1, ...(time !== null && { [time]: 1 }) };
  for (const field of dataset.fields) project[field] = 1;
  return [{ $match: and.length === 1 ? and[0]! : { $and: and } }, { $project: project }];
}
