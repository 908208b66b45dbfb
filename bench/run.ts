// `npm run bench [-- --only P1,P2] [--scale] [--runs N]`: runs the scenarios one after another
// (never in parallel: they would measure each other), prints a table per scenario and writes
// bench/results/<id>.json. Exit code 1 only when a scenario crashed; a missed goal is a result,
// reported in the JSON and the table, not a failure of the harness.
import '../scripts/require-node-24.cjs';
import os from 'node:os';
import { loadConnections } from './harness/connections';
import { updateBenchmarksDoc } from './harness/docs-figures';
import { machineInfo } from './harness/machine';
import { PLATFORM_DATABASE, stopSharedPlatform } from './harness/platform';
import { dropDatabases } from './harness/postgres';
import { ReportBuilder, writeResult } from './harness/result';
import type { ScenarioResultFile } from './harness/result';
import type { BenchContext, Scenario } from './harness/scenario';
import { formatTable, printScenario } from './harness/table';
import { SCENARIOS } from './scenarios';
import { silenceKafkajsTimeoutWarning } from './harness/warnings';

silenceKafkajsTimeoutWarning();

interface Cli {
  readonly only: readonly string[] | undefined;
  readonly scale: boolean;
  readonly runs: number;
}

function parseArgs(argv: readonly string[]): Cli {
  let only: string[] | undefined;
  let scale = false;
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? (arg.split('=', 2) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    if (flag === '--only')
      only = value()
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    else if (flag === '--scale') scale = true;
    else if (flag === '--runs') runs = Number(value());
    else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(runs) || runs < 3)
    usage('--runs must be an integer >= 3 (figures are medians of at least 3 runs)');
  const known = new Set(SCENARIOS.map((s) => s.id));
  for (const id of only ?? [])
    if (!known.has(id)) usage(`unknown scenario ${id} (known: ${[...known].join(', ')})`);
  return { only, scale, runs };
}

function usage(problem?: string): never {
  if (problem) console.error(`bench: ${problem}`);
  console.error('usage: npm run bench -- [--only P1,P2,...] [--scale] [--runs N>=3]');
  process.exit(problem ? 2 : 0);
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const connections = loadConnections();
  const machine = await machineInfo(connections);
  const selected: Scenario[] = SCENARIOS.filter((s) => !cli.only || cli.only.includes(s.id));
  const command = [
    'npm run bench',
    ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : []),
  ].join(' ');
  console.log(
    `crm bench: ${selected.map((s) => s.id).join(', ')} — ${cli.runs} runs, ${cli.scale ? 'full (--scale)' : 'default (scaled-down)'} sizes`,
  );
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, load ${machine.loadAverageAtStart.join(' ')}; Node ${machine.node}; ${machine.postgres}; ${machine.kafka}; ${machine.mongo}`,
  );

  const summary: string[][] = [];
  let crashed = false;
  for (const scenario of selected) {
    const builder = new ReportBuilder();
    const context: BenchContext = {
      connections,
      runs: cli.runs,
      scale: cli.scale,
      log: (message) => console.log(`  [${scenario.id}] ${message}`),
      size: (report, name, defaultSize, fullSize) =>
        report.size(name, cli.scale ? fullSize : defaultSize, fullSize),
    };
    const startedAt = new Date();
    // The machine's load when this scenario starts (the one in `machine` is the invocation's).
    const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
    const t0 = Date.now();
    console.log(`\n--- ${scenario.id}: ${scenario.title}`);
    try {
      await scenario.run(context, builder);
    } catch (error) {
      crashed = true;
      builder.report.status = 'error';
      builder.report.reason =
        error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`  [${scenario.id}] failed: ${builder.report.reason}`);
    }
    await dropDatabases(connections.postgresUrl, scenario.workDatabases ?? []).catch(
      (error: unknown) =>
        console.error(
          `  [${scenario.id}] could not drop its work databases: ${(error as Error).message}`,
        ),
    );
    const report = builder.done();
    if (report.status === 'ok' && report.goals.some((g) => g.met === null))
      report.status = 'partial';
    const file: ScenarioResultFile = {
      scenario: scenario.id,
      title: scenario.title,
      goal: scenario.goal,
      baseline: scenario.baseline,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - t0,
      command,
      machine,
      run: {
        runs: cli.runs,
        scale: cli.scale,
        loadAverageAtScenarioStart: loadAtStart,
        sharedMachineWarning:
          loadAtStart[0]! > machine.cores * 0.5
            ? `load average ${loadAtStart[0]} when the scenario started, on ${machine.cores} cores: other work was running, figures are noisy`
            : '',
      },
      ...report,
    };
    const path = await writeResult(file);
    console.log(printScenario(file));
    console.log(`  → ${path} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const met = report.goals.filter((g) => g.met === true).length;
    const missed = report.goals.filter((g) => g.met === false).length;
    summary.push([
      scenario.id,
      report.status,
      `${met} met, ${missed} missed, ${report.goals.length - met - missed} not measured`,
      `${((Date.now() - t0) / 1000).toFixed(0)} s`,
    ]);
  }
  // The platform (P5, P6, P7's import) is shared by the scenarios of one invocation: stop it last.
  await stopSharedPlatform().catch((error: unknown) =>
    console.error(`could not stop the bench platform: ${(error as Error).message}`),
  );
  await dropDatabases(connections.postgresUrl, [PLATFORM_DATABASE]).catch(() => undefined);
  if (await updateBenchmarksDoc())
    console.log('docs/benchmarks.md: figures block regenerated from bench/results/*.json');
  console.log(`\n${formatTable(['scenario', 'status', 'goals', 'time'], summary)}`);
  process.exitCode = crashed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
