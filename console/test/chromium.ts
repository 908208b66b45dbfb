// Finds Debian's Chromium for Playwright, installing it with apt-get when missing
// (console/test/ensure-chromium.sh). When it cannot, the browser specs are skipped with the reason.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type ChromiumLookup = { path: string; reason?: never } | { path?: never; reason: string };

export function findChromium(): ChromiumLookup {
  const script = path.join(__dirname, 'ensure-chromium.sh');
  const run = spawnSync('bash', [script], { encoding: 'utf8', timeout: 15 * 60_000 });
  const found = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status === 0 && found) return { path: found };
  return { reason: run.stderr.trim() || `ensure-chromium.sh exited with ${run.status}` };
}
