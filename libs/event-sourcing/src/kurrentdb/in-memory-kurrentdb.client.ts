// TEST DOUBLE. An in-process imitation of the parts of @kurrent/kurrentdb-client the adapter uses,
// so the adapter's own logic (claims, replays, retries, paging, hiding, subscriptions) runs
// against the shared EventStore contract suite on machines without a KurrentDB server.
//
// It imitates documented KurrentDB behaviour: 0-based revisions, one log position per event in
// append order, atomic multi-stream appends that check every expected state first (and accept only
// string metadata like the real client, without `$` keys like the server), inclusive `$all` reads from a position, exclusive
// subscriptions from a position, StreamNotFound / StreamDeleted errors as typed `type` tags, and
// metadata in `$$<stream>`. It is NOT evidence that the adapter works against a real server: only
// the int spec with KURRENTDB_CONNECTION_STRING is (docs/kurrentdb.md).
import { PassThrough } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  type AllStreamResolvedEvent,
  type AppendStreamRequest,
  type AppendStreamState,
  type Filter,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type { KurrentDBClientPort } from './kurrentdb-event.store';
import type { KurrentRecordedEvent } from './kurrentdb-event.mapper';

interface StoredRecord extends KurrentRecordedEvent {
  readonly position: Position;
}

interface FakeStream {
  readonly records: StoredRecord[];
  tombstoned: boolean;
}

function typedError(type: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { type, ...extra });
}

function matchesFilter(record: StoredRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex).test(subject);
}

export class InMemoryKurrentDBClient {
  private readonly streams = new Map<string, FakeStream>();
  private readonly log: StoredRecord[] = [];
  private readonly listeners = new Set<(record: StoredRecord) => void>();
  private readonly subscriptions = new Set<PassThrough>();
  private nextPosition = 1000n;
  /** Number of appends refused for a wrong expected state (tests assert retries happened). */
  conflicts = 0;

  /** The real client type, for the adapter's constructor. */
  asClient(): KurrentDBClientPort {
    return this as unknown as KurrentDBClientPort;
  }

  async multiStreamAppend(
    requests: AppendStreamRequest[],
  ): Promise<{ position: bigint; responses: { streamName: string; revision: bigint }[] }> {
    await Promise.resolve(); // a network hop: let concurrent callers interleave
    for (const request of requests) {
      for (const event of request.events) {
        const metadata = event.metadata as unknown;
        if (
          metadata != null &&
          (typeof metadata !== 'object' ||
            Object.values(metadata).some((v) => typeof v !== 'string'))
        ) {
          throw new Error(
            'multiStreamAppend requires metadata to be a plain object with string keys and string values.',
          );
        }
        // The server reserves `$`-prefixed record properties for itself.
        if (metadata != null && Object.keys(metadata).some((k) => k.startsWith('$'))) {
          throw typedError(
            ErrorType.INVALID_ARGUMENT,
            'record properties must not use the reserved $ namespace',
          );
        }
      }
    }
    for (const request of requests) this.checkState(request.streamName, request.expectedState);
    const responses = requests.map((request) => ({
      streamName: request.streamName,
      revision: this.write(request.streamName, request.events),
    }));
    return { position: this.nextPosition, responses };
  }

  async appendToStream(
    streamName: string,
    events: AppendStreamRequest['events'] | AppendStreamRequest['events'][number],
    options: { streamState?: AppendStreamState } = {},
  ): Promise<{ success: boolean; nextExpectedRevision: bigint }> {
    await Promise.resolve();
    this.checkState(streamName, options.streamState ?? ANY);
    const revision = this.write(streamName, Array.isArray(events) ? events : [events]);
    return { success: true, nextExpectedRevision: revision };
  }

  async setStreamMetadata(
    streamName: string,
    metadata: Record<string, unknown>,
    options: { expectedRevision?: AppendStreamState } = {},
  ): Promise<{ success: boolean; nextExpectedRevision: bigint }> {
    return this.appendToStream(
      `$$${streamName}`,
      [
        {
          id: crypto.randomUUID(),
          contentType: 'application/json',
          type: '$metadata',
          data: metadata,
          metadata: undefined,
        },
      ] as never,
      { streamState: options.expectedRevision ?? ANY },
    );
  }

  async tombstoneStream(
    streamName: string,
    options: { expectedRevision?: AppendStreamState } = {},
  ): Promise<{ position?: Position }> {
    await Promise.resolve();
    this.checkState(streamName, options.expectedRevision ?? ANY);
    this.stream(streamName).tombstoned = true;
    return {};
  }

  readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint } = {},
  ): AsyncIterableIterator<{ event: StoredRecord }> {
    return this.streamRecords(streamName, options);
  }

  private async *streamRecords(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: string; maxCount?: number | bigint },
  ): AsyncIterableIterator<{ event: StoredRecord }> {
    await Promise.resolve();
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned)
      throw typedError(ErrorType.STREAM_DELETED, `${streamName} is deleted`, { streamName });
    if (!stream || stream.records.length === 0)
      throw typedError(ErrorType.STREAM_NOT_FOUND, `${streamName} not found`, { streamName });
    const backwards = options.direction === BACKWARDS;
    const records = stream.records;
    const last = BigInt(records.length - 1);
    const from =
      options.fromRevision === undefined || options.fromRevision === START
        ? backwards
          ? last
          : 0n
        : options.fromRevision === END
          ? backwards
            ? last
            : last + 1n
          : options.fromRevision;
    let remaining = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    for (let r = from; backwards ? r >= 0n : r <= last; r += backwards ? -1n : 1n) {
      if (remaining-- <= 0) return;
      const record = records[Number(r)];
      if (record) yield { event: record };
    }
  }

  readAll(
    options: {
      fromPosition?: ReadPosition;
      direction?: string;
      maxCount?: number | bigint;
      filter?: Filter;
    } = {},
  ): AsyncIterableIterator<AllStreamResolvedEvent> {
    return this.logRecords(options);
  }

  private async *logRecords(options: {
    fromPosition?: ReadPosition;
    direction?: string;
    maxCount?: number | bigint;
    filter?: Filter;
  }): AsyncIterableIterator<AllStreamResolvedEvent> {
    await Promise.resolve();
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition;
    const ordered = backwards ? [...this.log].reverse() : [...this.log];
    let remaining = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    for (const record of ordered) {
      if (from !== undefined && from !== START && from !== END) {
        if (backwards ? record.position.commit > from.commit : record.position.commit < from.commit)
          continue;
      }
      if (!backwards && from === END) return;
      if (!matchesFilter(record, options.filter)) continue;
      if (remaining-- <= 0) return;
      yield { event: record as never, commitPosition: record.position.commit };
    }
  }

  subscribeToAll(
    options: { fromPosition?: ReadPosition; filter?: Filter } = {},
  ): PassThrough & { unsubscribe(): Promise<void> } {
    const stream = new PassThrough({ objectMode: true, highWaterMark: 16 }) as PassThrough & {
      unsubscribe(): Promise<void>;
    };
    const from = options.fromPosition;
    let after =
      from === undefined || from === START
        ? -1n
        : from === END
          ? (this.log[this.log.length - 1]?.position.commit ?? -1n)
          : from.commit;
    const pending: StoredRecord[] = [];
    let flushing = false;
    const flush = (): void => {
      // Deliver in log order with back-pressure, like the server's stream.
      if (flushing) return;
      flushing = true;
      while (pending.length > 0 && !stream.destroyed) {
        const record = pending.shift() as StoredRecord;
        if (record.position.commit <= after) continue;
        after = record.position.commit;
        if (!matchesFilter(record, options.filter)) continue;
        if (!stream.write({ event: record, commitPosition: record.position.commit })) {
          stream.once('drain', () => {
            flushing = false;
            flush();
          });
          return;
        }
      }
      flushing = false;
    };
    const listener = (record: StoredRecord): void => {
      pending.push(record);
      flush();
    };
    setImmediate(() => {
      if (stream.destroyed) return;
      pending.push(...this.log.filter((r) => r.position.commit > after));
      flush();
      stream.emit('caughtUp', {});
      this.listeners.add(listener);
    });
    stream.unsubscribe = async () => {
      this.listeners.delete(listener);
      stream.end();
    };
    this.subscriptions.add(stream);
    stream.on('close', () => {
      this.listeners.delete(listener);
      this.subscriptions.delete(stream);
    });
    return stream;
  }

  /** Drops every open subscription with a connection error, as a server restart would. */
  dropSubscriptions(): void {
    for (const stream of this.subscriptions)
      stream.destroy(typedError(ErrorType.UNAVAILABLE, 'connection reset'));
  }

  /** Appends an event the platform did not write (another application sharing the database). */
  async appendForeign(streamName: string): Promise<void> {
    this.write(streamName, [
      {
        id: crypto.randomUUID(),
        contentType: 'application/json',
        type: 'OrderShipped',
        data: {},
        metadata: undefined,
      },
    ] as never);
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
  }

  private stream(name: string): FakeStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = { records: [], tombstoned: false };
      this.streams.set(name, stream);
    }
    return stream;
  }

  private checkState(streamName: string, expected: AppendStreamState): void {
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned)
      throw typedError(ErrorType.STREAM_TOMBSTONED, `${streamName} is tombstoned`, {
        stream: streamName,
      });
    const current =
      stream && stream.records.length > 0 ? BigInt(stream.records.length - 1) : undefined;
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === undefined) ||
      (expected === STREAM_EXISTS && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) {
      this.conflicts += 1;
      throw typedError(
        ErrorType.WRONG_EXPECTED_VERSION,
        `wrong expected version for ${streamName}`,
        {
          streamName,
          expectedState: expected,
          actualState: current ?? NO_STREAM,
        },
      );
    }
  }

  private write(streamName: string, events: AppendStreamRequest['events']): bigint {
    const stream = this.stream(streamName);
    for (const event of events) {
      this.nextPosition += 37n; // positions are byte offsets: increasing, with gaps
      const record: StoredRecord = {
        streamId: streamName,
        id: event.id,
        revision: BigInt(stream.records.length),
        type: event.type,
        isJson: event.contentType === 'application/json',
        data:
          event.contentType === 'application/json'
            ? JSON.parse(JSON.stringify(event.data))
            : event.data,
        metadata:
          event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        created: new Date(),
        position: { commit: this.nextPosition, prepare: this.nextPosition },
      };
      stream.records.push(record);
      this.log.push(record);
      for (const listener of this.listeners) listener(record);
    }
    return BigInt(stream.records.length - 1);
  }
}
