// Deterministic workloads shared by every side of a scenario. Everything (ids, payloads, hashes)
// is generated BEFORE the timed region, so each side is timed on its own work only, and every side
// writes the same events: ours gets NewEvents, raw pg gets the exact rows ours will store (hash
// chain included), Emmett gets the same type/data/metadata.
import { computeEventHash, parseStreamId } from '@crm/event-sourcing';
import type { Actor, NewEvent } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';

export const BENCH_TENANT = 'tenant-bench';
export const BENCH_ACTOR: Actor = { kind: 'system', name: 'crm-bench' };
/** The event type the append scenarios write; registered with our store's event-type registry. */
export const BENCH_EVENT_TYPE = 'bench.ItemRecorded';
const OCCURRED_BASE = Date.UTC(2026, 0, 1);

export interface PlannedEvent {
  readonly event: NewEvent;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly hash: string;
  readonly previousHash: string | null;
}

export interface PlannedCommand {
  readonly streamId: string;
  /** The stream's version before this command (0 = new stream). */
  readonly expectedVersion: number;
  readonly events: readonly PlannedEvent[];
}

export interface PlanOptions {
  /** Makes stream ids unique per run and phase, e.g. `r1w16`. */
  readonly prefix: string;
  readonly writers: number;
  readonly commandsPerWriter: number;
  readonly eventsPerCommand: number;
  /** Each writer cycles over its own streams (distinct streams: no write contention). */
  readonly streamsPerWriter: number;
}

/** A realistic ~400-byte payload (a customer-ish record), different per event. */
export function benchPayload(n: number): Record<string, unknown> {
  return {
    itemNumber: n,
    name: `Item ${n} of the benchmark workload`,
    email: `customer.${n}@example.test`,
    address: {
      street: `${n % 997} Bench Street`,
      city: 'Testville',
      postalCode: String(10000 + (n % 89999)),
      country: 'FR',
    },
    tags: ['bench', n % 2 === 0 ? 'even' : 'odd', `bucket-${n % 17}`],
    amount: { currency: 'EUR', minor: (n * 7919) % 1_000_000 },
    note: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.',
  };
}

export function planCommands(options: PlanOptions): PlannedCommand[][] {
  let n = 0;
  const plans: PlannedCommand[][] = [];
  for (let w = 0; w < options.writers; w++) {
    const versions = new Map<string, { version: number; hash: string | null }>();
    const commands: PlannedCommand[] = [];
    for (let c = 0; c < options.commandsPerWriter; c++) {
      const streamId = `bench.Item-${options.prefix}w${w}s${c % options.streamsPerWriter}`;
      const head = versions.get(streamId) ?? { version: 0, hash: null };
      const events: PlannedEvent[] = [];
      let version = head.version;
      let previousHash = head.hash;
      for (let e = 0; e < options.eventsPerCommand; e++) {
        const planned = planEvent(
          streamId,
          ++version,
          previousHash,
          BENCH_EVENT_TYPE,
          benchPayload(n),
          n,
        );
        n++;
        previousHash = planned.hash;
        events.push(planned);
      }
      commands.push({ streamId, expectedVersion: head.version, events });
      versions.set(streamId, { version, hash: previousHash });
    }
    plans.push(commands);
  }
  return plans;
}

/** One event with the stream position and hash chain our store will give it. */
export function planEvent(
  streamId: string,
  streamVersion: number,
  previousHash: string | null,
  type: string,
  data: unknown,
  n: number,
): PlannedEvent {
  return sealPlanned(streamId, streamVersion, previousHash, newBenchEvent(type, data, n));
}

export function newBenchEvent(type: string, data: unknown, n: number): NewEvent {
  const eventId = uuidv7();
  return {
    eventId,
    type,
    schemaVersion: 1,
    tenantId: BENCH_TENANT,
    occurredAt: new Date(OCCURRED_BASE + n).toISOString(),
    actor: BENCH_ACTOR,
    correlationId: eventId,
    causationId: eventId,
    data,
  };
}

/** Gives a NewEvent (data as it will be stored, e.g. already encrypted) its position and hash. */
export function sealPlanned(
  streamId: string,
  streamVersion: number,
  previousHash: string | null,
  event: NewEvent,
): PlannedEvent {
  const hash = computeEventHash({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    streamId,
    streamVersion,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data: JSON.parse(JSON.stringify(event.data)) as unknown,
    previousHash,
  });
  return { event, streamId, streamVersion, hash, previousHash };
}

/** Column values of event_store.events for a planned event (the raw pg baseline inserts these). */
export const EVENT_INSERT_COLUMNS = [
  'event_id',
  'stream_id',
  'stream_version',
  'context',
  'category',
  'type',
  'schema_version',
  'tenant_id',
  'occurred_at',
  'actor',
  'correlation_id',
  'causation_id',
  'data',
  'hash',
  'previous_hash',
] as const;

export function eventRowValues(p: PlannedEvent): unknown[] {
  const stream = parseStreamId(p.streamId);
  const e = p.event;
  return [
    e.eventId,
    p.streamId,
    p.streamVersion,
    stream.context,
    stream.category,
    e.type,
    e.schemaVersion ?? 1,
    e.tenantId,
    e.occurredAt,
    JSON.stringify(e.actor),
    e.correlationId,
    e.causationId,
    JSON.stringify(e.data),
    p.hash,
    p.previousHash,
  ];
}

/** Total events in a plan. */
export function plannedEventCount(plans: readonly (readonly PlannedCommand[])[]): number {
  return plans.reduce(
    (sum, commands) => sum + commands.reduce((s, c) => s + c.events.length, 0),
    0,
  );
}
