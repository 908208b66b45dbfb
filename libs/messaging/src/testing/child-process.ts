// Runs a TypeScript entry point of this repository as a child process (the same way `serve` does),
// so fault tests can SIGKILL a real worker, relay or CLI.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../../..');

export interface Child {
  readonly process: ChildProcess;
  readonly output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

export function startTsChild(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): Child {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', resolve(REPO_ROOT, entry), ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  return { process: child, output: () => output, exited };
}
