// Runs one measured side in its own Node process so its peak RSS is its own (the harness's
// histograms, the other side's buffers and the TypeScript loader of the parent do not count), and
// so a long-running component (the relay) runs apart from the load generator, as in production.
// Peak RSS comes from the kernel: the child reports process.resourceUsage().maxRSS when it is done,
// and the parent samples /proc/<pid>/status VmHWM meanwhile as a cross-check (and as the figure
// when the child dies before reporting).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './connections';

export interface ChildRun<T> {
  readonly result: T;
  /** Peak resident set size of the child process, bytes. */
  readonly peakRssBytes: number;
}

/** What a child function receives next to its input. */
export interface ChildContext {
  /** Sends a progress message to the parent (the first one resolves ChildHandle.firstNotice). */
  notify(data: unknown): void;
  /** Aborted when the parent calls ChildHandle.stop(). */
  readonly signal: AbortSignal;
}

export interface ChildHandle<T> {
  readonly result: Promise<ChildRun<T>>;
  /** The first notify() of the child (e.g. "ready"). */
  readonly firstNotice: Promise<unknown>;
  stop(): void;
}

export type ChildMessage =
  | { readonly kind: 'notice'; readonly data: unknown }
  | {
      readonly kind: 'done';
      readonly ok: boolean;
      readonly result?: unknown;
      readonly error?: string;
      readonly maxRssBytes?: number;
    };

const CHILD_ENTRY = path.join(__dirname, 'child-entry.ts');

/**
 * Calls `exportName(input, context)` of `modulePath` (an absolute .ts path) in a fresh Node process.
 * `input` and the result cross the process boundary with structured-clone serialisation (bigint,
 * Map, Date are fine; functions are not).
 */
export function startChild<T>(
  modulePath: string,
  exportName: string,
  input: unknown,
  timeoutMs = 30 * 60_000,
): ChildHandle<T> {
  const child = fork(CHILD_ENTRY, [], {
    cwd: REPO_ROOT,
    execArgv: ['-r', '@swc-node/register', ...childExecArgv()],
    env: {
      ...process.env,
      SWC_NODE_PROJECT: process.env['SWC_NODE_PROJECT'] ?? path.join(REPO_ROOT, 'tsconfig.json'),
    },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const name = `${path.basename(modulePath)}#${exportName}`;
  let noticed: (data: unknown) => void = () => undefined;
  let noticeFailed: (error: Error) => void = () => undefined;
  const firstNotice = new Promise<unknown>((resolve, reject) => {
    noticed = resolve;
    noticeFailed = reject;
  });
  firstNotice.catch(() => undefined); // callers that never wait for a notice must not see an unhandled rejection
  const result = new Promise<ChildRun<T>>((resolve, reject) => {
    let sampledPeak = 0;
    const sample = (): void => {
      sampledPeak = Math.max(sampledPeak, readVmHwmBytes(child.pid) ?? 0);
    };
    const sampler = setInterval(sample, 100);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`child ${name} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    let settled = false;
    const finish = (error: Error | null, reply?: Extract<ChildMessage, { kind: 'done' }>): void => {
      if (settled) return;
      settled = true;
      clearInterval(sampler);
      clearTimeout(timer);
      const failure =
        error ??
        (reply?.ok ? null : new Error(`child ${name} failed: ${reply?.error ?? 'no reply'}`));
      if (failure) {
        noticeFailed(failure);
        return reject(failure);
      }
      resolve({
        result: reply!.result as T,
        peakRssBytes: Math.max(reply!.maxRssBytes ?? 0, sampledPeak),
      });
    };
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'notice') return noticed(message.data);
      sample();
      finish(null, message);
    });
    child.on('error', (error) => finish(error));
    child.on('exit', (code, signal) =>
      finish(new Error(`child ${name} exited (${code ?? signal}) before replying`)),
    );
  });
  child.send({ kind: 'run', modulePath, exportName, input });
  return {
    result,
    firstNotice,
    stop: () => {
      if (child.connected) child.send({ kind: 'stop' });
    },
  };
}

export function runInChild<T>(
  modulePath: string,
  exportName: string,
  input: unknown,
  timeoutMs?: number,
): Promise<ChildRun<T>> {
  return startChild<T>(modulePath, exportName, input, timeoutMs).result;
}

/** `--cpu-prof` etc. for the measured children: BENCH_CHILD_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=tmp/prof". */
function childExecArgv(): string[] {
  return (process.env['BENCH_CHILD_NODE_OPTIONS'] ?? '').split(/\s+/).filter(Boolean);
}

function readVmHwmBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}
