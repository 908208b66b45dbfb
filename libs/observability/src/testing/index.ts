// Test support: scrape a /metrics endpoint and read one series, and read the spans an OTLP/JSON
// lines file holds (what CRM_TRACES_EXPORTER=file writes) as a flat list.
import { existsSync, readFileSync } from 'node:fs';

/** GET `url` (an app's /metrics) and return the exposition text. */
export async function scrapeMetrics(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, '$1');
  return labels;
}

/**
 * Scrapes `url` before and after `work` and returns how far a series moved in between, and the
 * exposition after it (for gauges, which are read as they stand).
 */
export async function metricsAround(
  url: string,
  work: () => Promise<unknown>,
): Promise<{
  after: string;
  moved: (name: string, labels?: Readonly<Record<string, string>>) => number;
}> {
  const before = await scrapeMetrics(url);
  await work();
  const after = await scrapeMetrics(url);
  return {
    after,
    moved: (name, labels = {}) =>
      metricValue(after, name, labels) - metricValue(before, name, labels),
  };
}

/**
 * The value of the series `name` whose labels include `labels` (summed when several match), or 0
 * when there is none: a counter that never moved is not printed by prom-client.
 */
export function metricValue(
  exposition: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = labelsOf(match[3] ?? '');
    if (Object.entries(labels).every(([k, v]) => own[k] === v)) total += Number(match[4]);
  }
  return total;
}

/** One span from an OTLP/JSON file, with its service's name. */
export interface ExportedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

function attributesOf(
  list: readonly OtlpAttribute[] | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? [])
    out[key] =
      value.stringValue ??
      (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
      value.doubleValue ??
      value.boolValue ??
      '';
  return out;
}

/** Every span in an OTLP/JSON lines file (empty when the file does not exist yet). */
export function readSpans(file: string): ExportedSpan[] {
  if (!existsSync(file)) return [];
  const spans: ExportedSpan[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const request = JSON.parse(line) as OtlpRequest;
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(
        attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '',
      );
      for (const scope of resourceSpans.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
          });
    }
  }
  return spans;
}
