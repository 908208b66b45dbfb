// Runs a fixed amount of work with N concurrent writers and measures wall time (throughput) and
// per-command latency (histogram). Each writer awaits its own commands in order, like a service
// handling one request after another; writers run concurrently on the one event loop, the way N
// concurrent requests share a Node process.
import { LatencyHistogram } from './histogram';
import { elapsedMs, nowNs } from './timer';

export interface WritersRun {
  readonly wallMs: number;
  readonly latency: LatencyHistogram;
}

export async function runWriters<C>(
  plans: readonly (readonly C[])[],
  execute: (command: C, writer: number) => Promise<void>,
): Promise<WritersRun> {
  const latency = new LatencyHistogram();
  const start = nowNs();
  await Promise.all(
    plans.map(async (commands, writer) => {
      for (const command of commands) {
        const t = nowNs();
        await execute(command, writer);
        latency.recordSince(t);
      }
    }),
  );
  return { wallMs: elapsedMs(start), latency };
}
