// The report definition a client sends, and its validation against the declared datasets. Every
// name must be a declared dimension or measure of the dataset, every filter value a short string,
// every instant an ISO-8601 UTC timestamp; a definition that fails any rule is refused with a
// typed error naming the field, before anything is read.
import { isMonthStart, type DatasetSpec } from '../datasets/dataset';

export type TimeGrain = 'day' | 'month' | 'quarter' | 'year';
export const TIME_GRAINS: readonly TimeGrain[] = ['day', 'month', 'quarter', 'year'];

/** The built-in dimension over the dataset's time field, bucketed by `timeGrain`. */
export const PERIOD_DIMENSION = 'period';

export interface ReportFilter {
  /** A declared dimension (or `period`); rows whose value is one of `values` are kept. */
  readonly dimension: string;
  readonly values: readonly string[];
}

export interface ReportDefinition {
  readonly dataset: string;
  readonly dimensions: readonly string[];
  readonly measures: readonly string[];
  readonly filters?: readonly ReportFilter[];
  /** Required when `period` is a dimension or filter. */
  readonly timeGrain?: TimeGrain;
  /** Rows whose time field lies in [from, to). */
  readonly from?: string;
  readonly to?: string;
  /** Answer as the data stood at this instant (see docs/adr/0231). */
  readonly asOf?: string;
  /** Every amount in this currency (ISO 4217), at the rate of its event's instant (ADR 0455). */
  readonly currency?: string;
}

/** A definition that passed validation, with instants parsed. */
export interface ValidReport {
  readonly dataset: DatasetSpec;
  readonly dimensions: readonly string[];
  readonly measures: readonly string[];
  readonly filters: readonly { readonly dimension: string; readonly values: ReadonlySet<string> }[];
  readonly timeGrain: TimeGrain | undefined;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
  readonly asOf: Date | undefined;
  /** The present instant of the run (age bands, value tiers); asOf replaces it when given. */
  readonly clock: Date;
  /** The target currency of every amount, or undefined: amounts in their own currencies. */
  readonly currency: string | undefined;
  /** Set by the engine with the tenant's rates when `currency` is: a row's amounts in it. */
  readonly toTargetCurrency?: (doc: Record<string, unknown>) => Record<string, unknown>;
}

export const REPORT_LIMITS = {
  dimensions: 3,
  measures: 8,
  filters: 8,
  filterValues: 50,
  valueLength: 200,
} as const;

export class InvalidReportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidReportError';
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

function instant(field: string, value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new InvalidReportError(
      field,
      'must be an ISO-8601 UTC instant, e.g. 2026-01-31T00:00:00Z',
    );
  }
  return new Date(value);
}

function names(field: string, value: unknown, max: number, min: number): string[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    throw new InvalidReportError(field, `must list ${min} to ${max} names`);
  }
  const list = value.map((v, i) => {
    if (typeof v !== 'string') throw new InvalidReportError(`${field}[${i}]`, 'must be a name');
    return v;
  });
  if (new Set(list).size !== list.length)
    throw new InvalidReportError(field, 'names a column twice');
  return list;
}

function has(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** Validates a definition against the catalogue; throws InvalidReportError on the first problem. */
export function validateReport(
  definition: ReportDefinition,
  catalogue: Readonly<Record<string, DatasetSpec>>,
  clock: Date,
): ValidReport {
  if (typeof definition.dataset !== 'string' || !has(catalogue, definition.dataset)) {
    throw new InvalidReportError(
      'dataset',
      `unknown dataset; one of ${Object.keys(catalogue).join(', ')}`,
    );
  }
  const dataset = catalogue[definition.dataset]!;
  const isDimension = (d: string) => d === PERIOD_DIMENSION || has(dataset.dimensions, d);

  const dimensions = names('dimensions', definition.dimensions, REPORT_LIMITS.dimensions, 0);
  dimensions.forEach((d, i) => {
    if (!isDimension(d))
      throw new InvalidReportError(`dimensions[${i}]`, `${dataset.name} has no dimension ${d}`);
  });
  const measures = names('measures', definition.measures, REPORT_LIMITS.measures, 1);
  measures.forEach((m, i) => {
    if (!has(dataset.measures, m))
      throw new InvalidReportError(`measures[${i}]`, `${dataset.name} has no measure ${m}`);
  });

  const rawFilters: unknown = definition.filters ?? [];
  if (!Array.isArray(rawFilters) || rawFilters.length > REPORT_LIMITS.filters) {
    throw new InvalidReportError('filters', `must list at most ${REPORT_LIMITS.filters} filters`);
  }
  const filters = rawFilters.map((f: Partial<ReportFilter> | null, i) => {
    const field = `filters[${i}]`;
    if (typeof f?.dimension !== 'string' || !isDimension(f.dimension)) {
      throw new InvalidReportError(`${field}.dimension`, 'must be a dimension of the dataset');
    }
    const values: unknown = f.values;
    if (!Array.isArray(values) || values.length < 1 || values.length > REPORT_LIMITS.filterValues) {
      throw new InvalidReportError(
        `${field}.values`,
        `must list 1 to ${REPORT_LIMITS.filterValues} values`,
      );
    }
    for (const v of values) {
      if (typeof v !== 'string' || v.length > REPORT_LIMITS.valueLength) {
        throw new InvalidReportError(
          `${field}.values`,
          `must be strings of at most ${REPORT_LIMITS.valueLength} characters`,
        );
      }
    }
    return { dimension: f.dimension, values: new Set(values as string[]) };
  });

  const usesPeriod =
    dimensions.includes(PERIOD_DIMENSION) || filters.some((f) => f.dimension === PERIOD_DIMENSION);
  const timeGrain = definition.timeGrain ?? undefined;
  if (timeGrain !== undefined && !TIME_GRAINS.includes(timeGrain)) {
    throw new InvalidReportError('timeGrain', `must be one of ${TIME_GRAINS.join(', ')}`);
  }
  if (usesPeriod && timeGrain === undefined) {
    throw new InvalidReportError('timeGrain', 'is required with the period dimension');
  }

  const from = instant('from', definition.from);
  const to = instant('to', definition.to);
  if (dataset.timeField === null) {
    const dated = from ? 'from' : to ? 'to' : usesPeriod ? 'dimensions' : undefined;
    if (dated !== undefined)
      throw new InvalidReportError(
        dated,
        `${dataset.name} rows are not dated: ask without a window or period`,
      );
  }
  if (from && to && from >= to) throw new InvalidReportError('to', 'must be after from');
  const asOf = instant('asOf', definition.asOf);
  if (asOf && asOf > clock) throw new InvalidReportError('asOf', 'must not be in the future');
  if (asOf) {
    const support = dataset.asOf;
    if (!support)
      throw new InvalidReportError('asOf', `${dataset.name} cannot answer as of an instant`);
    for (const d of [...dimensions, ...filters.map((f) => f.dimension)]) {
      if (support.undatedDimensions.includes(d)) {
        throw new InvalidReportError(
          'asOf',
          `the history of ${d} is not dated in the read model: ask without asOf or without ${d}`,
        );
      }
    }
    for (const m of measures) {
      if (support.undatedMeasures.includes(m)) {
        throw new InvalidReportError(
          'asOf',
          `the history of ${m} is not dated in the read model: ask without asOf or without ${m}`,
        );
      }
    }
    const byMonth = [...dimensions, ...filters.map((f) => f.dimension), ...measures].find((p) =>
      support.datedByMonth?.includes(p),
    );
    if (byMonth !== undefined && !isMonthStart(asOf)) {
      throw new InvalidReportError(
        'asOf',
        `${byMonth} is dated by month: ask as of the first instant of a month, e.g. 2026-04-01T00:00:00Z`,
      );
    }
  }
  const currency = targetCurrency(definition.currency, dataset);
  return { dataset, dimensions, measures, filters, timeGrain, from, to, asOf, clock, currency };
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

function targetCurrency(value: unknown, dataset: DatasetSpec): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !CURRENCY_CODE.test(value))
    throw new InvalidReportError('currency', 'must be an ISO 4217 code such as EUR');
  if (!dataset.amounts)
    throw new InvalidReportError('currency', `${dataset.name} has no amounts to convert`);
  return value;
}

/** The bucket of an ISO instant for a grain (UTC): 2026-03-05, 2026-03, 2026-Q1, 2026. */
export function periodOf(iso: string, grain: TimeGrain): string {
  switch (grain) {
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    case 'quarter':
      return `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return iso.slice(0, 4);
    default: {
      const unhandled: never = grain;
      return unhandled;
    }
  }
}

/** The parts that make two validated reports the same question (dataset, columns, filters, grain). */
export function definitionKeyParts(report: ValidReport): unknown[] {
  return [
    report.dataset.name,
    report.dimensions,
    report.measures,
    report.filters.map((f) => [f.dimension, [...f.values].sort()]),
    report.timeGrain ?? null,
  ];
}
