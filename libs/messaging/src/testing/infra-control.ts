// Stops and starts ONE local server through infra/local/crm-infra, for fault tests. The finally
// blocks of the tests always bring the server back, so a failing test does not leave it down.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './child-process';

const run = promisify(execFile);
const CRM_INFRA = resolve(REPO_ROOT, 'infra/local/crm-infra');

export type LocalServer = 'postgres' | 'kafka' | 'mongo';

export async function serverDown(server: LocalServer): Promise<number> {
  const started = Date.now();
  await run(CRM_INFRA, ['down', server], { cwd: REPO_ROOT, timeout: 120_000 });
  return Date.now() - started;
}

export async function serverUp(server: LocalServer): Promise<number> {
  const started = Date.now();
  await run(CRM_INFRA, ['up', server], { cwd: REPO_ROOT, timeout: 180_000 });
  return Date.now() - started;
}
