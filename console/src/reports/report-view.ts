// Pure pieces of the reports screen: the definition a standard report runs (for drill-down and
// export, which take a definition), the chart of a result and how stale its figures are.
import type { EChartsOption } from 'echarts';

export interface ReportDefinition {
  dataset: string;
  dimensions: string[];
  measures: string[];
  filters?: { dimension: string; values: string[] }[];
  timeGrain?: 'day' | 'month' | 'quarter' | 'year' | null;
  from?: string | null;
  to?: string | null;
}

export interface ReportShape {
  dimensions: readonly { key: string; label: string }[];
  measures: readonly { key: string; label: string }[];
  rows: readonly { dimensions: readonly string[]; values: readonly (number | null)[] }[];
  totals: readonly (number | null)[];
}

/** A standard report's definition as `standardReports` describes it. */
export function definitionOfStandard(info: {
  dataset: string;
  dimensions: readonly string[];
  measures: readonly string[];
  filters: readonly { dimension: string; values: readonly string[] }[];
  timeGrain?: ReportDefinition['timeGrain'];
}): ReportDefinition {
  return {
    dataset: info.dataset,
    dimensions: [...info.dimensions],
    measures: [...info.measures],
    filters: info.filters.map((f) => ({ dimension: f.dimension, values: [...f.values] })),
    ...(info.timeGrain ? { timeGrain: info.timeGrain } : {}),
  };
}

/** The label of a row: its dimension values, or "total" for a report without dimensions. */
export const rowLabel = (dimensions: readonly string[], total: string): string =>
  dimensions.length === 0 ? total : dimensions.map((d) => (d === '' ? '—' : d)).join(' · ');

/**
 * A bar chart: one category per row (the totals when the report has no dimension), one series per
 * measure. Missing values (a rate over no record) are gaps, not zeros.
 */
export function chartOptionOf(result: ReportShape, total: string): EChartsOption {
  const noDimension = result.dimensions.length === 0;
  const categories = noDimension
    ? [total]
    : result.rows.map((row) => rowLabel(row.dimensions, total));
  return {
    // Drawn at once: a growing bar is no help on a dashboard and misleads a screenshot.
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value' },
    series: result.measures.map((measure, i) => ({
      type: 'bar',
      name: measure.label,
      data: noDimension
        ? [result.totals[i] ?? null]
        : result.rows.map((row) => row.values[i] ?? null),
    })),
  };
}

export type Staleness = { kind: 'current' } | { kind: 'behind'; events: number };

/** How far the figures trail the event store when the report ran. */
export const stalenessOf = (freshness: { eventsBehind: number }): Staleness =>
  freshness.eventsBehind <= 0
    ? { kind: 'current' }
    : { kind: 'behind', events: freshness.eventsBehind };

/** Bytes of an export file (the API returns it base64-encoded). */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
