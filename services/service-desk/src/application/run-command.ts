// The one way the service decides and appends a command on any of its aggregates (tickets,
// articles): the core's command handler (optimistic concurrency, bounded retries, idempotency keys
// fingerprinted by the request), the actor from the verified caller, and the global position a read
// model must reach to show the write (ADR 0090).
import { createHash } from 'node:crypto';
import type { ServiceCaller } from '@crm/access-policy';
import {
  CommandHandler,
  TenantMismatchError,
  canonicalJson,
  type Actor,
  type CommandResult as StoreCommandResult,
  type Decider,
  type DomainEvent,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';

/** Who asks (verified from the token), and how to trace and de-duplicate the request. */
export interface RequestMeta {
  readonly caller: ServiceCaller;
  readonly tenantId: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
}

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly streamVersion: number;
  readonly replayed: boolean;
  readonly createdId?: string;
  readonly eventTypes: readonly string[];
  readonly correlationId: string;
  /** Read your own writes: the global position a read model must have applied (ADR 0090). */
  readonly globalPosition: number;
}

export interface CommandRun<
  State,
  Request extends { readonly rpc: string; readonly fields: object },
  Event extends DomainEvent,
> {
  readonly store: EventStore;
  readonly runtime: RuntimeDependencies;
  readonly maxRetries: number;
  readonly decider: Decider<State, Request, Event>;
  readonly meta: RequestMeta;
  readonly streamId: string;
  readonly aggregateId: string;
  readonly request: Request;
  readonly createdId?: string;
  /** What a stream of another tenant reads as (it does not exist for this caller). */
  readonly notFound: () => Error;
}

export function actorOf(caller: ServiceCaller): Actor {
  return caller.actor.kind === 'user'
    ? { kind: 'user', userId: caller.actor.userId, roles: [...caller.roles] }
    : { kind: 'system', name: caller.actor.name };
}

export async function runCommand<
  State,
  Request extends { readonly rpc: string; readonly fields: object },
  Event extends DomainEvent,
>(run: CommandRun<State, Request, Event>): Promise<CommandOutcome> {
  const { meta, request } = run;
  const handler = new CommandHandler({
    decider: run.decider,
    store: run.store,
    runtime: run.runtime,
    maxRetries: run.maxRetries,
    fingerprint: (streamId, req) =>
      createHash('sha256')
        .update(canonicalJson({ streamId, rpc: req.rpc, fields: req.fields }))
        .digest('hex'),
  });
  let result: StoreCommandResult;
  try {
    result = await handler.handle(run.streamId, request, {
      tenantId: meta.tenantId,
      actor: actorOf(meta.caller),
      correlationId: meta.correlationId,
      ...(meta.idempotencyKey
        ? {
            idempotencyKey: `service-desk:${request.rpc}:${run.aggregateId}:${meta.idempotencyKey}`,
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof TenantMismatchError) throw run.notFound();
    throw error;
  }
  return {
    aggregateId: run.aggregateId,
    streamVersion: result.nextExpectedVersion,
    replayed: result.replayed || result.events.length === 0,
    ...(run.createdId !== undefined ? { createdId: run.createdId } : {}),
    eventTypes: result.events.map((e) => e.type),
    correlationId: result.events[0]?.correlationId ?? meta.correlationId,
    globalPosition: await positionOf(run.store, meta.tenantId, result),
  };
}

async function positionOf(
  store: EventStore,
  tenantId: string,
  result: StoreCommandResult,
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

/** A decider for runCommand that decides one already-built domain command on every attempt. */
export function decidingOnce<State, Command, Event extends DomainEvent, Request>(
  decider: Decider<State, Command, Event>,
  command: Command,
): Decider<State, Request, Event> {
  return {
    initialState: decider.initialState,
    evolve: (state, event) => decider.evolve(state, event),
    decide: (_request, state) => decider.decide(command, state),
  };
}
