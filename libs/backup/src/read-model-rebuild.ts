// Rebuilds every read model from the restored store with the projections CLI (a separate app:
// spawned, not imported), each into a fresh target that is switched to when complete.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BackupError } from './backup.errors';
import { runTool } from './pg-tools';

const REPO = path.resolve(__dirname, '../../..');
const PROJECTIONS_CLI = path.join(REPO, 'services/projections/src/cli.ts');
const NODE_ARGS = ['-r', '@swc-node/register', PROJECTIONS_CLI];

function cliEnv(postgresUrl: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    CRM_POSTGRES_URL: postgresUrl,
    SWC_NODE_PROJECT: path.join(REPO, 'tsconfig.json'),
  };
}

/** The projections of the catalogue, from `cli status --json`. */
export async function listProjections(postgresUrl: string, env = process.env): Promise<string[]> {
  const out = await runTool(process.execPath, [...NODE_ARGS, 'status', '--json'], {
    env: cliEnv(postgresUrl, env),
  });
  const reports = JSON.parse(out.slice(out.indexOf('['))) as { projection: string }[];
  return reports.map((r) => r.projection);
}

/** `cli rebuild <projection> --fresh`, its progress bar on our stderr. */
export function rebuildProjection(
  postgresUrl: string,
  projection: string,
  env = process.env,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, 'rebuild', projection, '--fresh'], {
      env: cliEnv(postgresUrl, env),
      cwd: REPO,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new BackupError(
              'TOOL_FAILED',
              `rebuilding read model ${projection} failed (projections CLI exit ${code}); the restored cluster is up: rerun the rebuild once the cause is fixed`,
            ),
          ),
    );
  });
}
