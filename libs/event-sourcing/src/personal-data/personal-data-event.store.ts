// An EventStore decorator that applies a PersonalDataPolicy: declared personal fields are
// encrypted before they reach the store and decrypted on every read path, so command handlers,
// deciders and projections work with clear values while the log (and everything that copies it:
// relay, Kafka, backups) only ever holds ciphertext. After a subject is erased, reads return
// ERASED_MARKER in its fields.
//
// What the store hashes (integrity chain) is the encrypted payload: verify with the inner store.
// Upcasters run inside the inner store, on encrypted payloads: they may add or change clear fields
// but must leave encrypted values at their path (the path is bound into the ciphertext).
import type { EventEnvelope, NewEvent } from '../envelope';
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
  StreamAppend,
  StreamMetadata,
  StreamMetadataUpdate,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import type { PersonalDataCipher } from './personal-data-cipher';
import {
  decryptEventData,
  encryptEventData,
  type PersonalDataPolicy,
} from './personal-data-policy';

export class PersonalDataEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly cipher: PersonalDataCipher,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const encrypted = await Promise.all(
      events.map((e) => encryptEventData(this.cipher, this.policy, e)),
    );
    const result = await this.inner.append(streamId, encrypted, options);
    return { ...result, events: await this.decryptAll(result.events) };
  }

  /** Only where the inner store has `appendMany` (PostgreSQL); see the port. */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (!this.inner.appendMany) throw new TypeError('the inner event store has no appendMany');
    const encrypted = await Promise.all(
      appends.map(async (a) => ({
        ...a,
        events: await Promise.all(
          a.events.map((e) => encryptEventData(this.cipher, this.policy, e)),
        ),
      })),
    );
    const results = await this.inner.appendMany(encrypted);
    // Every stored event is one of `appends`, encrypted: it is returned with the clear payload the
    // caller gave (after the store's JSON round trip), which is what decrypting it would give, at
    // a fraction of the cost for a bulk writer (an import batch holds thousands of fields).
    return results.map((result, i) => {
      const given = appends[i]!.events;
      if (result.events.length !== given.length) throw new TypeError('appendMany: events lost');
      return {
        ...result,
        events: result.events.map((event, j) => ({
          ...event,
          data: JSON.parse(JSON.stringify(given[j]!.data)) as unknown,
        })),
      };
    });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult> {
    const result = await this.inner.readStream(streamId, options);
    return { ...result, events: await this.decryptAll(result.events) };
  }

  async readAllPage(options?: ReadAllOptions): Promise<ReadAllPage> {
    const page = await this.inner.readAllPage(options);
    return { ...page, events: await this.decryptAll(page.events) };
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<EventEnvelope> {
    for await (const event of this.inner.readAll(options)) yield this.decrypt(event);
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(
      async (events, context) => handler(await this.decryptAll(events), context),
      options,
    );
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    const record = await this.inner.findIdempotencyRecord(key);
    return record ? { ...record, events: await this.decryptAll(record.events) } : null;
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

  private decrypt(event: EventEnvelope): Promise<EventEnvelope> {
    return decryptEventData(this.cipher, this.policy, event);
  }

  private decryptAll(events: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
    return Promise.all(events.map((e) => this.decrypt(e)));
  }
}
