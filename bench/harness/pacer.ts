// Open-loop load at a fixed rate: tick k is due at start + k·interval whatever happened to tick
// k-1 (a closed loop would slow down when the system does and hide the latency it causes). In-flight
// work is capped; when the cap is hit the achieved rate drops, and the caller reports it.
import { sleep } from './timer';

export interface PaceResult {
  readonly ticks: number;
  readonly wallMs: number;
  /** Ticks that started later than 2 intervals after they were due (the system could not keep up). */
  readonly lateTicks: number;
}

export async function pace(options: {
  readonly intervalMs: number;
  readonly durationMs: number;
  readonly maxInFlight: number;
  readonly tick: (k: number) => Promise<void>;
}): Promise<PaceResult> {
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let lateTicks = 0;
  const total = Math.floor(options.durationMs / options.intervalMs);
  for (let k = 0; k < total; k++) {
    const due = start + k * options.intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    if (failure) throw asError(failure);
    if (performance.now() - due > 2 * options.intervalMs) lateTicks++;
    const work: Promise<void> = options
      .tick(k)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  }
  await Promise.all(inFlight);
  if (failure) throw asError(failure);
  return { ticks: total, wallMs: performance.now() - start, lateTicks };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
