// P1: append throughput. 1 event per command with an expected version (1 and 16 concurrent writers,
// each on its own streams) and 100-event batches, for ours, raw pg INSERTs of the identical rows,
// and Emmett. Each run gives every side a fresh database and the same pre-generated plan; the side
// order rotates between runs so that no side always runs on the warmest (or busiest) machine.
import type { BenchContext, Scenario } from '../harness/scenario';
import type { ReportBuilder } from '../harness/result';
import type { LatencySummary } from '../harness/histogram';
import { perSecond } from '../harness/stats';
import { planCommands, plannedEventCount } from '../harness/workload';
import { runWriters } from '../harness/writers';
import type { AppendSide } from '../sides/append-side';
import { EmmettAppendSide } from '../sides/emmett-append';
import { OursAppendSide } from '../sides/ours-append';
import { RawPgAppendSide } from '../sides/raw-pg-append';

interface Config {
  readonly key: string;
  readonly label: string;
  readonly writers: number;
  readonly eventsPerCommand: number;
  readonly commandsPerWriter: number;
}

const MAX_WRITERS = 16;
const STREAMS_PER_WRITER = 10;

export const p1Append: Scenario = {
  id: 'P1',
  title: 'Append throughput (events/s)',
  goal: '≥ 0.7× raw pg INSERTs; ≥ 1.5× Emmett',
  baseline:
    'raw pg INSERTs of identical rows into the same schema with the same concurrency; @event-driven-io/emmett-postgresql on the same server',

  workDatabases: ['crm_bench_p1_ours', 'crm_bench_p1_raw', 'crm_bench_p1_emmett'],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    // Commands per configuration: enough for a few seconds per side on 2 cores; x5 with --scale.
    const single1 = ctx.size(report, 'single-event commands, 1 writer', 1500, 7500);
    const single16 = ctx.size(report, 'single-event commands, 16 writers (total)', 4000, 20000);
    const batch1 = ctx.size(report, '100-event batches, 1 writer', 60, 300);
    const batch16 = ctx.size(report, '100-event batches, 16 writers (total)', 160, 800);
    const configs: Config[] = [
      {
        key: 'single.w1',
        label: '1 event/command, 1 writer',
        writers: 1,
        eventsPerCommand: 1,
        commandsPerWriter: single1,
      },
      {
        key: 'single.w16',
        label: '1 event/command, 16 writers',
        writers: 16,
        eventsPerCommand: 1,
        commandsPerWriter: Math.ceil(single16 / 16),
      },
      {
        key: 'batch100.w1',
        label: '100-event batches, 1 writer',
        writers: 1,
        eventsPerCommand: 100,
        commandsPerWriter: batch1,
      },
      {
        key: 'batch100.w16',
        label: '100-event batches, 16 writers',
        writers: 16,
        eventsPerCommand: 100,
        commandsPerWriter: Math.ceil(batch16 / 16),
      },
    ];
    report.setting('streamsPerWriter', STREAMS_PER_WRITER);
    report.setting('poolConnectionsPerSide', MAX_WRITERS);
    report.setting(
      'warmUp',
      '10% of each configuration (min 20 commands per writer… capped by the plan) on other streams, not timed',
    );
    report.setting(
      'payloadBytes',
      'about 400 bytes of JSON per event (bench/harness/workload.ts benchPayload)',
    );

    const server = ctx.connections.postgresUrl;
    const sides: AppendSide[] = [
      new OursAppendSide(server, 'crm_bench_p1_ours'),
      new RawPgAppendSide(server, 'crm_bench_p1_raw'),
      new EmmettAppendSide(server, 'crm_bench_p1_emmett'),
    ];
    const figures = new Map<string, { rates: number[]; latency: LatencySummary[] }>();

    for (let run = 0; run < ctx.runs; run++) {
      // Same plan (same event ids, payloads, hashes) for every side in this run.
      const plans = configs.map((c) => ({
        config: c,
        warmUp: planCommands({
          prefix: `r${run}${c.key.replace('.', '')}warm`,
          writers: c.writers,
          commandsPerWriter: Math.max(2, Math.ceil(c.commandsPerWriter / 10)),
          eventsPerCommand: c.eventsPerCommand,
          streamsPerWriter: STREAMS_PER_WRITER,
        }),
        measured: planCommands({
          prefix: `r${run}${c.key.replace('.', '')}`,
          writers: c.writers,
          commandsPerWriter: c.commandsPerWriter,
          eventsPerCommand: c.eventsPerCommand,
          streamsPerWriter: STREAMS_PER_WRITER,
        }),
      }));
      const order = sides.map((_, i) => sides[(i + run) % sides.length]!);
      for (const side of order) {
        await side.open(MAX_WRITERS);
        try {
          for (const { config, warmUp, measured } of plans) {
            await runWriters(warmUp, (command) => side.append(command));
            const { wallMs, latency } = await runWriters(measured, (command) =>
              side.append(command),
            );
            const rate = perSecond(plannedEventCount(measured), wallMs);
            const id = `${config.key}|${side.name}`;
            const f = figures.get(id) ?? { rates: [], latency: [] };
            f.rates.push(rate);
            f.latency.push(latency.summary());
            figures.set(id, f);
            ctx.log(
              `run ${run + 1}/${ctx.runs} ${side.name.padEnd(6)} ${config.label}: ${rate.toFixed(0)} events/s (p99 ${latency.summary().p99Ms} ms per command)`,
            );
          }
        } finally {
          await side.close();
        }
      }
    }

    for (const config of configs) {
      for (const side of sides) {
        const f = figures.get(`${config.key}|${side.name}`)!;
        report.measure(config.key, side.name, `appends: ${config.label}`, 'events/s', f.rates, {
          latency: f.latency,
        });
      }
    }
    for (const config of configs) {
      const vsRaw = report.ratio(
        `ours / raw pg, ${config.label}`,
        config.key,
        'ours',
        config.key,
        'raw pg',
      );
      const vsEmmett = report.ratio(
        `ours / emmett, ${config.label}`,
        config.key,
        'ours',
        config.key,
        'emmett',
      );
      report.goal(`${config.label}: ours ≥ 0.7× raw pg`, vsRaw, '>=', 0.7, '×');
      report.goal(`${config.label}: ours ≥ 1.5× Emmett`, vsEmmett, '>=', 1.5, '×');
    }
    report.note(
      'Latency columns are per command (1 or 100 events), from HdrHistograms; throughput is events / wall time of the whole configuration.',
    );
  },
};
