// What every bench/scenarios/*.bench.ts exports.
import type { Connections } from './connections';
import type { ReportBuilder } from './result';

export interface BenchContext {
  readonly connections: Connections;
  /** Measured runs per figure (median reported); at least 3. */
  readonly runs: number;
  /** Full sizes from the issue instead of the scaled-down defaults. */
  readonly scale: boolean;
  readonly log: (message: string) => void;
  /** The default size, or the full one with --scale (recorded in the JSON either way). */
  size(report: ReportBuilder, name: string, defaultSize: number, fullSize: number): number;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** The goal as the issue states it. */
  readonly goal: string;
  /** What the scenario compares against in the same run. */
  readonly baseline: string;
  /** Databases the scenario creates for itself; run.ts drops them afterwards (seeds are kept). */
  readonly workDatabases?: readonly string[];
  run(context: BenchContext, report: ReportBuilder): Promise<void>;
}
