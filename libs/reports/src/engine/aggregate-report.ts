// Groups the selected rows by the report's dimensions and computes its measures: pure, so the
// figures are unit-testable and the same code serves reports, drill-downs and exports. Reports
// whose dimensions and measures all have server expressions group in MongoDB instead
// (server-grouping.ts, docs/adr/0260) and finish their figures with the same `finish` below;
// this path serves the rest (asOf, value tier, ...) and proves the server's figures in tests.
import { NONE, type DatasetSpec, type MeasureSpec } from '../datasets/dataset';
import { PERIOD_DIMENSION, periodOf, type ValidReport } from '../definition/report-definition';

export interface ReportRow {
  /** One value per report dimension, in the report's order. */
  readonly dimensions: readonly string[];
  /** One value per report measure, in the report's order; null when undefined (no rows). */
  readonly values: readonly (number | null)[];
}

export interface ReportTable {
  readonly rows: readonly ReportRow[];
  /** The measures over every kept row. */
  readonly totals: readonly (number | null)[];
  readonly rowCount: number;
}

type Doc = Record<string, unknown>;

/** The row as the report sees it (asOf applied), or null when it is not counted. */
export function viewRow(report: ValidReport, doc: Doc): Doc | null {
  const seen = report.asOf && report.dataset.asOf ? report.dataset.asOf.at(doc, report.asOf) : doc;
  if (!seen) return null;
  const kept = report.filters.every((f) =>
    f.values.has(dimensionValue(report, seen, f.dimension, now(report))),
  );
  if (!kept) return null;
  // Filters see the row's own currency; the amounts converted are those of the report's instant.
  return report.toTargetCurrency ? report.toTargetCurrency(seen) : seen;
}

function now(report: ValidReport): Date {
  return report.asOf ?? report.clock;
}

export function dimensionValue(report: ValidReport, doc: Doc, dimension: string, at: Date): string {
  if (dimension === PERIOD_DIMENSION) {
    const field = report.dataset.timeField;
    const time = field === null ? undefined : doc[field];
    return typeof time === 'string' && report.timeGrain ? periodOf(time, report.timeGrain) : NONE;
  }
  return report.dataset.dimensions[dimension]!.value(doc, at);
}

/** The dimension values of a row, in the report's order. */
export function rowKey(report: ValidReport, doc: Doc): string[] {
  return report.dimensions.map((d) => dimensionValue(report, doc, d, now(report)));
}

/** Running figures of one group, per measure: sums (and value counts for averages), ratio parts, percentile samples. */
export interface Accumulator {
  count: number;
  sums: number[];
  /** Averages: how many values `sums` holds. */
  counts: number[];
  numerators: number[];
  denominators: number[];
  samples: number[][];
}

export function freshAccumulator(measures: number): Accumulator {
  return {
    count: 0,
    sums: new Array<number>(measures).fill(0),
    counts: new Array<number>(measures).fill(0),
    numerators: new Array<number>(measures).fill(0),
    denominators: new Array<number>(measures).fill(0),
    samples: Array.from({ length: measures }, () => []),
  };
}

/** Adds `from` into `into` (the totals of a report grouped on the server). */
export function mergeAccumulator(into: Accumulator, from: Accumulator): void {
  into.count += from.count;
  from.sums.forEach((v, i) => (into.sums[i]! += v));
  from.counts.forEach((v, i) => (into.counts[i]! += v));
  from.numerators.forEach((v, i) => (into.numerators[i]! += v));
  from.denominators.forEach((v, i) => (into.denominators[i]! += v));
  from.samples.forEach((v, i) => into.samples[i]!.push(...v));
}

function add(acc: Accumulator, specs: readonly MeasureSpec<Doc>[], doc: Doc, at: Date): void {
  acc.count += 1;
  specs.forEach((spec, i) => {
    switch (spec.kind) {
      case 'count':
        return;
      case 'sum': {
        // A value a document does not hold counts as 0, never as NaN in a total.
        const value = spec.value(doc);
        if (value !== null && Number.isFinite(value)) acc.sums[i]! += value;
        return;
      }
      case 'ratio':
        if (spec.denominator(doc)) {
          acc.denominators[i]! += 1;
          if (spec.numerator(doc)) acc.numerators[i]! += 1;
        }
        return;
      case 'quotient': {
        const denominator = spec.denominator(doc);
        if (denominator !== null && Number.isFinite(denominator)) {
          const numerator = spec.numerator(doc);
          acc.denominators[i]! += denominator;
          if (Number.isFinite(numerator)) acc.numerators[i]! += numerator;
        }
        return;
      }
      case 'average': {
        const value = spec.value(doc, at);
        if (value !== null && Number.isFinite(value)) {
          acc.sums[i]! += value;
          acc.counts[i]! += 1;
        }
        return;
      }
      case 'percentile': {
        const value = spec.value(doc, at);
        if (value !== null && Number.isFinite(value)) acc.samples[i]!.push(value);
        return;
      }
      default: {
        const unhandled: never = spec;
        return unhandled;
      }
    }
  });
}

/** Nearest-rank percentile of the values (0 < p <= 100); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function finish(acc: Accumulator, specs: readonly MeasureSpec<Doc>[]): (number | null)[] {
  return specs.map((spec, i) => {
    switch (spec.kind) {
      case 'count':
        return acc.count;
      case 'sum':
        return round(acc.sums[i]!);
      case 'ratio':
        return acc.denominators[i] === 0
          ? null
          : round((acc.numerators[i]! / acc.denominators[i]!) * 100);
      case 'quotient':
        return acc.denominators[i] === 0
          ? null
          : round((acc.numerators[i]! / acc.denominators[i]!) * 100);
      case 'average':
        return acc.counts[i] === 0 ? null : round(acc.sums[i]! / acc.counts[i]!);
      case 'percentile': {
        const value = percentile(acc.samples[i]!, spec.p);
        return value === null ? null : round(value);
      }
      default: {
        const unhandled: never = spec;
        return unhandled;
      }
    }
  });
}

export function aggregateReport(report: ValidReport, docs: Iterable<Doc>): ReportTable {
  const dataset = report.dataset as DatasetSpec<Doc>;
  const specs = report.measures.map((m) => dataset.measures[m]!);
  const { groups, total } = groupRows(report, docs);
  return finishTable(groups, total, specs);
}

/**
 * The report's groups with their running figures (not finished), keyed by the row's dimension
 * values after `prefix(row)`: pre-aggregation (report-rollups.ts) keys them by record scope too.
 */
export function groupRows(
  report: ValidReport,
  docs: Iterable<Doc>,
  prefix: (row: Doc) => readonly string[] = () => [],
): {
  groups: { key: string[]; prefix: readonly string[]; acc: Accumulator }[];
  total: Accumulator;
} {
  const dataset = report.dataset as DatasetSpec<Doc>;
  const specs = report.measures.map((m) => dataset.measures[m]!);
  const groups = new Map<string, { key: string[]; prefix: readonly string[]; acc: Accumulator }>();
  const total = freshAccumulator(specs.length);
  const at = now(report);
  for (const doc of docs) {
    const row = viewRow(report, doc);
    if (!row) continue;
    const key = rowKey(report, row);
    const before = prefix(row);
    const id = JSON.stringify([before, key]);
    let group = groups.get(id);
    if (!group) {
      group = { key, prefix: before, acc: freshAccumulator(specs.length) };
      groups.set(id, group);
    }
    add(group.acc, specs, row, at);
    add(total, specs, row, at);
  }
  return { groups: [...groups.values()], total };
}

/** The report's table from its groups and totals: rows in dimension order. */
export function finishTable(
  groups: readonly { key: readonly string[]; acc: Accumulator }[],
  total: Accumulator,
  specs: readonly MeasureSpec<Doc>[],
): ReportTable {
  const rows = groups
    .map((g) => ({ dimensions: g.key, values: finish(g.acc, specs) }))
    .sort((a, b) => compareKeys(a.dimensions, b.dimensions));
  return { rows, totals: finish(total, specs), rowCount: total.count };
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = a[i]!.localeCompare(b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
