// Compiles a report to a MongoDB `$group` so the server sends one document per group instead of
// every row (docs/adr/0260): counts, sums, averages (sum and count of values) and ratios (counts of
// denominator and numerator rows) are accumulated there; percentiles push their values per group
// and are ranked in Node by the engine's own `percentile`. The record scope, base filter and
// window stay the first `$match` (report-pipeline.ts). A report compiles only when every
// dimension, filter and measure it names has a server expression and it has no asOf (asOf views
// rows through the dataset's `at` in Node); otherwise the engine groups in Node as before.
import type { DatasetSpec, MeasureSpec, ServerExpression } from '../datasets/dataset';
import { orNoneOf } from '../datasets/server-expressions';
import {
  PERIOD_DIMENSION,
  type TimeGrain,
  type ValidReport,
} from '../definition/report-definition';
import {
  finishTable,
  freshAccumulator,
  mergeAccumulator,
  type ReportTable,
} from './aggregate-report';
import { reportPipeline, type Pipeline } from './report-pipeline';

type Doc = Record<string, unknown>;

/** `periodOf` on the server: the time field's ISO string cut to the grain. */
function periodExpression(timeField: string, grain: TimeGrain): ServerExpression {
  const iso = `$${timeField}`;
  switch (grain) {
    case 'day':
      return { $substr: [iso, 0, 10] };
    case 'month':
      return { $substr: [iso, 0, 7] };
    case 'year':
      return { $substr: [iso, 0, 4] };
    case 'quarter': {
      const month = { $toInt: { $substr: [iso, 5, 2] } };
      const quarter = { $add: [{ $floor: { $divide: [{ $subtract: [month, 1] }, 3] } }, 1] };
      return { $concat: [{ $substr: [iso, 0, 4] }, '-Q', { $toString: quarter }] };
    }
    default: {
      const unhandled: never = grain;
      return unhandled;
    }
  }
}

function dimensionExpression(report: ValidReport, name: string): ServerExpression | undefined {
  if (name === PERIOD_DIMENSION) {
    // A row without a time field is `(none)`, as periodOf's caller decides in Node.
    const time = report.dataset.timeField;
    return report.timeGrain && time !== null
      ? orNoneOf(periodExpression(time, report.timeGrain))
      : undefined;
  }
  return report.dataset.dimensions[name]?.server?.(report.clock);
}

/** The `$group` accumulators of measure `i`, or undefined when it has no server expression. */
function measureAccumulators(
  spec: MeasureSpec<Doc>,
  i: number,
  now: Date,
): Record<string, unknown> | undefined {
  switch (spec.kind) {
    case 'count':
      return {};
    case 'sum': {
      const value = spec.server?.();
      return value === undefined ? undefined : { [`s${i}`]: { $sum: value } };
    }
    case 'average': {
      const value = spec.server?.(now);
      if (value === undefined) return undefined;
      const counted = { $cond: [{ $eq: [{ $ifNull: [value, null] }, null] }, 0, 1] };
      return { [`s${i}`]: { $sum: value }, [`c${i}`]: { $sum: counted } };
    }
    case 'ratio': {
      const parts = spec.server?.();
      if (parts === undefined) return undefined;
      return {
        [`d${i}`]: { $sum: { $cond: [parts.denominator, 1, 0] } },
        [`u${i}`]: { $sum: { $cond: [{ $and: [parts.denominator, parts.numerator] }, 1, 0] } },
      };
    }
    case 'percentile': {
      const value = spec.server?.(now);
      return value === undefined ? undefined : { [`p${i}`]: { $push: value } };
    }
    case 'quotient':
      // Declared in Node only (its datasets join other read models).
      return undefined;
    default: {
      const unhandled: never = spec;
      return unhandled;
    }
  }
}

/**
 * The aggregation that groups the report on the server, or null when some part of it is only
 * declared in Node (then the caller groups the rows itself).
 */
export function serverGroupPipeline(
  report: ValidReport,
  scopeFilter: Readonly<Record<string, unknown>>,
): Pipeline | null {
  const dataset = report.dataset as DatasetSpec<Doc>;
  // Rows expanded or joined in Node (time in stage, forecast accuracy) group there too.
  // Converted amounts need the tenant's rates, which are not on the server.
  if (report.asOf || report.currency || dataset.expand || dataset.join) return null;
  const dimensions = report.dimensions.map((d) => dimensionExpression(report, d));
  const filters = report.filters.map((f) => ({
    f,
    expr: dimensionExpression(report, f.dimension),
  }));
  if (dimensions.some((d) => d === undefined) || filters.some((f) => f.expr === undefined)) {
    return null;
  }
  const group: Record<string, unknown> = {
    _id: Object.fromEntries(dimensions.map((d, i) => [`k${i}`, d])),
    n: { $sum: 1 },
  };
  for (const [i, name] of report.measures.entries()) {
    const accumulators = measureAccumulators(dataset.measures[name]!, i, report.clock);
    if (accumulators === undefined) return null;
    Object.assign(group, accumulators);
  }
  // Only the scope/base/window `$match`: the `$project` of the Node path would cost a copy here.
  const [match] = reportPipeline(report, scopeFilter);
  const stages: Pipeline = [match!];
  if (filters.length > 0) {
    // Client values only as `$literal` (a value like "$status" must stay a string, not a path).
    const kept = filters.map(({ f, expr }) => ({ $in: [expr, { $literal: [...f.values] }] }));
    stages.push({ $match: { $expr: kept.length === 1 ? kept[0] : { $and: kept } } });
  }
  stages.push({ $group: group });
  return stages;
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The report's table from the `$group` output of `serverGroupPipeline`. */
export function tableFromServerGroups(report: ValidReport, groups: readonly Doc[]): ReportTable {
  const dataset = report.dataset as DatasetSpec<Doc>;
  const specs = report.measures.map((m) => dataset.measures[m]!);
  const total = freshAccumulator(specs.length);
  const rows = groups.map((g) => {
    const id = (g['_id'] ?? {}) as Record<string, unknown>;
    const key = report.dimensions.map((_, i) => String(id[`k${i}`]));
    const acc = freshAccumulator(specs.length);
    acc.count = numberOr0(g['n']);
    specs.forEach((_, i) => {
      acc.sums[i] = numberOr0(g[`s${i}`]);
      acc.counts[i] = numberOr0(g[`c${i}`]);
      acc.denominators[i] = numberOr0(g[`d${i}`]);
      acc.numerators[i] = numberOr0(g[`u${i}`]);
      const pushed = g[`p${i}`];
      acc.samples[i] = Array.isArray(pushed)
        ? pushed.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
        : [];
    });
    mergeAccumulator(total, acc);
    return { key, acc };
  });
  return finishTable(rows, total, specs);
}
