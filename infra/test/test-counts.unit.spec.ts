// The closing line of `npm test` (scripts/summarize-test-results.cjs over the jest JSON reports)
// counts passed, failed and skipped tests separately; a suite that cannot run here (KurrentDB has
// no server on these machines) is reported as skipped, never as passed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const SUMMARIZE = join(repoRoot, 'scripts', 'summarize-test-results.cjs');

function summarize(dir: string): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [SUMMARIZE, dir], { encoding: 'utf8' });
  return { status: run.status, lines: run.stdout.trim().split('\n') };
}

function report(counts: {
  passed?: number;
  failed?: number;
  pending?: number;
  todo?: number;
  crashed?: number;
}): string {
  return JSON.stringify({
    numPassedTests: counts.passed ?? 0,
    numFailedTests: counts.failed ?? 0,
    numPendingTests: counts.pending ?? 0,
    numTodoTests: counts.todo ?? 0,
    numRuntimeErrorTestSuites: counts.crashed ?? 0,
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-test-results-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the closing line is "N passed, N failed, N skipped", per tier and in total', () => {
  writeFileSync(join(dir, 'gateway.unit.json'), report({ passed: 5, pending: 1, todo: 1 }));
  writeFileSync(join(dir, 'event-sourcing.int.json'), report({ passed: 3, pending: 40 }));
  writeFileSync(join(dir, 'customers.int.json'), report({ passed: 2 }));
  const { status, lines } = summarize(dir);
  expect(lines).toEqual([
    'int: 5 passed, 0 failed, 40 skipped',
    'unit: 5 passed, 0 failed, 2 skipped',
    '10 passed, 0 failed, 42 skipped',
  ]);
  expect(status).toBe(0);
});

test('says "0 skipped" when nothing was skipped, and fails on failures and crashed suites', () => {
  writeFileSync(join(dir, 'a.unit.json'), report({ passed: 2, failed: 1, crashed: 1 }));
  const { status, lines } = summarize(dir);
  expect(lines.at(-1)).toBe('2 passed, 2 failed, 0 skipped');
  expect(status).toBe(1);
});

test('the KurrentDB contract suite without a server counts as skipped, not passed', () => {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env['KURRENTDB_CONNECTION_STRING'];
  const jest = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--config',
      join(repoRoot, 'libs', 'event-sourcing', 'jest.config.cjs'),
      'libs/event-sourcing/src/kurrentdb/kurrentdb-event.store.int.spec.ts',
      '--json',
      `--outputFile=${join(dir, 'event-sourcing.int.json')}`,
    ],
    { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000 },
  );
  expect(jest.stderr).toMatch(
    /SKIPPED: the EventStore contract suite did NOT run against KurrentDB/,
  );
  const { lines } = summarize(dir);
  expect(lines.at(-1)).toMatch(/^0 passed, 0 failed, [1-9]\d* skipped$/);
}, 120_000);
