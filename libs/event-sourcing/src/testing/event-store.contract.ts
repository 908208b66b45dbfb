// The behaviour every EventStore adapter must show, as one jest suite. Run it from an adapter's
// spec file: `describeEventStoreContract('PostgreSQL', async (setup) => ({ store, dispose }))`.
// Each test works in its own tenant and streams, so one store (one database) serves the suite.
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, EventEnvelope, NewEvent } from '../envelope';
import {
  EventIdConflictError,
  EventStoreError,
  EventTooLargeError,
  IdempotencyKeyReusedError,
  InvalidEventError,
  InvalidStreamIdError,
  NonSerialisablePayloadError,
  StreamDeletedError,
  TenantMismatchError,
  UnknownEventTypeError,
  WrongExpectedVersionError,
} from '../errors/event-store-errors';
import type { EventStore, GlobalLogFilter, ReadAllPage } from '../event-store';
import { EventTypeRegistry } from '../event-types/event-type-registry';
import { UpcasterRegistry } from '../upcasting/upcaster-registry';

export interface EventStoreContractSetup {
  /** The event types the store under test must be built with. */
  readonly eventTypes: EventTypeRegistry;
  readonly upcasters: UpcasterRegistry;
  /** The store must refuse events whose serialised payload is larger (the default 1 MiB). */
  readonly maxEventBytes: number;
}

export interface EventStoreContractSubject {
  readonly store: EventStore;
  /**
   * Optional: a store on the same log whose appends keep their transaction open for
   * `data.commitDelayMs` of the first event before committing (PostgreSQL: pg_sleep in a test
   * hook). Enables the "late commit" variant of the gap-free subscription property.
   */
  readonly openDelayedCommitStore?: () => Promise<EventStore>;
  dispose(): Promise<void>;
}

export type EventStoreContractFactory = (
  setup: EventStoreContractSetup,
) => Promise<EventStoreContractSubject>;

export const CONTRACT_MAX_EVENT_BYTES = 1024 * 1024;

export function contractSetup(): EventStoreContractSetup {
  return {
    eventTypes: new EventTypeRegistry([
      { type: 'contract.ThingHappened', schemaVersion: 1 },
      { type: 'contract.ThingRenamed', schemaVersion: 1 },
      {
        type: 'contract.ThingChecked',
        schemaVersion: 1,
        dataSchema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } },
      },
      { type: 'contract-audit.EntryWritten', schemaVersion: 1 },
    ]),
    upcasters: new UpcasterRegistry(),
    maxEventBytes: CONTRACT_MAX_EVENT_BYTES,
  };
}

const actor: Actor = { kind: 'user', userId: 'user-1', roles: ['sales-rep'] };

function thingStream(): string {
  return `contract.Thing-${uuidv7()}`;
}

function newEvent(
  tenantId: string,
  data: unknown = { n: 1 },
  type = 'contract.ThingHappened',
  overrides: Partial<NewEvent> = {},
): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    tenantId,
    occurredAt: '2025-03-01T10:00:00.000Z',
    actor,
    correlationId: 'corr-1',
    causationId: 'cause-1',
    data,
    ...overrides,
  };
}

async function readAllOf(
  store: EventStore,
  filter: GlobalLogFilter,
  after = 0,
  batchSize?: number,
): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  for await (const event of store.readAll({ after, filter, ...(batchSize ? { batchSize } : {}) }))
    events.push(event);
  return events;
}

async function within<T>(ms: number, what: string, probe: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`${what} not met within ${ms} ms: ${String(error)}`, { cause: error });
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export function describeEventStoreContract(
  name: string,
  factory: EventStoreContractFactory,
  options: {
    /** Declares every test of the suite skipped (jest reports them as such), for this reason. */
    readonly skipBecause?: string;
  } = {},
): void {
  const title = `EventStore contract: ${name}`;
  const describeOrSkip = options.skipBecause === undefined ? describe : describe.skip;
  describeOrSkip(
    options.skipBecause === undefined ? title : `${title} — SKIPPED: ${options.skipBecause}`,
    () => {
      let subject: EventStoreContractSubject;
      let store: EventStore;
      let tenant: string;

      beforeAll(async () => {
        subject = await factory(contractSetup());
        store = subject.store;
      });
      afterAll(async () => {
        await subject?.dispose();
      });
      beforeEach(() => {
        tenant = `tenant-${uuidv7()}`;
      });

      describe('append and readStream', () => {
        it('numbers a new stream from version 1 and returns every envelope field as written', async () => {
          const streamId = thingStream();
          const written = [
            newEvent(tenant, { name: 'a' }),
            newEvent(tenant, { name: 'b', nested: { list: [1, 2.5, null, true] } }),
          ];
          const result = await store.append(streamId, written, { expectedVersion: 'no_stream' });
          expect(result.nextExpectedVersion).toBe(2);
          expect(result.replayed).toBe(false);
          expect(result.events.map((e) => e.streamVersion)).toEqual([1, 2]);
          const read = await store.readStream(streamId);
          expect(read.streamVersion).toBe(2);
          expect(read.events).toEqual(result.events);
          read.events.forEach((e, i) => {
            const w = written[i] as NewEvent;
            expect(e).toMatchObject({
              eventId: w.eventId,
              type: w.type,
              schemaVersion: 1,
              streamId,
              tenantId: tenant,
              occurredAt: w.occurredAt,
              actor,
              correlationId: 'corr-1',
              causationId: 'cause-1',
              data: w.data,
            });
            expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          });
          expect(read.events[0]?.previousHash).toBeNull();
          expect(read.events[1]?.previousHash).toBe(read.events[0]?.hash);
          expect(read.events[1]!.globalPosition).toBeGreaterThan(read.events[0]!.globalPosition);
        });

        it('reads a stream that never existed as empty with version 0', async () => {
          await expect(store.readStream(thingStream())).resolves.toMatchObject({
            events: [],
            streamVersion: 0,
          });
          await expect(store.getStreamMetadata(thingStream())).resolves.toBeNull();
        });

        it('reads forwards and backwards from a version with maxCount', async () => {
          const streamId = thingStream();
          await store.append(
            streamId,
            [1, 2, 3, 4, 5].map((n) => newEvent(tenant, { n })),
          );
          const versions = async (
            options: Parameters<EventStore['readStream']>[1],
          ): Promise<number[]> =>
            (await store.readStream(streamId, options)).events.map((e) => e.streamVersion);
          await expect(versions({ fromVersion: 2, maxCount: 2 })).resolves.toEqual([2, 3]);
          await expect(versions({ direction: 'backwards' })).resolves.toEqual([5, 4, 3, 2, 1]);
          await expect(
            versions({ direction: 'backwards', fromVersion: 3, maxCount: 2 }),
          ).resolves.toEqual([3, 2]);
          await expect(versions({ fromVersion: 6 })).resolves.toEqual([]);
          await expect(versions({ maxCount: 0 })).resolves.toEqual([]);
        });

        it('keeps stream versions gapless and global positions increasing across appends', async () => {
          const streamId = thingStream();
          for (let i = 0; i < 3; i++)
            await store.append(streamId, [newEvent(tenant, { i }), newEvent(tenant, { i })]);
          const { events } = await store.readStream(streamId);
          expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
          const positions = events.map((e) => e.globalPosition);
          expect([...positions].sort((a, b) => a - b)).toEqual(positions);
          expect(new Set(positions).size).toBe(6);
        });

        it('refuses a stream of another tenant on read and write', async () => {
          const streamId = thingStream();
          await store.append(streamId, [newEvent(tenant)]);
          await expect(
            store.readStream(streamId, { tenantId: 'someone-else' }),
          ).rejects.toBeInstanceOf(TenantMismatchError);
          await expect(store.append(streamId, [newEvent('someone-else')])).rejects.toBeInstanceOf(
            TenantMismatchError,
          );
          expect((await store.readStream(streamId, { tenantId: tenant })).events).toHaveLength(1);
        });
      });

      describe('optimistic concurrency', () => {
        it('checks the expected version', async () => {
          const streamId = thingStream();
          await expect(
            store.append(streamId, [newEvent(tenant)], { expectedVersion: 'stream_exists' }),
          ).rejects.toBeInstanceOf(WrongExpectedVersionError);
          await expect(
            store.append(streamId, [newEvent(tenant)], { expectedVersion: 3 }),
          ).rejects.toMatchObject({
            code: 'WRONG_EXPECTED_VERSION',
            actualVersion: 0,
          });
          await store.append(streamId, [newEvent(tenant)], { expectedVersion: 'no_stream' });
          await expect(
            store.append(streamId, [newEvent(tenant)], { expectedVersion: 'no_stream' }),
          ).rejects.toMatchObject({
            streamId,
            expectedVersion: 'no_stream',
            actualVersion: 1,
          });
          await expect(
            store.append(streamId, [newEvent(tenant)], { expectedVersion: 2 }),
          ).rejects.toBeInstanceOf(WrongExpectedVersionError);
          await store.append(streamId, [newEvent(tenant)], { expectedVersion: 1 });
          await store.append(streamId, [newEvent(tenant)], { expectedVersion: 'stream_exists' });
          await store.append(streamId, [newEvent(tenant)], { expectedVersion: 'any' });
          expect((await store.readStream(streamId)).streamVersion).toBe(4);
        });

        it('lets exactly one of many concurrent appends with the same expected version win', async () => {
          const streamId = thingStream();
          await store.append(streamId, [newEvent(tenant)]);
          const outcomes = await Promise.allSettled(
            Array.from({ length: 6 }, (_, i) =>
              store.append(streamId, [newEvent(tenant, { i })], { expectedVersion: 1 }),
            ),
          );
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          lost.forEach((o) => expect(o.reason).toBeInstanceOf(WrongExpectedVersionError));
          expect((await store.readStream(streamId)).streamVersion).toBe(2);
        });

        it('serialises concurrent appends with expected version any without losing one', async () => {
          const streamId = thingStream();
          await Promise.all(
            Array.from({ length: 8 }, (_, i) => store.append(streamId, [newEvent(tenant, { i })])),
          );
          const { events } = await store.readStream(streamId);
          expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
          await expect(store.verifyStream(streamId)).resolves.toMatchObject({
            ok: true,
            checkedEvents: 8,
          });
        });
      });

      describe('idempotent event ids', () => {
        it('treats re-appending stored events as a no-op returning the stored envelopes', async () => {
          const streamId = thingStream();
          const batch = [newEvent(tenant, { a: 1 }), newEvent(tenant, { a: 2 })];
          const first = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
          await store.append(streamId, [newEvent(tenant)]);
          // A retry of the first append (e.g. after a lost connection): same ids, same expectation.
          const again = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
          expect(again.replayed).toBe(true);
          expect(again.events).toEqual(first.events);
          expect((await store.readStream(streamId)).events).toHaveLength(3);
        });

        it('refuses an id stored in another stream or a partial overlap, writing nothing', async () => {
          const streamId = thingStream();
          const stored = newEvent(tenant);
          await store.append(streamId, [stored]);
          await expect(store.append(thingStream(), [stored])).rejects.toBeInstanceOf(
            EventIdConflictError,
          );
          await expect(store.append(streamId, [stored, newEvent(tenant)])).rejects.toBeInstanceOf(
            EventIdConflictError,
          );
          await expect(
            store.append(streamId, [
              newEvent(tenant),
              newEvent(tenant, {}, undefined, { eventId: stored.eventId }),
            ]),
          ).rejects.toBeInstanceOf(EventStoreError);
          expect((await store.readStream(streamId)).streamVersion).toBe(1);
        });

        it('answers concurrent duplicates of one append with one write', async () => {
          const streamId = thingStream();
          const batch = [newEvent(tenant), newEvent(tenant)];
          const results = await Promise.all(
            Array.from({ length: 4 }, () => store.append(streamId, batch)),
          );
          expect(results.filter((r) => !r.replayed)).toHaveLength(1);
          expect((await store.readStream(streamId)).streamVersion).toBe(2);
        });
      });

      describe('idempotency keys', () => {
        it('returns the first result for a repeated key and appends nothing', async () => {
          const streamId = thingStream();
          const key = `key-${uuidv7()}`;
          const first = await store.append(streamId, [newEvent(tenant)], {
            idempotency: { key, fingerprint: 'f1' },
          });
          const second = await store.append(streamId, [newEvent(tenant)], {
            idempotency: { key, fingerprint: 'f1' },
          });
          expect(second.replayed).toBe(true);
          expect(second.events).toEqual(first.events);
          expect((await store.readStream(streamId)).streamVersion).toBe(1);
          await expect(store.findIdempotencyRecord(key)).resolves.toMatchObject({
            key,
            streamId,
            fingerprint: 'f1',
            events: first.events,
          });
          await expect(
            store.append(streamId, [newEvent(tenant)], {
              idempotency: { key, fingerprint: 'other' },
            }),
          ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
          await expect(store.findIdempotencyRecord(`never-${uuidv7()}`)).resolves.toBeNull();
        });

        it('records a key for a command that decided no events', async () => {
          const streamId = thingStream();
          const key = `key-${uuidv7()}`;
          await expect(store.append(streamId, [], { idempotency: { key } })).resolves.toMatchObject(
            {
              events: [],
              replayed: false,
            },
          );
          await expect(store.findIdempotencyRecord(key)).resolves.toMatchObject({
            key,
            events: [],
          });
        });
      });

      describe('readAll', () => {
        it('reads the global log in order with filters and batches', async () => {
          const thing = thingStream();
          const audit = `contract-audit.Log-${uuidv7()}`;
          const other = `tenant-other-${uuidv7()}`;
          await store.append(thing, [
            newEvent(tenant, { n: 1 }),
            newEvent(tenant, { n: 2 }, 'contract.ThingRenamed'),
          ]);
          await store.append(audit, [
            newEvent(tenant, { n: 3 }, 'contract-audit.EntryWritten', {
              occurredAt: '2025-04-01T00:00:00.000Z',
            }),
          ]);
          await store.append(thingStream(), [newEvent(other, { n: 4 })]);
          await store.append(thing, [newEvent(tenant, { n: 5 })]);
          const ns = (events: EventEnvelope[]): unknown[] =>
            events.map((e) => (e.data as { n: number }).n);

          // Global reads see an event once every older transaction (in the whole cluster, for
          // PostgreSQL) has ended, so the first read may have to wait for unrelated transactions.
          await within(10_000, 'all five events readable', async () =>
            expect(ns(await readAllOf(store, { tenantIds: [tenant, other] }))).toEqual([
              1, 2, 3, 4, 5,
            ]),
          );
          const all = await readAllOf(store, { tenantIds: [tenant] }, 0, 2);
          expect(ns(all)).toEqual([1, 2, 3, 5]);
          const positions = all.map((e) => e.globalPosition);
          expect([...positions].sort((a, b) => a - b)).toEqual(positions);
          expect(ns(await readAllOf(store, { tenantIds: [tenant, other] }))).toEqual([
            1, 2, 3, 4, 5,
          ]);
          expect(
            ns(await readAllOf(store, { tenantIds: [tenant], contexts: ['contract-audit'] })),
          ).toEqual([3]);
          expect(
            ns(await readAllOf(store, { tenantIds: [tenant], categories: ['contract.Thing'] })),
          ).toEqual([1, 2, 5]);
          expect(
            ns(
              await readAllOf(store, {
                tenantIds: [tenant],
                eventTypes: ['contract.ThingRenamed', 'contract-audit.EntryWritten'],
              }),
            ),
          ).toEqual([2, 3]);
          expect(
            ns(
              await readAllOf(store, {
                tenantIds: [tenant],
                occurredFrom: '2025-03-15T00:00:00.000Z',
              }),
            ),
          ).toEqual([3]);
          expect(
            ns(
              await readAllOf(store, {
                tenantIds: [tenant],
                occurredTo: new Date('2025-04-01T00:00:00.000Z'),
              }),
            ),
          ).toEqual([1, 2, 5]);
          expect(ns(await readAllOf(store, { tenantIds: [tenant] }, positions[1]))).toEqual([3, 5]);
        });

        it('pages with a checkpoint that moves past filtered-out events', async () => {
          await store.append(thingStream(), [newEvent(tenant, { n: 1 })]);
          const last = await store.append(thingStream(), [newEvent(`x-${uuidv7()}`, { n: 2 })]);
          await within(10_000, 'checkpoint past the filtered-out event', async () => {
            let page: ReadAllPage = { events: [], checkpoint: 0, isEnd: false };
            const seen: EventEnvelope[] = [];
            do {
              page = await store.readAllPage({
                after: page.checkpoint,
                filter: { tenantIds: [tenant] },
                batchSize: 1,
              });
              seen.push(...page.events);
            } while (!page.isEnd);
            expect(seen.map((e) => e.data)).toEqual([{ n: 1 }]);
            expect(page.checkpoint).toBeGreaterThanOrEqual(last.events[0]!.globalPosition);
          });
        });
      });

      describe('subscribeToAll', () => {
        it('catches up from any checkpoint, then delivers live events, awaiting the handler per batch', async () => {
          const streamId = thingStream();
          const appended = (
            await store.append(
              streamId,
              Array.from({ length: 6 }, (_, n) => newEvent(tenant, { n })),
            )
          ).events;
          await fc.assert(
            fc.asyncProperty(
              fc.integer({ min: 0, max: 6 }),
              fc.integer({ min: 1, max: 4 }),
              async (skip, batchSize) => {
                const after = skip === 0 ? 0 : appended[skip - 1]!.globalPosition;
                const received: EventEnvelope[] = [];
                let inHandler = 0;
                let overlapped = false;
                const subscription = store.subscribeToAll(
                  async (events) => {
                    inHandler += 1;
                    if (inHandler > 1) overlapped = true;
                    await new Promise((r) => setTimeout(r, 2));
                    received.push(...events);
                    inHandler -= 1;
                  },
                  {
                    after,
                    filter: { tenantIds: [tenant], categories: ['contract.Thing'] },
                    batchSize,
                    pollIntervalMs: 50,
                  },
                );
                try {
                  await within(5000, 'catch-up', () => expect(received.length).toBe(6 - skip));
                  expect(received.map((e) => e.eventId)).toEqual(
                    appended.slice(skip).map((e) => e.eventId),
                  );
                  expect(overlapped).toBe(false);
                } finally {
                  await subscription.stop();
                }
              },
            ),
            { numRuns: 6 },
          );
          // Live: events appended after subscribing arrive too.
          const received: EventEnvelope[] = [];
          const subscription = store.subscribeToAll((events) => void received.push(...events), {
            after: appended[5]!.globalPosition,
            filter: { tenantIds: [tenant] },
            pollIntervalMs: 5000, // a wake-up notification, not the poll, should deliver quickly
          });
          try {
            await new Promise((r) => setTimeout(r, 100));
            const live = await store.append(streamId, [newEvent(tenant, { live: true })]);
            await within(4000, 'live delivery', () =>
              expect(received.map((e) => e.eventId)).toEqual([live.events[0]!.eventId]),
            );
            expect(subscription.checkpoint()).toBe(live.events[0]!.globalPosition);
          } finally {
            await subscription.stop();
          }
        });

        it('stops on a handler error and rejects done with it', async () => {
          await store.append(thingStream(), [newEvent(tenant)]);
          const failure = new Error('projection broke');
          const subscription = store.subscribeToAll(
            () => {
              throw failure;
            },
            { filter: { tenantIds: [tenant] }, pollIntervalMs: 50 },
          );
          await expect(subscription.done).rejects.toBe(failure);
          await subscription.stop();
        });

        it('delivers every committed event exactly once, in global order, under 8 concurrent writers with delayed commits', async () => {
          const delayed = subject.openDelayedCommitStore
            ? await subject.openDelayedCommitStore()
            : store;
          try {
            await fc.assert(
              fc.asyncProperty(
                fc.array(
                  fc.record({
                    startDelayMs: fc.integer({ min: 0, max: 15 }),
                    commitDelays: fc.array(fc.integer({ min: 0, max: 60 }), {
                      minLength: 1,
                      maxLength: 3,
                    }),
                    eventsPerAppend: fc.integer({ min: 1, max: 3 }),
                  }),
                  { minLength: 8, maxLength: 8 },
                ),
                async (writers) => {
                  const runTenant = `gapfree-${uuidv7()}`;
                  const received: EventEnvelope[] = [];
                  const subscription = store.subscribeToAll(
                    (events) => void received.push(...events),
                    {
                      filter: { tenantIds: [runTenant] },
                      batchSize: 7,
                      pollIntervalMs: 25,
                    },
                  );
                  try {
                    const acknowledged = (
                      await Promise.all(
                        writers.map(async (writer, w) => {
                          await new Promise((r) => setTimeout(r, writer.startDelayMs));
                          const streamId = thingStream();
                          const ids: EventEnvelope[] = [];
                          for (const commitDelayMs of writer.commitDelays) {
                            const batch = Array.from({ length: writer.eventsPerAppend }, () =>
                              newEvent(runTenant, { writer: w, commitDelayMs }),
                            );
                            ids.push(...(await delayed.append(streamId, batch)).events);
                          }
                          return ids;
                        }),
                      )
                    ).flat();
                    await within(15_000, 'all acknowledged events delivered', () =>
                      expect(received.length).toBeGreaterThanOrEqual(acknowledged.length),
                    );
                    await new Promise((r) => setTimeout(r, 60)); // would expose late duplicates
                    const deliveredIds = received.map((e) => e.eventId);
                    expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
                    expect(new Set(deliveredIds)).toEqual(
                      new Set(acknowledged.map((e) => e.eventId)),
                    );
                    const positions = received.map((e) => e.globalPosition);
                    positions.slice(1).forEach((p, i) => expect(p).toBeGreaterThan(positions[i]!));
                  } finally {
                    await subscription.stop();
                  }
                },
              ),
              { numRuns: 4, endOnFailure: true },
            );
          } finally {
            if (delayed !== store) await delayed.close();
          }
        }, 90_000);
      });

      describe('payloads', () => {
        it('stores a payload just under the size limit and refuses one over it', async () => {
          const streamId = thingStream();
          const filler = 'x'.repeat(CONTRACT_MAX_EVENT_BYTES - 20);
          const big = { filler };
          await store.append(streamId, [newEvent(tenant, big)]);
          expect((await store.readStream(streamId)).events[0]?.data).toEqual(big);
          await expect(
            store.append(streamId, [newEvent(tenant, { filler: `${filler}${'y'.repeat(40)}` })]),
          ).rejects.toBeInstanceOf(EventTooLargeError);
          // Multi-byte characters count in bytes, not UTF-16 units.
          await expect(
            store.append(streamId, [
              newEvent(tenant, { s: '€'.repeat(CONTRACT_MAX_EVENT_BYTES / 3 + 10) }),
            ]),
          ).rejects.toBeInstanceOf(EventTooLargeError);
          expect((await store.readStream(streamId)).streamVersion).toBe(1);
        });

        it('round-trips unicode exactly', async () => {
          await fc.assert(
            fc.asyncProperty(
              fc.dictionary(
                fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
                fc.oneof(
                  fc.string({ unit: 'grapheme', maxLength: 20 }),
                  fc.string({ unit: 'binary', maxLength: 20 }),
                ),
                { maxKeys: 4 },
              ),
              async (data) => {
                const clean = JSON.parse(JSON.stringify(data).replace(/\\u0000/g, '')) as Record<
                  string,
                  string
                >;
                const streamId = thingStream();
                const fixed = {
                  ...clean,
                  emoji: '👩🏽‍💻🇪🇺',
                  rtl: 'مرحبا',
                  cjk: '漢字かな',
                  combining: 'e\u0301',
                  quote: '"\\\n\t',
                };
                await store.append(streamId, [newEvent(tenant, fixed)]);
                expect((await store.readStream(streamId)).events[0]?.data).toEqual(fixed);
              },
            ),
            { numRuns: 15 },
          );
          // 30 appends and reads: ~1 s on a quiet machine, over 5 s when the 2 shared cores are
          // saturated (seen at load 15–20, before and after ADR 0120).
        }, 30_000);
      });

      describe('bad input writes nothing', () => {
        const cyclic: Record<string, unknown> = { a: 1 };
        cyclic.self = cyclic;
        const cases: Array<
          [
            string,
            () => { streamId?: string; events: NewEvent[] },
            abstract new (...args: never[]) => Error,
          ]
        > = [
          [
            'an invalid stream id',
            () => ({ streamId: 'not a stream', events: [newEvent('t')] }),
            InvalidStreamIdError,
          ],
          [
            'a stream id without aggregate',
            () => ({ streamId: 'contract-123', events: [newEvent('t')] }),
            InvalidStreamIdError,
          ],
          [
            'an unknown event type',
            () => ({ events: [newEvent('t', {}, 'contract.NeverRegistered')] }),
            UnknownEventTypeError,
          ],
          [
            'a malformed event type',
            () => ({ events: [newEvent('t', {}, 'thingHappened')] }),
            InvalidEventError,
          ],
          [
            'a non-UUID event id',
            () => ({ events: [newEvent('t', {}, undefined, { eventId: 'abc' })] }),
            InvalidEventError,
          ],
          [
            'a local time',
            () => ({ events: [newEvent('t', {}, undefined, { occurredAt: '2025-03-01 10:00' })] }),
            InvalidEventError,
          ],
          ['a missing tenant', () => ({ events: [newEvent('', {})] }), InvalidEventError],
          [
            'a bad actor',
            () => ({
              events: [
                newEvent('t', {}, undefined, { actor: { kind: 'robot' } as unknown as Actor }),
              ],
            }),
            InvalidEventError,
          ],
          [
            'an old schema version',
            () => ({ events: [newEvent('t', {}, undefined, { schemaVersion: 7 })] }),
            InvalidEventError,
          ],
          [
            'a BigInt',
            () => ({ events: [newEvent('t', { amount: 10n })] }),
            NonSerialisablePayloadError,
          ],
          ['a cycle', () => ({ events: [newEvent('t', cyclic)] }), NonSerialisablePayloadError],
          [
            'a function',
            () => ({ events: [newEvent('t', { f: () => 1 })] }),
            NonSerialisablePayloadError,
          ],
          [
            'undefined data',
            () => ({ events: [newEvent('t', {}, undefined, { data: undefined })] }),
            NonSerialisablePayloadError,
          ],
          [
            'a NaN',
            () => ({ events: [newEvent('t', { x: Number.NaN })] }),
            NonSerialisablePayloadError,
          ],
          [
            'a NUL character',
            () => ({ events: [newEvent('t', { s: 'a\u0000b' })] }),
            NonSerialisablePayloadError,
          ],
          [
            'a Date object',
            () => ({ events: [newEvent('t', { at: new Date() })] }),
            NonSerialisablePayloadError,
          ],
          [
            'data failing its schema',
            () => ({ events: [newEvent('t', { ok: 'yes' }, 'contract.ThingChecked')] }),
            EventStoreError,
          ],
          [
            'one bad event among good ones',
            () => ({ events: [newEvent('t'), newEvent('t', { bad: 1n }), newEvent('t')] }),
            NonSerialisablePayloadError,
          ],
          [
            'a duplicate id within the batch',
            () => {
              const e = newEvent('t');
              return { events: [e, { ...e }] };
            },
            InvalidEventError,
          ],
          [
            'two tenants in one batch',
            () => ({ events: [newEvent('t'), newEvent('u')] }),
            InvalidEventError,
          ],
        ];
        it.each(cases)('refuses %s with a typed error', async (_, make, errorClass) => {
          const { streamId = thingStream(), events } = make();
          const error: unknown = await store.append(streamId, events).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(errorClass);
          expect(error).toBeInstanceOf(EventStoreError);
          expect(typeof (error as EventStoreError).code).toBe('string');
          if (streamId !== 'not a stream' && streamId !== 'contract-123') {
            expect((await store.readStream(streamId)).streamVersion).toBe(0);
          }
          for (const eventId of new Set(events.map((e) => e.eventId))) {
            if (typeof eventId === 'string' && /^[0-9a-f-]{36}$/.test(eventId)) {
              // No event of the refused batch may have reached the log.
              const again = await store.append(thingStream(), [
                newEvent('t', {}, undefined, { eventId }),
              ]);
              expect(again.replayed).toBe(false);
            }
          }
        });
      });

      describe('stream metadata and deletion', () => {
        it('soft-deletes a stream: it reads empty, keeps its version and can be appended to again', async () => {
          const streamId = thingStream();
          await store.append(streamId, [newEvent(tenant), newEvent(tenant)]);
          await expect(store.deleteStream(streamId, { expectedVersion: 1 })).rejects.toBeInstanceOf(
            WrongExpectedVersionError,
          );
          await store.deleteStream(streamId, { expectedVersion: 2 });
          await expect(store.readStream(streamId)).resolves.toMatchObject({
            events: [],
            streamVersion: 2,
          });
          await expect(store.getStreamMetadata(streamId)).resolves.toMatchObject({
            softDeleted: true,
            version: 2,
          });
          await store.append(streamId, [newEvent(tenant, { again: true })], { expectedVersion: 2 });
          const { events } = await store.readStream(streamId);
          expect(events.map((e) => [e.streamVersion, e.data])).toEqual([[3, { again: true }]]);
          await expect(store.verifyStream(streamId)).resolves.toMatchObject({
            ok: true,
            checkedEvents: 3,
          });
        });

        it('tombstones a stream: reads and writes fail for ever', async () => {
          const streamId = thingStream();
          await store.append(streamId, [newEvent(tenant)]);
          await store.deleteStream(streamId, { hard: true });
          await expect(store.readStream(streamId)).rejects.toBeInstanceOf(StreamDeletedError);
          await expect(store.append(streamId, [newEvent(tenant)])).rejects.toMatchObject({
            code: 'STREAM_DELETED',
          });
          await expect(store.getStreamMetadata(streamId)).resolves.toMatchObject({
            tombstoned: true,
          });
        });

        it('hides events older than maxAge from stream reads', async () => {
          const streamId = `contract.Checkpoint-${uuidv7()}`;
          await store.append(streamId, [newEvent(tenant)]);
          await expect(
            store.setStreamMetadata(streamId, { maxAgeSeconds: 1 }),
          ).resolves.toMatchObject({ maxAgeSeconds: 1 });
          expect((await store.readStream(streamId)).events).toHaveLength(1);
          await within(5000, 'expiry', async () =>
            expect((await store.readStream(streamId)).events).toHaveLength(0),
          );
          await store.setStreamMetadata(streamId, { maxAgeSeconds: null });
          expect((await store.readStream(streamId)).events).toHaveLength(1);
        });
      });

      describe('integrity', () => {
        it('verifies streams and ranges of the global log', async () => {
          const streamId = thingStream();
          const { events } = await store.append(streamId, [
            newEvent(tenant),
            newEvent(tenant),
            newEvent(tenant),
          ]);
          await expect(store.verifyStream(streamId)).resolves.toEqual({
            ok: true,
            checkedEvents: 3,
            failures: [],
          });
          const report = await store.verifyRange(
            events[0]!.globalPosition,
            events[2]!.globalPosition,
          );
          expect(report.ok).toBe(true);
          expect(report.checkedEvents).toBeGreaterThanOrEqual(3);
        });
      });
    },
  );
}
