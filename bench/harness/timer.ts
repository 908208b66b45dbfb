// Monotonic clock helpers. process.hrtime.bigint() is immune to wall-clock jumps (NTP), which
// matters for runs of several minutes.
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = nowNs();
  const result = await work();
  return { result, ms: elapsedMs(start) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
