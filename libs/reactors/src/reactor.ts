// Runs one reactor: a catch-up subscription on the store's global log (only its event types), from
// its PostgreSQL checkpoint. Each event is checked against its public contract, then handed to
// `react`, which sends a command whose idempotency key derives from the event id; so redelivery,
// replay and a crash between command and checkpoint all have one effect. An event that breaks its
// contract or whose command is refused is parked with the reason and the reactor moves on; a
// transient failure pauses it and it resumes from the checkpoint.
import { describeViolation, type ContractValidator } from '@crm/contracts';
import type { Clock, EventEnvelope, EventStore, Subscription } from '@crm/event-sourcing';
import { Backoff, PostgresStoreHead, errorMessage, type Logger } from '@crm/messaging';
import type { Pool } from 'pg';
import { REACTOR_NAME_PATTERN, reactionFor, type ReactorDefinition } from './reactor-definition';
import { ReactorRepository, type ParkedReaction } from './reactor.repository';
import { isTransientFailure } from '@crm/transient-failures';

export interface ReactorDependencies {
  /** The store holding the source context's events (the platform's one event store). */
  readonly store: EventStore;
  /** Where the checkpoint and the parked events live (`migrateReactorsSchema` first). */
  readonly pool: Pool;
  /** The published contracts the source events are checked against. */
  readonly contracts: ContractValidator;
  /** The highest global position in the store, for the lag; default: the PostgreSQL store's head. */
  readonly head?: () => Promise<number>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

export interface ReactorStatus {
  readonly name: string;
  readonly running: boolean;
  /** True once it has read up to the head at least once since it started. */
  readonly live: boolean;
  readonly checkpoint: number;
  readonly head: number;
  /** Global positions between the checkpoint and the head (0 when caught up). */
  readonly lag: number;
  /** Events parked and not yet resolved. */
  readonly parked: number;
  readonly lastError?: string;
}

export interface RetryOutcome {
  readonly resolved: readonly string[];
  readonly stillParked: readonly { eventId: string; reason: string }[];
}

type Outcome = { kind: 'done' } | { kind: 'parked'; reason: string };

class TransientFailure extends Error {}
/** The checkpoint was moved by a replay (maybe from another process): read again from it. */
class Rewound extends Error {}

export class Reactor {
  private readonly repository: ReactorRepository;
  private readonly head: () => Promise<number>;
  private readonly backoff = new Backoff({ initialDelayMs: 250, maxDelayMs: 10_000 });
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private running = false;
  private live = false;
  private checkpoint = 0;
  private generation = 0;
  private lastError: string | undefined;

  constructor(
    readonly definition: ReactorDefinition,
    private readonly deps: ReactorDependencies,
  ) {
    if (!REACTOR_NAME_PATTERN.test(definition.name))
      throw new Error(
        `Reactor name "${definition.name}" must look like <context>.<kebab-name> (it becomes the actor's name)`,
      );
    if (definition.eventTypes.length === 0)
      throw new Error(`Reactor ${definition.name} reacts to no event type`);
    const lanes = definition.lanes;
    if (lanes && !(Number.isInteger(lanes.concurrency) && lanes.concurrency >= 1))
      throw new RangeError(`Reactor ${definition.name} needs at least one lane`);
    this.repository = new ReactorRepository(deps.pool);
    const storeHead = new PostgresStoreHead(deps.pool);
    this.head = deps.head ?? (() => storeHead.position());
  }

  get name(): string {
    return this.definition.name;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.live = false;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /**
   * Handles the events after `position` again (0 = the whole log). Their idempotency keys are the
   * same as the first time, so what was already done is not done again. Restarts if running.
   */
  async replayFrom(position: number): Promise<void> {
    if (!Number.isInteger(position) || position < 0)
      throw new RangeError(`replay position must be a non-negative integer, got ${position}`);
    const wasRunning = this.running;
    await this.stop();
    await this.repository.rewind(this.name, position, this.deps.clock.now());
    this.checkpoint = position;
    if (wasRunning) await this.start();
  }

  async status(): Promise<ReactorStatus> {
    const [head, parked, stored] = await Promise.all([
      this.head(),
      this.repository.parkedCount(this.name),
      this.repository.checkpoint(this.name),
    ]);
    const checkpoint = stored.position;
    return {
      name: this.name,
      running: this.running,
      live: this.live,
      checkpoint,
      head,
      lag: Math.max(0, head - checkpoint),
      parked,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  parked(status?: 'parked' | 'resolved'): Promise<ParkedReaction[]> {
    return this.repository.parked(this.name, status);
  }

  /**
   * Tries parked events again (all, or the given ids), re-read from the store so that upcasters
   * and the current contracts apply: the fix for why they were parked must be deployed first.
   * Each succeeds at most once in effect (same idempotency key as the first attempt).
   */
  async retryParked(eventIds?: readonly string[]): Promise<RetryOutcome> {
    const wanted = eventIds ? new Set(eventIds) : undefined;
    const resolved: string[] = [];
    const stillParked: { eventId: string; reason: string }[] = [];
    for (const parked of await this.repository.parked(this.name, 'parked')) {
      if (wanted && !wanted.has(parked.eventId)) continue;
      const event = await this.readEvent(parked.globalPosition, parked.eventId);
      const outcome = event
        ? await this.handleOne(event)
        : ({ kind: 'parked', reason: 'the event is no longer in the store' } as const);
      if (outcome.kind === 'done') {
        await this.repository.resolve(this.name, parked.eventId, this.deps.clock.now());
        resolved.push(parked.eventId);
      } else {
        if (event)
          await this.repository.park(this.name, event, outcome.reason, this.deps.clock.now());
        stillParked.push({ eventId: parked.eventId, reason: outcome.reason });
      }
    }
    return { resolved, stillParked };
  }

  private async subscribe(): Promise<void> {
    const stored = await this.repository.checkpoint(this.name);
    this.checkpoint = stored.position;
    this.generation = stored.generation;
    this.subscription = this.deps.store.subscribeToAll(
      async (events, context) => {
        await this.handleBatch(events);
        const now = this.deps.clock.now();
        if (!(await this.repository.advance(this.name, context.checkpoint, this.generation, now)))
          throw new Rewound('the checkpoint was moved by a replay');
        this.checkpoint = context.checkpoint;
        this.backoff.reset();
        this.lastError = undefined;
        if (context.isLive) this.live = true;
      },
      {
        after: this.checkpoint,
        filter: { eventTypes: this.definition.eventTypes },
        notifyCheckpointOnly: true,
        batchSize: this.deps.batchSize ?? 200,
        ...(this.deps.pollIntervalMs !== undefined
          ? { pollIntervalMs: this.deps.pollIntervalMs }
          : {}),
      },
    );
    this.subscription.done.then(
      () => undefined,
      (error: unknown) => this.scheduleRestart(error),
    );
  }

  // A transient failure (or a store outage) ends the subscription: resume from the checkpoint.
  private scheduleRestart(error: unknown): void {
    if (!this.running) return;
    if (error instanceof Rewound) {
      this.deps.logger.info({ reactor: this.name }, 'reactor replaying from a moved checkpoint');
      this.subscribe().catch((e: unknown) => this.scheduleRestart(e));
      return;
    }
    this.lastError = errorMessage(error instanceof TransientFailure ? error.cause : error);
    const delayMs = this.backoff.next();
    this.deps.logger.error(
      { reactor: this.name, err: this.lastError, retryInMs: delayMs },
      'reactor paused; resuming from its checkpoint',
    );
    this.restartTimer = setTimeout(() => {
      if (!this.running) return;
      this.subscribe().catch((e: unknown) => this.scheduleRestart(e));
    }, delayMs);
  }

  // Returns once every event of the batch is done or parked; a transient failure in any lane is
  // thrown only after the other lanes have stopped, so no work outlives the batch it belongs to.
  private async handleBatch(events: readonly EventEnvelope[]): Promise<void> {
    const lanes = this.definition.lanes;
    if (!lanes) {
      for (const event of events) await this.handleAndPark(event);
      return;
    }
    const queues = inLanes(events, lanes.keyOf);
    let next = 0;
    let failed = false;
    const lane = async (): Promise<void> => {
      while (!failed && next < queues.length) {
        const queue = queues[next++]!;
        try {
          for (const event of queue) await this.handleAndPark(event);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const settled = await Promise.allSettled(
      Array.from({ length: Math.min(lanes.concurrency, queues.length) }, lane),
    );
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async handleAndPark(event: EventEnvelope): Promise<void> {
    const outcome = await this.handleOne(event);
    if (outcome.kind === 'done') return;
    this.deps.logger.warn(
      { reactor: this.name, eventId: event.eventId, reason: outcome.reason },
      'reactor parked an event',
    );
    await this.repository.park(this.name, event, outcome.reason, this.deps.clock.now());
  }

  private async handleOne(event: EventEnvelope): Promise<Outcome> {
    const violation = this.deps.contracts.check(event);
    if (violation) return { kind: 'parked', reason: describeViolation(violation) };
    try {
      await this.definition.react(event, reactionFor(this.definition, event));
      return { kind: 'done' };
    } catch (error) {
      const transient = this.definition.isTransient ?? isTransientFailure;
      if (transient(error)) throw new TransientFailure('transient failure', { cause: error });
      const name = error instanceof Error ? error.name : 'Error';
      return { kind: 'parked', reason: `${name}: ${errorMessage(error)}` };
    }
  }

  private async readEvent(position: number, eventId: string): Promise<EventEnvelope | undefined> {
    const page = await this.deps.store.readAllPage({
      after: position - 1,
      batchSize: 1,
      filter: { eventTypes: this.definition.eventTypes },
    });
    return page.events.find((e) => e.eventId === eventId);
  }
}

/** The batch's events grouped by lane key, each group in log order, groups in order of first event. */
function inLanes(
  events: readonly EventEnvelope[],
  keyOf: (event: EventEnvelope) => string,
): EventEnvelope[][] {
  const byKey = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    const key = laneKey(event, keyOf);
    const queue = byKey.get(key);
    if (queue) queue.push(event);
    else byKey.set(key, [event]);
  }
  return [...byKey.values()];
}

// An event the key function cannot read (it breaks its contract, most likely) still has to be
// handled, and parked, in order with the other unkeyable ones.
const UNKEYED_LANE = '\u0000unkeyed';
function laneKey(event: EventEnvelope, keyOf: (event: EventEnvelope) => string): string {
  try {
    return keyOf(event);
  } catch {
    return UNKEYED_LANE;
  }
}
