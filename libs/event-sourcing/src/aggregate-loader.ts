// Loads an aggregate's state by folding its stream (already upcast by the store). The command
// handler uses this by default; a snapshot-aware loader can replace it (same LoadedState shape).
import type { Decider, DomainEvent } from './decider';
import type { EventEnvelope } from './envelope';
import type { EventStore, ReadStreamOptions } from './event-store';

export interface LoadedState<State> {
  readonly state: State;
  /** The stream version the state reflects: the expected version of the next append. */
  readonly version: number;
}

export interface LoadContext {
  readonly tenantId: string;
}

/** Strategy for loading state before deciding (default: full replay; colleagues plug in snapshots). */
export type StateLoader<State> = (
  streamId: string,
  context: LoadContext,
) => Promise<LoadedState<State>>;

export type EnvelopeToDomainEvent<Event> = (envelope: EventEnvelope) => Event;

/** The default mapping: a domain event is the persisted `{ type, data }`. */
export function defaultToDomainEvent<Event>(envelope: EventEnvelope): Event {
  return { type: envelope.type, data: envelope.data } as DomainEvent as Event;
}

export interface LoadAggregateOptions<Event> {
  readonly tenantId?: string;
  readonly toDomainEvent?: EnvelopeToDomainEvent<Event>;
  readonly untilGlobalPosition?: number;
  /** Stop folding before the first event with occurredAt after this (temporal reads). */
  readonly occurredUntil?: string;
  /** Read in pages of this size so huge streams never sit in memory at once; default 1000. */
  readonly pageSize?: number;
}

export async function loadAggregate<State, Event>(
  store: EventStore,
  decider: Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>,
  streamId: string,
  options: LoadAggregateOptions<Event> = {},
): Promise<LoadedState<State> & { readonly lastEvent: EventEnvelope | undefined }> {
  const toDomainEvent = options.toDomainEvent ?? defaultToDomainEvent<Event>;
  const pageSize = options.pageSize ?? 1000;
  let state = decider.initialState;
  let lastEvent: EventEnvelope | undefined;
  let fromVersion = 1;
  let streamVersion = 0;
  for (;;) {
    const read: ReadStreamOptions = {
      direction: 'forwards',
      fromVersion,
      maxCount: pageSize,
      ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      ...(options.untilGlobalPosition !== undefined
        ? { untilGlobalPosition: options.untilGlobalPosition }
        : {}),
    };
    const page = await store.readStream(streamId, read);
    streamVersion = page.streamVersion;
    for (const envelope of page.events) {
      if (options.occurredUntil !== undefined && envelope.occurredAt > options.occurredUntil) {
        return { state, version: lastEvent?.streamVersion ?? 0, lastEvent };
      }
      state = decider.evolve(state, toDomainEvent(envelope));
      lastEvent = envelope;
    }
    const last = page.events[page.events.length - 1];
    if (page.events.length < pageSize || !last) break;
    fromVersion = last.streamVersion + 1;
  }
  const temporal = options.untilGlobalPosition !== undefined || options.occurredUntil !== undefined;
  // For a live load the expected version is the stream's version, which after a soft delete is
  // above the last visible event; for a temporal load it is the last event folded.
  return { state, version: temporal ? (lastEvent?.streamVersion ?? 0) : streamVersion, lastEvent };
}
