// Given/when/then specifications for deciders (unit tier): given past events, when a command,
// then the decided events or a typed error. Framework-agnostic (node:assert), so it works in any runner.
import { deepStrictEqual, fail } from 'node:assert/strict';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Structurally the `Decider` of @crm/event-sourcing (repeated here so that libs/testing does not
 * depend on libs/event-sourcing, whose own tests use libs/testing).
 */
export interface SpecifiedDecider<State, Command, Event> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

export interface DeciderThen<Event> {
  /** The command decides exactly these events (deep equality, in order). */
  then(expected: readonly Event[]): void;
  /** The command decides no events. */
  thenNothingHappened(): void;
  /** The command throws an instance of the class; `check` may assert more about the error. */
  thenThrows<E extends Error>(
    errorClass: abstract new (...args: never[]) => E,
    check?: (error: E) => void,
  ): void;
}

export interface DeciderWhen<Command, Event> {
  when(command: Command): DeciderThen<Event>;
}

export interface DeciderSpecification<Command, Event> {
  given(events?: readonly Event[]): DeciderWhen<Command, Event>;
}

export function deciderSpec<State, Command, Event>(
  decider: SpecifiedDecider<State, Command, Event>,
): DeciderSpecification<Command, Event> {
  return {
    given: (events = []) => ({
      when: (command) => {
        const run = (): readonly Event[] => {
          const state = events.reduce(
            (current, event) => decider.evolve(current, event),
            decider.initialState,
          );
          return decider.decide(command, state);
        };
        return {
          then: (expected) => deepStrictEqual(run(), expected),
          thenNothingHappened: () => deepStrictEqual(run(), []),
          thenThrows: (errorClass, check) => {
            let decided: readonly Event[];
            try {
              decided = run();
            } catch (error) {
              if (!(error instanceof (errorClass as ErrorClass))) {
                fail(`expected ${errorClass.name} but ${describe(error)} was thrown`);
              }
              check?.(error as never);
              return;
            }
            fail(`expected ${errorClass.name} but the command decided ${JSON.stringify(decided)}`);
          },
        };
      },
    }),
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return JSON.stringify(error);
  // Subclasses often keep name 'Error'; the constructor says which class it really is.
  const name =
    error.name === 'Error' && error.constructor.name ? error.constructor.name : error.name;
  return `${name}: ${error.message}`;
}
