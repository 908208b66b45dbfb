// An EventStore decorator that applies a personal-data policy (here: the Customers one): declared fields are
// encrypted with the customer's data key before they reach the store, and decrypted (or read as
// "[erased]" after crypto-shredding) on every read. Everything above it works with clear values.
import {
  decryptEventData,
  encryptEventData,
  type AppendOptions,
  type AppendResult,
  type DeleteStreamOptions,
  type EventEnvelope,
  type EventStore,
  type IdempotencyRecord,
  type IntegrityReport,
  type NewEvent,
  type PersonalDataCipher,
  type PersonalDataPolicy,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type ReadStreamResult,
  type StreamMetadata,
  type StreamMetadataUpdate,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionHandler,
} from '@crm/event-sourcing';

export class PersonalDataEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly cipher: PersonalDataCipher,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async decrypt(events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
    const out: EventEnvelope[] = [];
    for (const event of events) out.push(await decryptEventData(this.cipher, this.policy, event));
    return out;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const encrypted: NewEvent[] = [];
    for (const event of events)
      encrypted.push(await encryptEventData(this.cipher, this.policy, event));
    const result = await this.inner.append(streamId, encrypted, options);
    return { ...result, events: await this.decrypt(result.events) };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    const result = await this.inner.readStream(streamId, options);
    return { ...result, events: await this.decrypt(result.events) };
  }

  async readAllPage(options?: ReadAllOptions): Promise<ReadAllPage> {
    const page = await this.inner.readAllPage(options);
    return { ...page, events: await this.decrypt(page.events) };
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    for await (const event of this.inner.readAll(options))
      yield await decryptEventData(this.cipher, this.policy, event);
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(
      async (events, context) => handler(await this.decrypt(events), context),
      options,
    );
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    const record = await this.inner.findIdempotencyRecord(key);
    return record ? { ...record, events: await this.decrypt(record.events) } : null;
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

  verifyStream(streamId: string): Promise<IntegrityReport> {
    return this.inner.verifyStream(streamId);
  }

  verifyRange(fromPosition: number, toPosition: number): Promise<IntegrityReport> {
    return this.inner.verifyRange(fromPosition, toPosition);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
