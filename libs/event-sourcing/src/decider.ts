// A decider is the whole write-side behaviour of an aggregate as three pure things (no I/O, no
// clock): the runtime (command-handler.ts) loads, folds, decides and appends around it.

export interface Decider<State, Command, Event> {
  /** Returns the events the command causes, or throws a typed domain error. */
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

/** The domain-side view of an event: a past-tense `type` (the persisted type name) and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export function foldEvents<State, Event>(
  decider: Pick<Decider<State, unknown, Event>, 'evolve'>,
  state: State,
  events: Iterable<Event>,
): State {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
}
