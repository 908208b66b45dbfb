// `audit replay`: the global log (or a filtered slice of it) as JSON Lines, one stored envelope per
// line in global order, to a file or stdout — to feed history into another system. Ciphertext
// stays ciphertext unless `--decrypt` (erased people stay "[erased]" either way).
import { createWriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { EventEnvelope, GlobalLogFilter } from '@crm/event-sourcing';
import { auditorView } from '../auditor-event-store';
import { withEventStore, type CliContext, type CliOutput } from '../cli-context';
import { parseLogBound } from '../log-bounds';
import { printJson } from '../output';
import { startProgress } from '../progress';

export interface ReplayOptions {
  readonly from?: string;
  readonly to?: string;
  readonly context?: string[];
  readonly type?: string[];
  readonly tenant?: string[];
  readonly stream?: string[];
  readonly out?: string;
  readonly decrypt?: boolean;
  readonly json?: boolean;
}

export interface ReplaySlice {
  readonly after: number;
  readonly toPosition: number;
  readonly filter: GlobalLogFilter;
  readonly streams: ReadonlySet<string> | undefined;
}

export function replaySlice(options: ReplayOptions): ReplaySlice {
  const from = options.from ? parseLogBound('--from', options.from) : undefined;
  const to = options.to ? parseLogBound('--to', options.to) : undefined;
  const filter: GlobalLogFilter = {
    ...(options.context?.length ? { contexts: options.context } : {}),
    ...(options.type?.length ? { eventTypes: options.type } : {}),
    ...(options.tenant?.length ? { tenantIds: options.tenant } : {}),
    ...(from && 'time' in from ? { occurredFrom: from.time } : {}),
    ...(to && 'time' in to ? { occurredTo: to.time } : {}),
  };
  return {
    after: from && 'position' in from ? from.position - 1 : 0,
    toPosition: to && 'position' in to ? to.position : Number.MAX_SAFE_INTEGER,
    filter,
    streams: options.stream?.length ? new Set(options.stream) : undefined,
  };
}

/** Writes with backpressure: a slow disk or pipe slows the read instead of filling memory. */
async function writeTo(out: CliOutput, text: string): Promise<void> {
  if (out.write(text) === false && out instanceof EventEmitter) await once(out, 'drain');
}

export async function replayCommand(ctx: CliContext, options: ReplayOptions): Promise<number> {
  const slice = replaySlice(options);
  const file = options.out ? createWriteStream(options.out) : undefined;
  const out = file ?? ctx.io.stdout;
  const progress = startProgress(ctx.io, 'replay', options.json ?? !file);
  let written = 0;
  let lastPosition = slice.after;
  try {
    await withEventStore(ctx.config, async (raw) => {
      const store = auditorView(ctx, raw, options.decrypt ?? false);
      for (let after = slice.after; ;) {
        const page = await store.readAllPage({ after, filter: slice.filter, batchSize: 5_000 });
        let lines = '';
        let done = false;
        for (const event of page.events as EventEnvelope[]) {
          if (event.globalPosition > slice.toPosition) {
            done = true;
            break;
          }
          lastPosition = event.globalPosition;
          if (slice.streams && !slice.streams.has(event.streamId)) continue;
          lines += `${JSON.stringify(event)}\n`;
          written += 1;
        }
        if (lines) await writeTo(out, lines);
        progress.update(written, written);
        if (done || page.checkpoint >= slice.toPosition) return;
        // Pending: an older transaction is still committing below newer events; wait for it
        // rather than end the replay with a hole.
        if (page.isEnd && !page.pending) return;
        if (page.pending && page.events.length === 0) await delay(20);
        after = page.checkpoint;
      }
    });
  } finally {
    progress.stop();
    if (file) {
      file.end();
      await once(file, 'close');
    }
  }
  const summary = { events: written, lastPosition, out: options.out ?? 'stdout' };
  if (options.json && file) printJson(ctx.io.stdout, summary);
  else
    ctx.io.stderr.write(
      `replayed ${written} event(s) up to position ${lastPosition} to ${summary.out}\n`,
    );
  return 0;
}
