// `audit replay`: the global log (or a filtered slice of it) in global order, one stored envelope
// per event, as JSON Lines to a file or stdout, or to a Kafka topic the auditor names — to feed
// history into another system. Ciphertext stays ciphertext unless `--decrypt` (erased people stay
// "[erased]" either way). The read is gap-free: it ends below any transaction still committing.
import { createKafkaClient, silentLogger } from '@crm/messaging';
import { auditorView } from '../auditor-event-store';
import { withEventStore, type CliContext } from '../cli-context';
import { parseLogBound } from '../log-bounds';
import { printJson } from '../output';
import { startProgress } from '../progress';
import { KafkaReplayTarget, checkReplayTopic } from '../replay/kafka-replay-target';
import { JsonLinesSink, type ReplaySink } from '../replay/replay-sink';
import {
  decryptedReplay,
  storedReplayLines,
  storedReplayRecords,
  type ReplayBatch,
  type ReplaySlice,
} from '../replay/replay-source';

export interface ReplayOptions {
  readonly from?: string;
  readonly to?: string;
  readonly context?: string[];
  readonly type?: string[];
  readonly tenant?: string[];
  readonly stream?: string[];
  readonly out?: string;
  readonly toTopic?: string;
  readonly decrypt?: boolean;
  readonly json?: boolean;
}

export function replaySlice(options: ReplayOptions): ReplaySlice {
  const from = options.from ? parseLogBound('--from', options.from) : undefined;
  const to = options.to ? parseLogBound('--to', options.to) : undefined;
  return {
    after: from && 'position' in from ? from.position - 1 : 0,
    toPosition: to && 'position' in to ? to.position : Number.MAX_SAFE_INTEGER,
    filter: {
      ...(options.context?.length ? { contexts: options.context } : {}),
      ...(options.type?.length ? { eventTypes: options.type } : {}),
      ...(options.tenant?.length ? { tenantIds: options.tenant } : {}),
      ...(from && 'time' in from ? { occurredFrom: from.time } : {}),
      ...(to && 'time' in to ? { occurredTo: to.time } : {}),
    },
    streams: options.stream?.length ? new Set(options.stream) : undefined,
  };
}

async function openSink(ctx: CliContext, options: ReplayOptions): Promise<ReplaySink> {
  if (options.toTopic) {
    const kafka = createKafkaClient({
      brokers: ctx.config.kafkaBrokers,
      clientId: 'crm-audit-cli',
      logger: silentLogger,
    });
    return KafkaReplayTarget.open(kafka, options.toTopic);
  }
  return options.out ? JsonLinesSink.toFile(options.out) : JsonLinesSink.toStdout(ctx.io.stdout);
}

export async function replayCommand(ctx: CliContext, options: ReplayOptions): Promise<number> {
  const slice = replaySlice(options);
  // Refused before anything connects, so a refused replay writes nothing anywhere.
  if (options.toTopic) checkReplayTopic(options.toTopic);
  const toStdout = !options.out && !options.toTopic;
  const target = options.toTopic ? `kafka:${options.toTopic}` : (options.out ?? 'stdout');
  const progress = startProgress(ctx.io, 'replay', options.json ?? toStdout);
  let written = 0;
  let lastPosition = slice.after;
  await withEventStore(ctx.config, async (store) => {
    const sink = await openSink(ctx, options);
    try {
      const onWaiting = (): void => {
        // For people only, like the progress bar; --json keeps stderr for errors.
        if (!options.json)
          ctx.io.stderr.write(
            'replay: waiting for a transaction still open in the database (it may yet commit events inside the range)\n',
          );
      };
      const batches: AsyncIterable<ReplayBatch> = options.decrypt
        ? decryptedReplay(auditorView(ctx, store, true), store.pool, slice)
        : options.toTopic
          ? storedReplayRecords(store.pool, slice, onWaiting)
          : storedReplayLines(store.pool, slice, onWaiting);
      for await (const batch of batches) {
        written += await sink.write(batch);
        lastPosition = batch.throughPosition;
        progress.update(lastPosition - slice.after, batch.endPosition - slice.after);
      }
    } finally {
      progress.stop();
      await sink.close();
    }
  });
  const summary = { events: written, lastPosition, out: target };
  if (options.json && !toStdout) printJson(ctx.io.stdout, summary);
  else
    ctx.io.stderr.write(
      `replayed ${written} event(s) up to position ${lastPosition} to ${target}\n`,
    );
  return 0;
}
