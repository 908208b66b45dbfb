// Latency histograms (HdrHistogram): percentiles are exact to 3 significant digits whatever the
// number of samples, unlike sorting a sample array or averaging. Values are recorded in
// microseconds and reported in milliseconds.
import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

export class LatencyHistogram {
  private readonly histogram = hdr.build({
    bitBucketSize: 64,
    // Auto-resizing: a pathological 30 s stall is recorded, not clipped.
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** Records the time since `startNs` (from nowNs()). */
  recordSince(startNs: bigint): void {
    this.histogram.recordValue(Math.max(1, Number((process.hrtime.bigint() - startNs) / 1000n)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const ms = (us: number): number => round(us / 1000, 3);
    return {
      count: h.totalCount,
      p50Ms: ms(h.getValueAtPercentile(50)),
      p90Ms: ms(h.getValueAtPercentile(90)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      maxMs: ms(h.maxValue),
      meanMs: ms(h.mean),
    };
  }
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
