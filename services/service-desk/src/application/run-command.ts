// The one way the service decides and appends a command on any of its aggregates (tickets,
// articles): the kit's executeCommand (@crm/grpc-service) with idempotency keys fingerprinted by
// the request as the caller sent it (its rpc and fields), not by the command the service built.
import { createHash } from 'node:crypto';
import {
  CommandHandler,
  canonicalJson,
  type Decider,
  type DomainEvent,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import { executeCommand, type CommandOutcome, type RequestMeta } from '@crm/grpc-service';

export type { CommandOutcome, RequestMeta } from '@crm/grpc-service';

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

export function runCommand<
  State,
  Request extends { readonly rpc: string; readonly fields: object },
  Event extends DomainEvent,
>(run: CommandRun<State, Request, Event>): Promise<CommandOutcome> {
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
  return executeCommand({
    handler,
    store: run.store,
    meta: run.meta,
    streamId: run.streamId,
    command: run.request,
    aggregateId: run.aggregateId,
    ...(run.createdId !== undefined ? { createdId: run.createdId } : {}),
    idempotencyScope: `service-desk:${run.request.rpc}:${run.aggregateId}`,
    notFound: run.notFound,
  });
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

/** One already-built domain command on one stream (routing, care tasks): decided and appended once. */
export function runDomainCommand<State, Command, Event extends DomainEvent>(run: {
  readonly store: EventStore;
  readonly runtime: RuntimeDependencies;
  readonly maxRetries: number;
  readonly decider: Decider<State, Command, Event>;
  readonly command: Command;
  readonly meta: RequestMeta;
  readonly streamId: string;
  readonly aggregateId: string;
  /** What the caller asked, for the idempotency fingerprint. */
  readonly request: { readonly rpc: string; readonly fields: object };
  readonly notFound: () => Error;
}): Promise<CommandOutcome> {
  return runCommand({
    ...run,
    decider: decidingOnce<State, Command, Event, typeof run.request>(run.decider, run.command),
  });
}
