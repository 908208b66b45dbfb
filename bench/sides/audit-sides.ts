// P15's contenders, each in its own child process: the audit CLI's replay to a JSONL file against a
// raw keyset SELECT of the same rows written the same way, whole-log verification, and state as
// of an instant for one long stream. Each reports its wall time and its own CPU time (the share
// that does not depend on what else runs on the machine; PostgreSQL's CPU is not in it).
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import {
  PostgresAuditSource,
  PostgresEventStore,
  auditIntegrity,
  checkpointVerifierFromPems,
  defaultHashWorkers,
  loadStateAt,
} from '@crm/event-sourcing';
import { EVENT_COLUMNS, type EventRow } from '../../libs/event-sourcing/src/postgres/event-row';
import { runAuditCli } from '../../tools/audit/src/audit-cli';
import { elapsedMs, nowNs } from '../harness/timer';
import { itemTallyDecider } from './bench-decider';
import { BENCH_EVENT_TYPES } from './ours-append';

/** The bench log's store, read-only use, one connection (as the CLI would hold). */
function openStore(url: string): Promise<PostgresEventStore> {
  return PostgresEventStore.create({
    connectionString: url,
    eventTypes: BENCH_EVENT_TYPES,
    migrate: false,
    poolConfig: { max: 1 },
  });
}

export interface ReplayInput {
  readonly url: string;
  readonly file: string;
}

export interface CountOutput {
  readonly events: number;
  readonly wallMs: number;
  /** CPU time (user + system) of this Node process during the measured work, not PostgreSQL's. */
  readonly cpuMs: number;
}

const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) if (line) lines++;
  return lines;
}

/** Ours: `npm run audit -- replay --out <file>` (in-process entry point, same code). */
export async function replayOurs(input: ReplayInput): Promise<CountOutput> {
  const start = nowNs();
  const cpu = process.cpuUsage();
  const code = await runAuditCli(
    ['replay', '--out', input.file],
    { CRM_AUDIT_POSTGRES_URL: input.url },
    { stdout: { write: () => true }, stderr: { write: () => true } },
  );
  const wallMs = elapsedMs(start);
  const cpuMs = cpuSince(cpu);
  if (code !== 0) throw new Error(`audit replay exited ${code}`);
  return { events: await countLines(input.file), wallMs, cpuMs };
}

/** Baseline: keyset-paginated SELECT of the same columns, one JSON line per row, same file sink. */
export async function replayRaw(input: ReplayInput): Promise<CountOutput> {
  const client = new Client({ connectionString: input.url });
  await client.connect();
  const out = createWriteStream(input.file);
  const start = nowNs();
  const cpu = process.cpuUsage();
  let events = 0;
  try {
    for (let after = 0; ;) {
      const { rows } = await client.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT 5000`,
        [after],
      );
      if (rows.length === 0) break;
      let lines = '';
      for (const row of rows) lines += `${JSON.stringify(row)}\n`;
      if (!out.write(lines)) await once(out, 'drain');
      events += rows.length;
      after = Number(rows[rows.length - 1]!.global_position);
    }
    out.end();
    await once(out, 'close');
    return { events, wallMs: elapsedMs(start), cpuMs: cpuSince(cpu) };
  } finally {
    await client.end();
  }
}

export interface VerifyInput {
  readonly url: string;
  readonly publicKeyPem: string;
}

export async function verifyOurs(input: VerifyInput): Promise<CountOutput & { ok: boolean }> {
  const store = await openStore(input.url);
  try {
    const verifier = checkpointVerifierFromPems([input.publicKeyPem]);
    const start = nowNs();
    const cpu = process.cpuUsage();
    // As `audit verify` runs it: hashing in worker threads.
    const report = await PostgresAuditSource.withSnapshot(
      store.pool,
      (source) => auditIntegrity(source, verifier),
      { hashWorkers: defaultHashWorkers() },
    );
    return {
      events: report.checkedEvents,
      wallMs: elapsedMs(start),
      cpuMs: cpuSince(cpu),
      ok: report.ok,
    };
  } finally {
    await store.close();
  }
}

export interface StateInput {
  readonly url: string;
  readonly streamId: string;
  readonly asOf: string;
  readonly repetitions: number;
}

/** Latencies (ms) of loadStateAt, after one untimed warm-up; the version folded; CPU per load. */
export async function stateAsOf(
  input: StateInput,
): Promise<{ latenciesMs: number[]; version: number; cpuMsPerLoad: number }> {
  const store = await openStore(input.url);
  try {
    const at = { time: input.asOf };
    const warm = await loadStateAt(store, itemTallyDecider, input.streamId, at);
    const latenciesMs: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < input.repetitions; i++) {
      const start = nowNs();
      await loadStateAt(store, itemTallyDecider, input.streamId, at);
      latenciesMs.push(elapsedMs(start));
    }
    return { latenciesMs, version: warm.version, cpuMsPerLoad: cpuSince(cpu) / input.repetitions };
  } finally {
    await store.close();
  }
}
