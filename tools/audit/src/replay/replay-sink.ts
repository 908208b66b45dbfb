// Where `audit replay` writes: JSON Lines to a file or stdout, or a Kafka topic
// (kafka-replay-target.ts). Every sink receives the same records in global order.
import { createWriteStream, type WriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import type { StoredEnvelopeJson } from '@crm/event-sourcing';
import { AuditCliError, type CliOutput } from '../cli-context';

/** One event: its envelope as JSON (a JSONL line, a Kafka value), its stream and headers. */
export type ReplayRecord = StoredEnvelopeJson;

export interface ReplaySink {
  write(records: readonly ReplayRecord[]): Promise<void>;
  /** Flushes and releases; called once, also after a failure. */
  close(): Promise<void>;
}

/** JSON Lines, with backpressure: a slow disk or pipe slows the read instead of filling memory. */
export class JsonLinesSink implements ReplaySink {
  private constructor(
    private readonly out: CliOutput,
    private readonly file: WriteStream | undefined,
  ) {}

  /** Opens the file first, so a bad path is one clear line (exit 2), not an unhandled error. */
  static async toFile(path: string): Promise<JsonLinesSink> {
    const file = createWriteStream(path);
    try {
      await once(file, 'open');
    } catch (error) {
      throw new AuditCliError(`--out ${path}: ${(error as Error).message}`);
    }
    return new JsonLinesSink(file, file);
  }

  static toStdout(out: CliOutput): JsonLinesSink {
    return new JsonLinesSink(out, undefined);
  }

  async write(records: readonly ReplayRecord[]): Promise<void> {
    if (records.length === 0) return;
    let lines = '';
    for (const record of records) lines += `${record.json}\n`;
    if (this.out.write(lines) === false && this.out instanceof EventEmitter)
      await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.file) return;
    this.file.end();
    await once(this.file, 'close');
  }
}
