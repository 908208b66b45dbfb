// Median of repeated runs. The median (not the mean) because a shared 2-core machine produces
// one-sided outliers: another process stealing the CPU only ever makes a run slower.
import type { LatencySummary } from './histogram';
import { round } from './histogram';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per-percentile median over runs (each percentile taken separately). */
export function medianLatency(summaries: readonly LatencySummary[]): LatencySummary {
  const pick = (f: (s: LatencySummary) => number): number => round(median(summaries.map(f)), 3);
  return {
    count: Math.round(median(summaries.map((s) => s.count))),
    p50Ms: pick((s) => s.p50Ms),
    p90Ms: pick((s) => s.p90Ms),
    p99Ms: pick((s) => s.p99Ms),
    maxMs: pick((s) => s.maxMs),
    meanMs: pick((s) => s.meanMs),
  };
}

/** Throughput from a fixed amount of work and its wall time. */
export function perSecond(count: number, ms: number): number {
  return ms <= 0 ? Number.NaN : round((count * 1000) / ms, 1);
}
