// An EventStore decorator that reports every successful append to a listener, used to trigger
// snapshots without the command handler knowing about them. The listener runs after the append
// has committed and its errors are swallowed: an observer must never change an append's outcome.
import type { NewEvent } from '../envelope';
import type {
  AppendOptions,
  AppendResult,
  DeleteStreamOptions,
  EventStore,
  IdempotencyRecord,
  IntegrityReport,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
  ReadStreamResult,
  StreamMetadata,
  StreamMetadataUpdate,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import type { EventEnvelope } from '../envelope';

export type AppendListener = (
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions | undefined,
  result: AppendResult,
) => void;

export class ObservedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly onAppended: AppendListener,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const result = await this.inner.append(streamId, events, options);
    try {
      this.onAppended(streamId, events, options, result);
    } catch {
      // See the module header: observing is best effort.
    }
    return result;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    return this.inner.readStream(streamId, options);
  }

  readAllPage(options?: ReadAllOptions): Promise<ReadAllPage> {
    return this.inner.readAllPage(options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    return this.inner.readAll(options);
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(handler, options);
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    return this.inner.getStreamMetadata(streamId);
  }

  setStreamMetadata(streamId: string, update: StreamMetadataUpdate): Promise<StreamMetadata> {
    return this.inner.setStreamMetadata(streamId, update);
  }

  deleteStream(streamId: string, options?: DeleteStreamOptions): Promise<void> {
    return this.inner.deleteStream(streamId, options);
  }

  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    return this.inner.findIdempotencyRecord(key);
  }

  verifyStream(streamId: string): Promise<IntegrityReport> {
    return this.inner.verifyStream(streamId);
  }

  verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport> {
    return this.inner.verifyRange(fromPosition, toPosition);
  }

  /** Does not close the wrapped store: its owner (the composition root) does. */
  async close(): Promise<void> {}
}
