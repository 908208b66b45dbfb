// What a context writes to react to another context's public events: a name (which is also the
// service identity its commands run under), the public event types it consumes, and `react`, which
// sends one command to the context's own application with the reaction's idempotency key.
import type { Actor, EventEnvelope } from '@crm/event-sourcing';

/** `<context>.<kebab-name>`, e.g. `customers.purchase-history-reactor`. */
export const REACTOR_NAME_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Everything a reaction must pass on to the command it sends. */
export interface Reaction {
  /** Derived from the source event id: the same event always yields the same key. */
  readonly idempotencyKey: string;
  /** The reactor's service identity (`{ kind: 'system', name }`): the actor of what it causes. */
  readonly actor: Extract<Actor, { kind: 'system' }>;
  readonly tenantId: string;
  /** The source event's correlation id: one flow across contexts. */
  readonly correlationId: string;
  /** The source event's id: what caused the command. */
  readonly causationId: string;
}

export interface ReactorDefinition {
  /** Unique per deployment; the checkpoint, the parked events and the actor are named after it. */
  readonly name: string;
  /** Public event types (`libs/contracts`) it reacts to; events of other types are never read. */
  readonly eventTypes: readonly string[];
  /**
   * Sends the command for one contract-valid event. Throwing parks the event with the error as the
   * reason, unless `isTransient(error)` says it is worth retrying as it is (then the reactor pauses
   * and retries from its checkpoint).
   */
  react(event: EventEnvelope, reaction: Reaction): Promise<void>;
  /**
   * Handles a batch's events in lanes instead of one at a time: events with the same key stay in log
   * order, one after the other; up to `concurrency` keys run at once. The checkpoint moves past a
   * batch only once every lane has finished it, so nothing is skipped on a crash or a transient
   * failure (the batch is read again; idempotency keys make the repeat harmless). Use it when a
   * reaction's order matters only per key (per customer) and its round trips dominate.
   */
  readonly lanes?: ReactorLanes;
  /** Errors that are not the event's fault (database down, a concurrency budget exhausted, …). */
  readonly isTransient?: (error: unknown) => boolean;
}

export interface ReactorLanes {
  readonly concurrency: number;
  /** The lane of an event; an event it cannot key (it throws) goes to one shared lane. */
  readonly keyOf: (event: EventEnvelope) => string;
}

export function reactionFor(definition: ReactorDefinition, event: EventEnvelope): Reaction {
  return {
    idempotencyKey: `reactor:${definition.name}:${event.eventId}`,
    actor: { kind: 'system', name: definition.name },
    tenantId: event.tenantId,
    correlationId: event.correlationId,
    causationId: event.eventId,
  };
}
