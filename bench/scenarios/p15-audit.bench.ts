// P15: the auditor's tools (issue 15). Replay of the shared log to a JSONL file by the audit CLI
// against a raw keyset SELECT writing the same rows to the same kind of file; state as of an
// instant for one 10,000-event stream; whole-log verification (chains + signed checkpoints) of a
// copy of the shared log sealed for the purpose. Each measured side runs in its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  PostgresEventStore,
  checkpointSignerFromPem,
  generateCheckpointKeyPair,
  migrateAuditSchema,
  sealCheckpoints,
} from '@crm/event-sourcing';
import { runInChild } from '../harness/child';
import { recreateDatabase } from '../harness/postgres';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import {
  SHARED_LOG_DATABASE,
  cloneDatabase,
  ensureSharedLog,
  sharedLogEvents,
} from '../harness/seed-log';
import { median, perSecond } from '../harness/stats';
import { timed } from '../harness/timer';
import { BENCH_EVENT_TYPE, benchPayload } from '../harness/workload';
import type {
  CountOutput,
  ReplayInput,
  StateInput,
  VerifyInput,
  stateAsOf,
} from '../sides/audit-sides';
import { BENCH_EVENT_TYPES } from '../sides/ours-append';

const SIDES = path.join(__dirname, '..', 'sides', 'audit-sides.ts');
const VERIFY_DATABASE = 'crm_bench_p15_verify';
const STATE_DATABASE = 'crm_bench_p15_state';
const STREAM_EVENTS = 10_000;
const STATE_BASE = Date.UTC(2026, 0, 1);

async function seedLongStream(serverUrl: string): Promise<{ url: string; streamId: string }> {
  const url = await recreateDatabase(serverUrl, STATE_DATABASE);
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: BENCH_EVENT_TYPES,
  });
  const streamId = `bench.Item-long${uuidv7()}`;
  try {
    for (let n = 0; n < STREAM_EVENTS; n += 500) {
      await store.append(
        streamId,
        Array.from({ length: 500 }, (_, i) => ({
          eventId: uuidv7(),
          type: BENCH_EVENT_TYPE,
          tenantId: 'bench',
          occurredAt: new Date(STATE_BASE + (n + i) * 1000).toISOString(),
          actor: { kind: 'system' as const, name: 'bench' },
          correlationId: 'bench',
          causationId: 'bench',
          data: benchPayload(n + i),
        })),
      );
    }
  } finally {
    await store.close();
  }
  return { url, streamId };
}

export const p15Audit: Scenario = {
  id: 'P15',
  title: "Auditor's tools: replay to a file, state as of, verify",
  goal: 'replay ≥ 200,000 events/s (1M < 5 s); state as of T of a 10,000-event stream < 200 ms; verify 1M events < 10 s',
  baseline:
    'replay: keyset-paginated raw SELECT of the same rows, one JSON line per row, same file sink, own process',
  workDatabases: [VERIFY_DATABASE, STATE_DATABASE],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const events = ctx.size(
      report,
      'events in the global log',
      sharedLogEvents(false),
      sharedLogEvents(true),
    );
    const seed = await ensureSharedLog(ctx.connections.postgresUrl, ctx.scale, ctx.log);
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-p15-'));
    try {
      // Replay, alternating which side goes first.
      const sides = [
        { name: 'ours', fn: 'replayOurs' },
        { name: 'raw pg', fn: 'replayRaw' },
      ] as const;
      const rates = new Map<string, number[]>();
      const cpuPer100k = new Map<string, number[]>();
      for (let run = 0; run < ctx.runs; run++) {
        for (const side of run % 2 === 0 ? sides : [...sides].reverse()) {
          const input: ReplayInput = { url: seed.url, file: path.join(dir, `${side.fn}.jsonl`) };
          const { result } = await runInChild<CountOutput>(SIDES, side.fn, input);
          if (result.events !== events)
            throw new Error(
              `${side.name} replayed ${result.events} events, the log holds ${events}`,
            );
          const rate = perSecond(result.events, result.wallMs);
          rates.set(side.name, [...(rates.get(side.name) ?? []), rate]);
          const cpu = (result.cpuMs * 100_000) / result.events;
          cpuPer100k.set(side.name, [...(cpuPer100k.get(side.name) ?? []), cpu]);
          ctx.log(
            `replay run ${run + 1}/${ctx.runs} ${side.name.padEnd(6)}: ${rate.toFixed(0)} events/s, Node CPU ${cpu.toFixed(0)} ms per 100k`,
          );
        }
      }
      for (const side of sides)
        report.measure(
          'replay',
          side.name,
          `replay ${events.toLocaleString('en-US')} events to JSONL`,
          'events/s',
          rates.get(side.name)!,
        );
      for (const side of sides)
        report.measure(
          'replay-cpu',
          side.name,
          'replay: CPU time of the Node process per 100,000 events (PostgreSQL not included)',
          'ms',
          cpuPer100k.get(side.name)!,
        );
      const ratio = report.ratio('ours / raw SELECT', 'replay', 'ours', 'replay', 'raw pg');
      report.goal(
        'replay ≥ 200,000 events/s',
        report.find('replay', 'ours')?.median ?? null,
        '>=',
        200_000,
        'events/s',
      );
      report.note(
        `replay ours/raw ratio ${ratio?.toFixed(2) ?? 'n/a'}: ours has PostgreSQL build each envelope's JSON text and streams position ranges with COPY on two connections, writing PostgreSQL's bytes to the file (no row decoded in Node, ADR 0335); raw parses each row (jsonb, timestamps) and JSON.stringify-s it. Both are bounded by PostgreSQL's jsonb-to-text output.`,
      );

      // State as of an instant, one 10,000-event stream (as of its last event: the full fold).
      const stream = await seedLongStream(ctx.connections.postgresUrl);
      const stateRuns: number[] = [];
      const stateCpu: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const input: StateInput = {
          url: stream.url,
          streamId: stream.streamId,
          asOf: new Date(STATE_BASE + STREAM_EVENTS * 1000).toISOString(),
          repetitions: 10,
        };
        const { result } = await runInChild<Awaited<ReturnType<typeof stateAsOf>>>(
          SIDES,
          'stateAsOf',
          input,
        );
        if (result.version !== STREAM_EVENTS)
          throw new Error(`state as of folded ${result.version} events`);
        stateRuns.push(median(result.latenciesMs));
        stateCpu.push(result.cpuMsPerLoad);
        ctx.log(
          `state-as-of run ${run + 1}/${ctx.runs}: median ${median(result.latenciesMs).toFixed(1)} ms, Node CPU ${result.cpuMsPerLoad.toFixed(1)} ms per load`,
        );
      }
      report.measure(
        'state-as-of',
        'ours',
        `state as of T, ${STREAM_EVENTS.toLocaleString('en-US')}-event stream (median of 10 loads)`,
        'ms',
        stateRuns,
      );
      report.measure(
        'state-as-of-cpu',
        'ours',
        'state as of T: CPU time of the Node process per load',
        'ms',
        stateCpu,
      );
      report.goal(
        'state as of T < 200 ms',
        report.find('state-as-of', 'ours')?.median ?? null,
        '<',
        200,
        'ms',
      );

      // Verify: a copy of the shared log, sealed in checkpoints of 10,000 events.
      const url = await cloneDatabase(
        ctx.connections.postgresUrl,
        SHARED_LOG_DATABASE,
        VERIFY_DATABASE,
      );
      const keys = generateCheckpointKeyPair();
      const sealer = await PostgresEventStore.create({
        connectionString: url,
        eventTypes: BENCH_EVENT_TYPES,
        migrate: false,
      });
      try {
        await migrateAuditSchema(sealer.pool);
        const sealed = await timed(() =>
          sealCheckpoints(sealer.pool, checkpointSignerFromPem(keys.privateKeyPem)),
        );
        report.setting('checkpoints', sealed.result.length);
        report.measure(
          'seal',
          'ours',
          `seal ${events.toLocaleString('en-US')} events in checkpoints of 10,000 (once)`,
          'events/s',
          [perSecond(events, sealed.ms)],
        );
      } finally {
        await sealer.close();
      }
      const verifyRuns: number[] = [];
      const verifyCpu: number[] = [];
      for (let run = 0; run < ctx.runs; run++) {
        const input: VerifyInput = { url, publicKeyPem: keys.publicKeyPem };
        const { result } = await runInChild<CountOutput & { ok: boolean }>(
          SIDES,
          'verifyOurs',
          input,
        );
        if (!result.ok || result.events !== events)
          throw new Error(`verify: ok=${result.ok}, ${result.events} events`);
        verifyRuns.push(result.wallMs / 1000);
        verifyCpu.push(result.cpuMs / 1000);
        ctx.log(
          `verify run ${run + 1}/${ctx.runs}: ${(result.wallMs / 1000).toFixed(2)} s, ${perSecond(events, result.wallMs).toFixed(0)} events/s, Node CPU ${(result.cpuMs / 1000).toFixed(2)} s`,
        );
      }
      report.measure(
        'verify',
        'ours',
        `verify ${events.toLocaleString('en-US')} events (chains + checkpoints)`,
        's',
        verifyRuns,
      );
      report.measure(
        'verify-cpu',
        'ours',
        `verify ${events.toLocaleString('en-US')} events: CPU time of the Node process`,
        's',
        verifyCpu,
      );
      const projected = (median(verifyRuns) * 1_000_000) / events;
      report.goal(
        'verify 1M events < 10 s (projected linearly from the size used)',
        projected,
        '<',
        10,
        's',
      );
      if (!ctx.scale)
        report.note(
          `Scaled-down run (${events.toLocaleString('en-US')} events): the 1M figures are projected linearly; run with --scale for the real size.`,
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
