// Launcher for `npm run bench`: runs bench/run.ts from TypeScript through @swc-node/register (the
// same transform the apps use, so the `@crm/*` path aliases resolve), forwarding every argument
// (`--scale`, `--only P1,P2`, `--runs 5`). Kept in plain CommonJS so it needs no build step.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const env = {
  ...process.env,
  SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json'),
};
// A child process (not an in-process require) so its exit code is the harness's own and
// `--cpu-prof` etc. can be passed through NODE_OPTIONS by whoever profiles it.
const result = spawnSync(
  process.execPath,
  ['-r', '@swc-node/register', path.join(__dirname, 'run.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
if (result.error) {
  console.error(`bench: could not start ${process.execPath}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
