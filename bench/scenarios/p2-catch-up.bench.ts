// P2: catch-up read of the global log. Ours (EventStore.readAll, gap-free query + envelope mapping
// + upcasting) against a plain keyset SELECT scan of the same table, each in its own process
// (peak RSS per process), alternating which goes first.
import path from 'node:path';
import { runInChild } from '../harness/child';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import {
  SHARED_LOG_DATABASE,
  SHARED_LOG_EVENTS_PER_STREAM,
  ensureSharedLog,
  sharedLogEvents,
} from '../harness/seed-log';
import { perSecond } from '../harness/stats';
import type { ReadInput, ReadOutput } from '../sides/log-readers';

const READERS = path.join(__dirname, '..', 'sides', 'log-readers.ts');
const BATCH_SIZE = 500;

export const p2CatchUp: Scenario = {
  id: 'P2',
  title: 'Catch-up read of the global log (events/s)',
  goal: '≥ 0.8× raw SELECT scan; ≥ 50,000 events/s',
  baseline:
    'keyset-paginated raw SELECT of the same columns from the same table, same page size, in its own process',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const events = ctx.size(
      report,
      'events in the global log',
      sharedLogEvents(false),
      sharedLogEvents(true),
    );
    const seed = await ensureSharedLog(ctx.connections.postgresUrl, ctx.scale, ctx.log);
    report.setting('pageSize', BATCH_SIZE);
    report.setting('eventsPerStream', SHARED_LOG_EVENTS_PER_STREAM);
    report.setting(
      'seed',
      `${seed.reused ? 'reused' : 'seeded'} database ${SHARED_LOG_DATABASE} (rows identical to what our adapter writes, inserted in bulk)`,
    );
    const input: ReadInput = {
      url: seed.url,
      batchSize: BATCH_SIZE,
      warmUpEvents: Math.min(20_000, Math.ceil(events / 10)),
    };
    report.setting('warmUpEvents', input.warmUpEvents);

    const sides = [
      { name: 'ours', fn: 'readAllOurs' },
      { name: 'raw pg', fn: 'scanRaw' },
    ] as const;
    const rates = new Map<string, number[]>();
    const rss = new Map<string, number[]>();
    let checksum: number | undefined;
    for (let run = 0; run < ctx.runs; run++) {
      const order = run % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const { result, peakRssBytes } = await runInChild<ReadOutput>(READERS, side.fn, input);
        if (result.events !== events)
          throw new Error(`${side.name} read ${result.events} events, the log holds ${events}`);
        if (checksum !== undefined && result.checksum !== checksum)
          throw new Error(`${side.name} read other events than the other side (checksum differs)`);
        checksum = result.checksum;
        const rate = perSecond(result.events, result.wallMs);
        rates.set(side.name, [...(rates.get(side.name) ?? []), rate]);
        rss.set(side.name, [...(rss.get(side.name) ?? []), peakRssBytes]);
        ctx.log(
          `run ${run + 1}/${ctx.runs} ${side.name.padEnd(6)}: ${rate.toFixed(0)} events/s, peak RSS ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
        );
      }
    }
    for (const side of sides) {
      report.measure(
        'catch-up',
        side.name,
        `read ${events.toLocaleString('en-US')} events`,
        'events/s',
        rates.get(side.name)!,
        { peakRssBytes: rss.get(side.name)! },
      );
    }
    const ratio = report.ratio('ours / raw SELECT', 'catch-up', 'ours', 'catch-up', 'raw pg');
    report.goal('ours ≥ 0.8× raw SELECT scan', ratio, '>=', 0.8, '×');
    report.goal(
      'ours ≥ 50,000 events/s',
      report.find('catch-up', 'ours')?.median ?? null,
      '>=',
      50_000,
      'events/s',
    );
    report.note(
      "Peak RSS is each reading process's own high-water mark (getrusage), including the Node runtime and the TypeScript loader (~same for both sides).",
    );
  },
};
