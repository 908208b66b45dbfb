// The shape of bench/results/<scenario>.json and the small builders scenarios use to fill it.
// Every number in it comes from a measurement made during the run that wrote the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LatencySummary } from './histogram';
import { round } from './histogram';
import type { MachineInfo } from './machine';
import { formatLikeTheRepo } from './prettier';
import { median, medianLatency } from './stats';

export type Side = string; // 'ours', 'raw pg', 'emmett', 'raw kafkajs', …

export interface Measurement {
  /** Stable key, e.g. `single.w16`; ratios and goals refer to it. */
  readonly key: string;
  readonly label: string;
  readonly side: Side;
  readonly unit: string;
  /** One value per run, in run order. */
  readonly runs: number[];
  readonly median: number;
  /** Per-run latency summaries when the figure comes from a histogram. */
  readonly latency?: { readonly runs: LatencySummary[]; readonly median: LatencySummary };
  /** Peak RSS of the process that did the work, per run (bytes). */
  readonly peakRssBytes?: { readonly runs: number[]; readonly median: number };
}

export interface Ratio {
  readonly label: string;
  readonly numerator: string; // `${key}@${side}`
  readonly denominator: string;
  /** The ratio the goals use: `pairedMedian` when both sides ran in every run, else `ofMedians`. */
  readonly value: number | null;
  /** Median over runs of (numerator / denominator) within the same run. */
  readonly pairedMedian: number | null;
  /** Median of the numerator / median of the denominator. */
  readonly ofMedians: number | null;
  readonly perRun: number[];
}

export interface GoalCheck {
  readonly goal: string;
  readonly value: number | null;
  readonly op: '>=' | '<=' | '<';
  readonly target: number;
  readonly unit: string;
  /** null when the figure could not be measured (see reason). */
  readonly met: boolean | null;
  readonly reason?: string;
}

export interface SizeSetting {
  readonly name: string;
  readonly used: number;
  /** The size the issue asks for, used with --scale. */
  readonly full: number;
  readonly scaledDown: boolean;
}

export type ScenarioStatus = 'ok' | 'partial' | 'not-run' | 'error';

export interface ScenarioReport {
  status: ScenarioStatus;
  reason?: string;
  measurements: Measurement[];
  ratios: Ratio[];
  goals: GoalCheck[];
  sizes: SizeSetting[];
  settings: Record<string, unknown>;
  notes: string[];
}

export interface ScenarioResultFile extends ScenarioReport {
  readonly scenario: string;
  readonly title: string;
  readonly goal: string;
  readonly baseline: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly run: {
    readonly runs: number;
    readonly scale: boolean;
    readonly loadAverageAtScenarioStart: number[];
    readonly sharedMachineWarning: string;
  };
}

/** Accumulates one scenario's figures. */
export class ReportBuilder {
  readonly report: ScenarioReport = {
    status: 'ok',
    measurements: [],
    ratios: [],
    goals: [],
    sizes: [],
    settings: {},
    notes: [],
  };

  size(name: string, used: number, full: number): number {
    this.report.sizes.push({ name, used, full, scaledDown: used < full });
    return used;
  }

  setting(name: string, value: unknown): void {
    this.report.settings[name] = value;
  }

  note(text: string): void {
    this.report.notes.push(text);
  }

  measure(
    key: string,
    side: Side,
    label: string,
    unit: string,
    runs: number[],
    extra: { latency?: LatencySummary[]; peakRssBytes?: number[] } = {},
  ): Measurement {
    const m: Measurement = {
      key,
      label,
      side,
      unit,
      runs: runs.map((v) => round(v, 3)),
      median: round(median(runs), 3),
      ...(extra.latency
        ? { latency: { runs: extra.latency, median: medianLatency(extra.latency) } }
        : {}),
      ...(extra.peakRssBytes
        ? {
            peakRssBytes: {
              runs: extra.peakRssBytes,
              median: Math.round(median(extra.peakRssBytes)),
            },
          }
        : {}),
    };
    this.report.measurements.push(m);
    return m;
  }

  find(key: string, side: Side): Measurement | undefined {
    return this.report.measurements.find((m) => m.key === key && m.side === side);
  }

  /** ours/baseline of two measured medians; null when either side was not measured. */
  /**
   * numerator / denominator. Sides measured back to back in the same run are compared run by run
   * and the median of those ratios is the value: on a shared machine the load drifts between runs,
   * and a run-by-run ratio cancels that drift where a ratio of medians can pair a quiet run of one
   * side with a busy run of the other. The ratio of medians is recorded too.
   */
  ratio(label: string, key: string, side: Side, baseKey: string, baseSide: Side): number | null {
    const a = this.find(key, side);
    const b = this.find(baseKey, baseSide);
    const ofMedians =
      a && b && b.median > 0 && Number.isFinite(a.median) ? round(a.median / b.median, 3) : null;
    const perRun =
      a && b && a.runs.length === b.runs.length
        ? a.runs.map((v, i) => round(v / b.runs[i]!, 3)).filter((r) => Number.isFinite(r))
        : [];
    const pairedMedian =
      perRun.length > 0 && perRun.length === a?.runs.length ? round(median(perRun), 3) : null;
    const value = pairedMedian ?? ofMedians;
    this.report.ratios.push({
      label,
      numerator: `${key}@${side}`,
      denominator: `${baseKey}@${baseSide}`,
      value,
      pairedMedian,
      ofMedians,
      perRun,
    });
    return value;
  }

  goal(
    goal: string,
    value: number | null,
    op: GoalCheck['op'],
    target: number,
    unit: string,
    reason?: string,
  ): void {
    const met =
      value === null || !Number.isFinite(value)
        ? null
        : op === '>='
          ? value >= target
          : op === '<='
            ? value <= target
            : value < target;
    const check: GoalCheck = {
      goal,
      value: value === null || !Number.isFinite(value) ? null : value,
      op,
      target,
      unit,
      met,
      ...(met === null
        ? { reason: reason ?? 'not measured in this run' }
        : reason
          ? { reason }
          : {}),
    };
    this.report.goals.push(check);
  }

  notRun(reason: string): ScenarioReport {
    this.report.status = this.report.measurements.length > 0 ? 'partial' : 'not-run';
    this.report.reason = this.report.reason ? `${this.report.reason}; ${reason}` : reason;
    return this.report;
  }

  /** Marks the scenario partial (some sides measured, ours or a part missing) with a reason. */
  partial(reason: string): void {
    this.report.status = 'partial';
    this.report.reason = this.report.reason ? `${this.report.reason}; ${reason}` : reason;
  }

  done(): ScenarioReport {
    return this.report;
  }
}

export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

export async function writeResult(file: ScenarioResultFile): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const target = path.join(RESULTS_DIR, `${file.scenario}.json`);
  writeFileSync(target, await formatLikeTheRepo(JSON.stringify(file, null, 2), target));
  return target;
}
