// Test-only: a throwaway event store filled with `sample.*` events (the contexts of
// @crm/contracts' sampleContracts), so relay and projection tests need no domain context.
import { PostgresEventStore } from '@crm/event-sourcing';
import type { EventEnvelope, NewEvent } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import type { Logger } from '../logger';

export const SAMPLE_EVENT_TYPES = [
  { type: 'sample.CounterIncremented', schemaVersion: 2 },
  { type: 'sample.NoteWritten', schemaVersion: 1 },
] as const;

export async function createSampleEventStore(
  connectionString: string,
): Promise<PostgresEventStore> {
  return PostgresEventStore.create({
    connectionString,
    eventTypes: [...SAMPLE_EVENT_TYPES],
    poolConfig: { max: 8 },
  });
}

export function counterStreamId(counter: number | string): string {
  return `sample.Counter-${counter}`;
}

export function counterIncremented(counterId: string, by: number, tenantId = 'tenant-1'): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'sample.CounterIncremented',
    tenantId,
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', name: 'test' },
    correlationId: `corr-${counterId}`,
    causationId: `cause-${counterId}`,
    data: { counterId, by },
  };
}

export function noteWritten(text: string, tenantId = 'tenant-1'): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'sample.NoteWritten',
    tenantId,
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', name: 'test' },
    correlationId: 'corr-note',
    causationId: 'cause-note',
    data: { text },
  };
}

export interface SampleLoad {
  /** Number of counter streams. */
  readonly streams: number;
  readonly eventsPerStream: number;
  /** Events per append (one transaction). */
  readonly eventsPerAppend?: number;
  /** Appends in flight at once. */
  readonly concurrency?: number;
  /** Stream ids start at this number (to add more streams later). */
  readonly firstStream?: number;
  /** `by` of the n-th event (1-based) of stream s; default: n. */
  readonly amount?: (stream: number, n: number) => number;
}

/**
 * Appends `streams × eventsPerStream` counter events, interleaving streams so the global log
 * mixes them like real traffic. Resolves with the total appended.
 */
export async function appendCounterLoad(
  store: PostgresEventStore,
  load: SampleLoad,
): Promise<number> {
  const perAppend = load.eventsPerAppend ?? 10;
  const first = load.firstStream ?? 0;
  const amount = load.amount ?? ((_s: number, n: number) => n);
  const work: (() => Promise<void>)[] = [];
  // A stream's chunks must be appended in order (expected version): each job first waits for the
  // previous chunk of its stream, while jobs of different streams run side by side.
  const previous = new Map<number, Promise<void>>();
  for (let start = 1; start <= load.eventsPerStream; start += perAppend) {
    for (let s = first; s < first + load.streams; s += 1) {
      const count = Math.min(perAppend, load.eventsPerStream - start + 1);
      const events = Array.from({ length: count }, (_, i) =>
        counterIncremented(`c-${s}`, amount(s, start + i)),
      );
      work.push(async () => {
        const before = previous.get(s) ?? Promise.resolve();
        const mine = before
          .then(() =>
            store.append(counterStreamId(`c-${s}`), events, { expectedVersion: start - 1 }),
          )
          .then(() => undefined);
        previous.set(s, mine);
        await mine;
      });
    }
  }
  let next = 0;
  const concurrency = load.concurrency ?? 4;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < work.length) {
        const job = work[next++]!;
        await job();
      }
    }),
  );
  return load.streams * load.eventsPerStream;
}

/**
 * Every committed event of the store, in global order. The store's reads are gap-free: they stop
 * below the oldest transaction still running anywhere in the cluster, and with other test files
 * writing to the same server that horizon can trail for a moment. So this waits until the readable
 * log holds every committed row, which is what a test oracle needs.
 */
export async function readWholeLog(
  store: PostgresEventStore,
  timeoutMs = 30_000,
): Promise<EventEnvelope[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await store.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM event_store.events',
    );
    const events: EventEnvelope[] = [];
    for await (const event of store.readAll({ batchSize: 2000 })) events.push(event);
    if (events.length >= (rows[0]?.n ?? 0)) return events;
    if (Date.now() > deadline)
      throw new Error(
        `only ${events.length} of ${rows[0]?.n} committed events became readable within ${timeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A logger for debugging a test: silent unless TEST_LOG=1. */
export function testLogger(name: string): Logger {
  if (process.env.TEST_LOG !== '1')
    return {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
  const line = (level: string) => (fields: object, message?: string) =>
    process.stderr.write(
      `${new Date().toISOString()} ${level} [${name}] ${message ?? ''} ${JSON.stringify(fields)}\n`,
    );
  return {
    debug: process.env.TEST_LOG_DEBUG === '1' ? line('DEBUG') : () => undefined,
    info: line('INFO'),
    warn: line('WARN'),
    error: line('ERROR'),
  };
}
