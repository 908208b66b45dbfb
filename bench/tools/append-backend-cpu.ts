// PostgreSQL CPU per append, ours vs raw INSERTs (the P1 sides, one connection each): the CPU
// time (utime + stime in /proc/<pid>/stat) of the side's server backends before and after. Unlike
// P1's throughput it hardly depends on other work sharing the cores (docs/benchmarks.md, P1). The
// server must run on this machine.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/tools/append-backend-cpu.ts [eventsPerAppend] [appends]
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { loadConnections } from '../harness/connections';
import { dropDatabase } from '../harness/postgres';
import { planCommands } from '../harness/workload';
import type { PlannedCommand } from '../harness/workload';
import type { AppendSide } from '../sides/append-side';
import { OursAppendSide } from '../sides/ours-append';
import { RawPgAppendSide } from '../sides/raw-pg-append';

const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

function cpuTicks(pid: number): number {
  // After "pid (comm) ": utime and stime are fields 14 and 15 of the line, 12 and 13 here.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function plan(prefix: string, events: number, appends: number): PlannedCommand[] {
  return planCommands({
    prefix,
    writers: 1,
    commandsPerWriter: appends,
    eventsPerCommand: events,
    streamsPerWriter: 50,
  })[0]!;
}

async function cpuPerAppendMs(
  serverUrl: string,
  database: string,
  side: AppendSide,
  commands: readonly PlannedCommand[],
): Promise<number> {
  await side.open(1);
  const monitor = new Client({ connectionString: serverUrl });
  await monitor.connect();
  try {
    const [first, ...measured] = commands;
    await side.append(first!); // opens the side's connection
    const { rows } = await monitor.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    const pids = rows.map((r) => r.pid);
    const total = (): number => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
    const before = total();
    for (const command of measured) await side.append(command);
    return ((total() - before) * CLOCK_TICK_MS) / measured.length;
  } finally {
    await monitor.end();
    await side.close();
    await dropDatabase(serverUrl, database);
  }
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1);
  const appends = Number(process.argv[3] ?? (events === 1 ? 1000 : 60));
  const { postgresUrl } = loadConnections();
  const ours = await cpuPerAppendMs(
    postgresUrl,
    'crm_bench_cpu_ours',
    new OursAppendSide(postgresUrl, 'crm_bench_cpu_ours'),
    plan('cpu-ours', events, appends + 1),
  );
  const raw = await cpuPerAppendMs(
    postgresUrl,
    'crm_bench_cpu_raw',
    new RawPgAppendSide(postgresUrl, 'crm_bench_cpu_raw'),
    plan('cpu-raw', events, appends + 1),
  );
  console.log(
    `${events} event(s) per append, ${appends} appends: PostgreSQL CPU per append ours ${ours.toFixed(2)} ms, raw ${raw.toFixed(2)} ms (${(ours / raw).toFixed(2)}×)`,
  );
}

void main();
