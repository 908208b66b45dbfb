// How a context service runs one command (ADR 0250): the core's CommandHandler loads, decides and
// appends (optimistic concurrency, bounded retries, idempotency keys); this module adds what every
// context's application did the same way around it: the actor from the verified caller, the
// idempotency key scoped to what it is for, "the same request" fingerprint without what the service
// stamps at decision time, a foreign tenant's stream read as "not found", and the outcome with the
// global position a read model must reach to show the write (read your own writes, ADR 0090).
import { createHash } from 'node:crypto';
import type { ServiceCaller } from '@crm/access-policy';
import {
  TenantMismatchError,
  canonicalJson,
  type Actor,
  type CommandHandler,
  type CommandMetadata,
  type CommandResult,
  type Decider,
  type DomainEvent,
  type EventStore,
  loadAggregate,
} from '@crm/event-sourcing';

/** Who asks (verified from the token), and how to trace and de-duplicate the request. */
export interface RequestMeta {
  readonly caller: ServiceCaller;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /** What caused the command when it is not a request (a reactor's or timer's source). */
  readonly causationId?: string;
}

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly streamVersion: number;
  readonly replayed: boolean;
  readonly createdId?: string;
  readonly eventTypes: readonly string[];
  readonly correlationId: string;
  /**
   * Global position a read model must have applied to reflect this command (read your own
   * writes): the last event it appended (or, replayed, appended the first time); for a command
   * that appended nothing, the stream's last event, i.e. the state the command was decided on.
   */
  readonly globalPosition: number;
}

/** The envelope's `actor`: the verified user with their roles, or the named system process. */
export function actorOf(caller: ServiceCaller): Actor {
  return caller.actor.kind === 'user'
    ? { kind: 'user', userId: caller.actor.userId, roles: [...caller.roles] }
    : { kind: 'system', name: caller.actor.name };
}

/**
 * The command's metadata. `idempotencyScope` prefixes the caller's key (e.g.
 * `sales:AssignLead:<id>`) so one key sent to two commands or two records means two requests.
 */
export function commandMetadata(meta: RequestMeta, idempotencyScope?: string): CommandMetadata {
  return {
    tenantId: meta.tenantId,
    actor: actorOf(meta.caller),
    correlationId: meta.correlationId,
    ...(meta.causationId ? { commandId: meta.causationId } : {}),
    ...(meta.idempotencyKey
      ? {
          idempotencyKey: idempotencyScope
            ? `${idempotencyScope}:${meta.idempotencyKey}`
            : meta.idempotencyKey,
        }
      : {}),
  };
}

/**
 * "The same request" for idempotency keys: the stream, the command type and its data without the
 * fields the service stamps at decision time (`now`, a derived score…). Without this a retry a
 * moment later would differ in the instant and be refused as a reuse of the key.
 */
export function fingerprintWithout(
  ...stamped: readonly string[]
): (streamId: string, command: { readonly type: string; readonly data: object }) => string {
  const skip = new Set(stamped);
  return (streamId, command) => {
    const data = Object.fromEntries(Object.entries(command.data).filter(([key]) => !skip.has(key)));
    return createHash('sha256')
      .update(canonicalJson({ streamId, type: command.type, data }))
      .digest('hex');
  };
}

/** The global position of what a command appended, or of the stream's head when it appended none. */
export async function globalPositionOf(
  store: EventStore,
  tenantId: string,
  result: CommandResult,
): Promise<number> {
  const positions = result.events.map((e) => e.globalPosition);
  if (positions.length > 0) return Math.max(...positions);
  const head = await store.readStream(result.streamId, {
    direction: 'backwards',
    maxCount: 1,
    tenantId,
  });
  return head.events[0]?.globalPosition ?? 0;
}

/** The answer to a command from its store result. */
export async function commandOutcome(
  store: EventStore,
  meta: RequestMeta,
  aggregateId: string,
  result: CommandResult,
  createdId?: string,
): Promise<CommandOutcome> {
  return {
    aggregateId,
    streamVersion: result.nextExpectedVersion,
    replayed: result.replayed || result.events.length === 0,
    ...(createdId !== undefined ? { createdId } : {}),
    eventTypes: result.events.map((e) => e.type),
    correlationId: result.events[0]?.correlationId ?? meta.correlationId,
    globalPosition: await globalPositionOf(store, meta.tenantId, result),
  };
}

export interface CommandExecution<State, Command, Event extends DomainEvent> {
  readonly handler: Pick<CommandHandler<State, Command, Event>, 'handle'>;
  readonly store: EventStore;
  readonly meta: RequestMeta;
  readonly streamId: string;
  readonly command: Command;
  readonly aggregateId: string;
  /** The id of what the command creates, echoed in the outcome. */
  readonly createdId?: string;
  /** See `commandMetadata`. */
  readonly idempotencyScope?: string;
  /** What a stream of another tenant reads as: it does not exist for this caller. */
  readonly notFound?: (error: TenantMismatchError) => Error;
}

/** Decides and appends one command and answers with its outcome. */
export async function executeCommand<State, Command, Event extends DomainEvent>(
  run: CommandExecution<State, Command, Event>,
): Promise<CommandOutcome> {
  let result: CommandResult;
  try {
    result = await run.handler.handle(
      run.streamId,
      run.command,
      commandMetadata(run.meta, run.idempotencyScope),
    );
  } catch (error) {
    if (error instanceof TenantMismatchError && run.notFound) throw run.notFound(error);
    throw error;
  }
  return commandOutcome(run.store, run.meta, run.aggregateId, result, run.createdId);
}

/**
 * The state of one stream as the caller's tenant sees it: another tenant's record does not exist
 * for this tenant, so it reads as the decider's initial state.
 */
export async function loadStateForTenant<S, E>(
  store: EventStore,
  decider: Pick<Decider<S, never, E>, 'evolve' | 'initialState'>,
  streamId: string,
  tenantId: string,
): Promise<S> {
  try {
    return (await loadAggregate(store, decider, streamId, { tenantId })).state;
  } catch (error) {
    if (error instanceof TenantMismatchError) return decider.initialState;
    throw error;
  }
}
