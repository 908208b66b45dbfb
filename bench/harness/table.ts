// Plain-text tables for the terminal (the JSON is the record; this is for the person watching).
import type { ScenarioResultFile } from './result';

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
  return unit ? `${text} ${unit}` : text;
}

export function formatBytes(bytes: number | undefined): string {
  return bytes === undefined ? '' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export function printScenario(file: ScenarioResultFile): string {
  const out: string[] = [];
  out.push(
    `\n=== ${file.scenario}: ${file.title} — ${file.status}${file.reason ? ` (${file.reason})` : ''}`,
  );
  if (file.measurements.length > 0) {
    out.push(
      formatTable(
        ['measure', 'side', 'median', 'runs', 'p50 / p99', 'peak RSS'],
        file.measurements.map((m) => [
          m.label,
          m.side,
          formatNumber(m.median, m.unit),
          m.runs.map((v) => formatNumber(v)).join(', '),
          m.latency
            ? `${formatNumber(m.latency.median.p50Ms)} / ${formatNumber(m.latency.median.p99Ms)} ms`
            : '',
          formatBytes(m.peakRssBytes?.median),
        ]),
      ),
    );
  }
  if (file.ratios.length > 0) {
    out.push('');
    out.push(
      formatTable(
        ['ratio', 'value'],
        file.ratios.map((r) => [r.label, r.value === null ? '—' : `${r.value}×`]),
      ),
    );
  }
  if (file.goals.length > 0) {
    out.push('');
    out.push(
      formatTable(
        ['goal', 'measured', 'target', 'met'],
        file.goals.map((g) => [
          g.goal,
          formatNumber(g.value, g.unit),
          `${g.op} ${formatNumber(g.target, g.unit)}`,
          g.met === null ? `not measured: ${g.reason ?? ''}` : g.met ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  const scaled = file.sizes.filter((s) => s.scaledDown);
  if (scaled.length > 0) {
    out.push(
      `\nscaled down (use --scale for full size): ${scaled.map((s) => `${s.name} ${s.used.toLocaleString('en-US')} of ${s.full.toLocaleString('en-US')}`).join('; ')}`,
    );
  }
  for (const note of file.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
