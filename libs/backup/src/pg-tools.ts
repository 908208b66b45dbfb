// PostgreSQL's own client tools (pg_basebackup, pg_verifybackup) of the major version of the
// server being backed up or restored, from Debian's /usr/lib/postgresql/<major>/bin (the same
// packages infra/local/crm-infra installs), and a runner that turns their failures into errors.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup.errors';

/** The bin folder of PostgreSQL `major`; CRM_PG_BIN overrides it (other distributions). */
export function pgBinDir(major: number, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.CRM_PG_BIN ?? `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(dir, 'postgres')) && !existsSync(path.join(dir, 'pg_basebackup'))) {
    throw new BackupError(
      'WRONG_VERSION',
      `PostgreSQL ${major} tools are not installed (looked in ${dir}): install postgresql-${major} (apt-get install postgresql-${major}) or set CRM_PG_BIN.`,
    );
  }
  return dir;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Each chunk of stderr (pg_basebackup's progress goes there). */
  readonly onStderr?: (text: string) => void;
}

/** Runs a program to completion; a non-zero exit is a TOOL_FAILED error with its last output. */
export function runTool(command: string, args: readonly string[], options: RunOptions = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr = (stderr + text).slice(-8000);
      options.onStderr?.(text);
    });
    child.on('error', (e) =>
      reject(new BackupError('TOOL_FAILED', `${path.basename(command)}: ${e.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(stdout);
      const tail = (stderr || stdout).replace(/\r/g, '\n').trim().split('\n').slice(-15);
      reject(
        new BackupError(
          'TOOL_FAILED',
          `${path.basename(command)} exited with ${code}:\n  ${tail.join('\n  ')}`,
        ),
      );
    });
  });
}
