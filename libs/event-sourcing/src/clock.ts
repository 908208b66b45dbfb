// Time and ids are injected so deciders and handlers are deterministic and replayable in tests.
import { v7 as uuidv7 } from 'uuid';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

/** What the command handler needs from the outside world. */
export type RuntimeDependencies = Clock & IdGenerator;

export const systemClock: Clock = { now: () => new Date() };
export const uuidV7Ids: IdGenerator = { newId: () => uuidv7() };
export const systemRuntime: RuntimeDependencies = {
  now: () => systemClock.now(),
  newId: () => uuidV7Ids.newId(),
};
