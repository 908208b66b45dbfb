// The observability part of every app's configuration schema (docs/operations/tracing.md,
// metrics.md). Each app's loader calls `readObservabilityConfig` and adds the problems to its own,
// so a bad variable stops the app at boot with the others, by name.
export type TracesExporter = 'none' | 'file' | 'console';

export interface ObservabilityConfig {
  /** Where finished spans go; `none` (the default) installs no SDK at all. */
  readonly tracesExporter: TracesExporter;
  /** OTLP/JSON lines file for `file`; several apps may share one. */
  readonly tracesFile: string;
  /** Fraction of traces kept, decided on the trace id, so every app keeps the same traces. */
  readonly tracesSampleRatio: number;
}

export const OBSERVABILITY_VARIABLES = [
  'CRM_TRACES_EXPORTER',
  'CRM_TRACES_FILE',
  'CRM_TRACES_SAMPLE_RATIO',
] as const;

const EXPORTERS: readonly TracesExporter[] = ['none', 'file', 'console'];

export const DEFAULT_TRACES_FILE = '.data/traces/traces.otlp.jsonl';

export function readObservabilityConfig(env: Readonly<Record<string, string | undefined>>): {
  config: ObservabilityConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => env[name]?.trim() || undefined;
  const exporter = raw('CRM_TRACES_EXPORTER') ?? 'none';
  if (!EXPORTERS.includes(exporter as TracesExporter))
    problems.push(
      `CRM_TRACES_EXPORTER=${JSON.stringify(exporter)} is invalid (one of ${EXPORTERS.join(', ')})`,
    );
  const ratioText = raw('CRM_TRACES_SAMPLE_RATIO') ?? '1';
  const ratio = Number(ratioText);
  if (!/^\d+(\.\d+)?$/.test(ratioText) || !(ratio >= 0 && ratio <= 1))
    problems.push(
      `CRM_TRACES_SAMPLE_RATIO=${JSON.stringify(ratioText)} is invalid (a number from 0 to 1)`,
    );
  return {
    config: {
      tracesExporter: EXPORTERS.includes(exporter as TracesExporter)
        ? (exporter as TracesExporter)
        : 'none',
      tracesFile: raw('CRM_TRACES_FILE') ?? DEFAULT_TRACES_FILE,
      tracesSampleRatio: Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1,
    },
    problems,
  };
}
