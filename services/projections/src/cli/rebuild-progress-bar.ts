// The rebuild's progress bar: positions of the global log done out of the head, events/s and ETA.
// On a terminal it redraws in place; elsewhere (CI logs, tests) it prints a line every 2 s.
import { Presets, SingleBar } from 'cli-progress';
import type { RebuildProgress } from '@crm/read-models';

export interface ProgressBar {
  update(progress: RebuildProgress): void;
  stop(): void;
}

export function rebuildProgressBar(projection: string, stream: NodeJS.WritableStream): ProgressBar {
  const bar = new SingleBar(
    {
      format: `${projection} |{bar}| {percentage}% | position {position}/{head} | {eps} events/s | ETA {eta_formatted}`,
      stream,
      etaBuffer: 50,
      fps: 5,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  const startedAt = Date.now();
  let started = false;
  return {
    update(progress) {
      // Progress is measured in global positions (the log is dense enough for an honest ETA).
      const total = Math.max(1, progress.head - progress.startedAt);
      const value = Math.min(total, progress.checkpoint - progress.startedAt);
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      const payload = {
        position: progress.checkpoint,
        head: progress.head,
        eps: Math.round(progress.eventsApplied / seconds),
      };
      if (!started) {
        bar.start(total, value, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
