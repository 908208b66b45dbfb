// The timer backlog per owner: timers due at `now` or earlier that no worker has fired yet. A
// growing backlog means the workers are down or too few. Read at scrape time by an app that runs
// a TimerWorker (crm_timer_backlog, docs/operations/metrics.md); served by the `timers_due` index.
export interface TimerBacklog {
  readonly owner: string;
  readonly due: number;
}

export async function timerBacklog(
  db: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> },
  now: Date,
): Promise<TimerBacklog[]> {
  const { rows } = await db.query<{ owner: string; due: number }>(
    `SELECT owner, count(*)::int AS due FROM timers.timers
      WHERE status = 'scheduled' AND next_attempt_at <= $1 GROUP BY owner ORDER BY owner`,
    [now],
  );
  return rows;
}

/** The backlog of one owner, always one entry (0 when nothing is due), for the app that fires them. */
export async function ownerTimerBacklog(
  db: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> },
  owner: string,
  now: Date,
): Promise<TimerBacklog[]> {
  const due = (await timerBacklog(db, now)).find((b) => b.owner === owner)?.due ?? 0;
  return [{ owner, due }];
}
