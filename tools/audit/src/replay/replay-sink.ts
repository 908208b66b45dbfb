// Where `audit replay` writes: JSON Lines to a file or stdout, or a Kafka topic
// (kafka-replay-target.ts). Every sink receives the same records in global order.
import { createWriteStream, type WriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import type {
  StoredEnvelopeJson,
  StoredLogJsonBatch,
  StoredLogJsonLinesBatch,
} from '@crm/event-sourcing';
import { AuditCliError, type CliOutput } from '../cli-context';

/** One event: its envelope as JSON (a JSONL line, a Kafka value), its stream and headers. */
export type ReplayRecord = StoredEnvelopeJson;

/** Records (Kafka, decrypted) or JSON Lines bytes as stored (a file or stdout). */
export type ReplayBatchContent =
  Pick<StoredLogJsonBatch, 'records'> | Pick<StoredLogJsonLinesBatch, 'jsonLines' | 'count'>;

export interface ReplaySink {
  /** Writes a batch (with backpressure); returns how many events it held. */
  write(batch: ReplayBatchContent): Promise<number>;
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

  async write(batch: ReplayBatchContent): Promise<number> {
    if ('jsonLines' in batch) {
      // A file takes the bytes as PostgreSQL sent them; other outputs take text.
      await this.send(this.file ? batch.jsonLines : batch.jsonLines.toString('utf8'));
      return batch.count;
    }
    if (batch.records.length === 0) return 0;
    let lines = '';
    for (const record of batch.records) lines += `${record.json}\n`;
    await this.send(lines);
    return batch.records.length;
  }

  private async send(chunk: string | Buffer): Promise<void> {
    if (chunk.length === 0) return;
    const accepted = this.file ? this.file.write(chunk) : this.out.write(chunk as string);
    if (accepted === false && this.out instanceof EventEmitter) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.file) return;
    this.file.end();
    await once(this.file, 'close');
  }
}
