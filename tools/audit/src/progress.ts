// A progress bar on stderr for long work, only when a person is watching (a TTY) and did not ask
// for JSON; otherwise a no-op, so pipes and tests see clean output.
import { SingleBar, Presets } from 'cli-progress';
import type { CliIo } from './cli-context';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function startProgress(io: CliIo, label: string, json: boolean): Progress {
  if (json || !io.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total) => {
      if (!started) {
        bar.start(Math.max(total, done), done);
        started = true;
      } else {
        bar.setTotal(Math.max(total, done));
        bar.update(done);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
