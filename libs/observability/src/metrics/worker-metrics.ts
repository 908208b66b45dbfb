// The scrape-time gauges of an app's background workers (docs/operations/metrics.md): reactor lag
// from the reactors' statuses, and the timer backlog per owner. Each returns the function that
// removes the source when the app stops; a status without `lag` (a failing query) is left out.
import { platformMetrics } from './platform-metrics';

export function watchReactorLag(
  statuses: () => Promise<readonly ({ name: string; lag: number } | { name: string })[]>,
): () => void {
  return platformMetrics().reactorLag.add(async () =>
    (await statuses()).flatMap((s) =>
      'lag' in s ? [{ labels: { reactor: s.name }, value: s.lag }] : [],
    ),
  );
}

export function watchTimerBacklog(
  backlog: () => Promise<readonly { owner: string; due: number }[]>,
): () => void {
  return platformMetrics().timerBacklog.add(async () =>
    (await backlog()).map((b) => ({ labels: { owner: b.owner }, value: b.due })),
  );
}
