// Keeps the figures in docs/benchmarks.md equal to bench/results/*.json: after every run the block
// between the two markers is regenerated from whatever result files exist (each carries its own
// date, machine and settings), so the page never shows a number no JSON backs. The prose around
// the block (why a goal is missed, what would close it) is written by hand.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './connections';
import type { ScenarioResultFile } from './result';
import { RESULTS_DIR } from './result';
import { formatLikeTheRepo } from './prettier';
import { formatBytes, formatNumber } from './table';

const DOC = path.join(REPO_ROOT, 'docs', 'benchmarks.md');
const START =
  '<!-- bench:figures:start (generated from bench/results/*.json by npm run bench; do not edit) -->';
const END = '<!-- bench:figures:end -->';

export function loadResults(): ScenarioResultFile[] {
  if (!existsSync(RESULTS_DIR)) return [];
  return (
    readdirSync(RESULTS_DIR)
      .filter((f) => /^[A-Z]\d+\.json$/.test(f))
      // P1, P2, …, P10, then T1, … (letter first, then the number as a number).
      .sort((a, b) => a[0]!.localeCompare(b[0]!) || Number(a.slice(1, -5)) - Number(b.slice(1, -5)))
      .map((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), 'utf8')) as ScenarioResultFile)
  );
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderFigures(results: readonly ScenarioResultFile[]): string {
  const out: string[] = [];
  out.push('| id | status | goal | met? | run |', '|---|---|---|---|---|');
  for (const r of results) {
    const goals = r.goals
      .map(
        (g) =>
          `${g.met === null ? '—' : g.met ? '✅' : '❌'} ${g.goal}: ${formatNumber(g.value, g.unit)}`,
      )
      .join('<br>');
    const when = `${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${r.run.scale ? '--scale' : 'default sizes'}, ${r.run.runs} runs`;
    out.push(
      `| ${r.scenario} | ${r.status} | ${cell(r.goal)} | ${cell(goals || r.reason || '')} | ${when} |`,
    );
  }
  for (const r of results) {
    out.push('', `### ${r.scenario}: ${r.title}`, '');
    out.push(
      `Status **${r.status}**${r.reason ? `: ${cell(r.reason.split('\n')[0]!)}` : ''}. Baseline: ${r.baseline}.`,
    );
    const m = r.machine;
    out.push(
      `Machine: ${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, load ${(r.run.loadAverageAtScenarioStart ?? m.loadAverageAtStart).join(' ')} when the scenario started; Node ${m.node}; ${m.postgres}; ${m.kafka}; ${m.mongo}.${r.run.sharedMachineWarning ? ` **${r.run.sharedMachineWarning}.**` : ''}`,
    );
    const scaled = r.sizes.filter((s) => s.scaledDown);
    if (scaled.length > 0)
      out.push(
        `Scaled down (full size with \`--scale\`): ${scaled.map((s) => `${s.name} ${s.used.toLocaleString('en-US')} (full ${s.full.toLocaleString('en-US')})`).join('; ')}.`,
      );
    if (r.measurements.length > 0) {
      out.push(
        '',
        '| measure | side | median | runs | p50 / p99 | peak RSS |',
        '|---|---|---|---|---|---|',
      );
      for (const x of r.measurements) {
        const lat = x.latency
          ? `${formatNumber(x.latency.median.p50Ms)} / ${formatNumber(x.latency.median.p99Ms)} ms`
          : '';
        out.push(
          `| ${cell(x.label)} | ${x.side} | ${formatNumber(x.median, x.unit)} | ${x.runs.map((v) => formatNumber(v)).join(', ')} | ${lat} | ${formatBytes(x.peakRssBytes?.median)} |`,
        );
      }
    }
    if (r.ratios.length > 0)
      out.push(
        '',
        r.ratios
          .map((x) => `${x.label}: **${x.value === null ? '—' : `${x.value}×`}**`)
          .join('; ') + '.',
      );
  }
  return out.join('\n');
}

/** Rewrites the generated block of docs/benchmarks.md (creating the markers if they are missing). */
export async function updateBenchmarksDoc(): Promise<boolean> {
  if (!existsSync(DOC)) return false;
  const doc = readFileSync(DOC, 'utf8');
  const block = `${START}\n${renderFigures(loadResults())}\n${END}`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  const next =
    start >= 0 && end > start
      ? doc.slice(0, start) + block + doc.slice(end + END.length)
      : `${doc.trimEnd()}\n\n## Latest figures\n\n${block}\n`;
  writeFileSync(DOC, await formatLikeTheRepo(next, DOC));
  return true;
}
