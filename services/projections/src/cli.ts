// Operator CLI of the projections:
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register services/projections/src/cli.ts rebuild <projection>
//   npx nx run projections:cli --args="status"
// Commands and exit codes: ./cli/projections-cli.ts and docs/projections.md.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import pino from 'pino';
import { runProjectionsCli } from './cli/projections-cli';
import { PROJECTIONS, projectionStore } from './projection-catalogue';

const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
process.once('SIGTERM', () => abort.abort());

runProjectionsCli(process.argv.slice(2), {
  catalogue: PROJECTIONS,
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  // Warnings and errors only: the progress bar owns the terminal.
  logger: pino(
    { level: process.env.CRM_LOG_LEVEL ?? 'warn', base: { service: 'projections-cli' } },
    pino.destination(2),
  ),
  signal: abort.signal,
  storeFor: projectionStore,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
