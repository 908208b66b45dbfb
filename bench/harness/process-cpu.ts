// CPU time (user + system) of processes on this machine, from /proc, for per-command CPU figures:
// the platform's own apps (by pid) and the servers crm-infra runs. CPU per unit of work hardly
// depends on what else shares the cores, unlike throughput, so it is the figure to compare between
// runs on a loaded machine.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './connections';

/** USER_HZ: 100 on every Linux the bench runs on (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  readonly parentPid: number;
  /** utime + stime, ms. */
  readonly ownMs: number;
  /** cutime + cstime: children that exited and were waited for, ms. */
  readonly reapedChildrenMs: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state is field 3 of the line, ppid 4, utime/stime 14/15, cutime/cstime 16/17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (i: number) => (Number(fields[i]) * 1000) / CLOCK_TICKS_PER_SECOND;
    return {
      parentPid: Number(fields[1]),
      ownMs: ms(11) + ms(12),
      reapedChildrenMs: ms(13) + ms(14),
    };
  } catch {
    return undefined; // gone
  }
}

/** CPU time one process has used so far, ms (undefined when it is not running). */
export function processCpuMs(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : procStat(pid)?.ownMs;
}

/**
 * CPU time of a process and all its children so far, ms: the living children's own time plus what
 * the exited ones used (the parent's cutime/cstime once it has reaped them). PostgreSQL runs one
 * process per connection under its postmaster, so this is the whole server's CPU.
 */
export function processTreeCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const root = procStat(pid);
  if (!root) return undefined;
  let total = root.ownMs + root.reapedChildrenMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = procStat(Number(entry));
    if (child?.parentPid === pid) total += child.ownMs;
  }
  return total;
}

export type InfraServer = 'postgres' | 'kafka' | 'mongo';

/** The pid of a server crm-infra started on this machine, from its pid file (undefined if none). */
export function infraServerPid(server: InfraServer): number | undefined {
  const dataDir = process.env['CRM_DATA_DIR'] ?? path.join(REPO_ROOT, '.data');
  const pidFile =
    server === 'postgres'
      ? path.join(dataDir, 'postgres', 'data', 'postmaster.pid')
      : path.join(dataDir, 'run', `${server}.pid`);
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]!.trim());
    return Number.isInteger(pid) && procStat(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A server's CPU so far, ms: PostgreSQL with every backend, the Kafka and MongoDB-wire JVMs. */
export function infraServerCpuMs(server: InfraServer): number | undefined {
  return processTreeCpuMs(infraServerPid(server));
}
