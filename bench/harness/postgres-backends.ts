// The share of the shared PostgreSQL server that serves one database: the CPU of the backends
// connected to it, from /proc. Unlike the whole server's figure, other sessions' databases are not
// in it, so it stays meaningful on a shared machine (P8, P9).
import type { Client } from 'pg';
import { processCpuMs } from './process-cpu';

/** CPU so far of each backend connected to the database `client` is connected to, by pid. */
export async function backendCpuMs(client: Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

/**
 * CPU the database's backends used between two samples, ms: backends present at the end count
 * from their earlier sample, or from their start when they connected meanwhile (a backend that
 * exited meanwhile is not counted: the platform's pools keep theirs open).
 */
export function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
