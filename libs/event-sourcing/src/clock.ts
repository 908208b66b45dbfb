// Time and ids are injected so deciders and handlers are deterministic and replayable in tests.
import { v7 as uuidv7 } from 'uuid';
import { platformClockFrom } from './clock-platform';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

/** What the command handler needs from the outside world. */
export type RuntimeDependencies = Clock & IdGenerator;

/**
 * The running platform's "now": the system clock, moved by the platform test clock only when the
 * process was started with CRM_TEST_CLOCK_FILE (end-to-end tests; refused in production). Every
 * domain path takes its time from here or from an injected Clock; authentication does not (ADR 0271).
 */
export const systemClock: Clock = platformClockFrom(process.env);
/**
 * Real time, never moved by the platform test clock: for what must not travel with it, such as
 * token expiry (a moved clock must not log clients out or stretch a token's life) (ADR 0271).
 */
export const realClock: Clock = { now: () => new Date() };
export const uuidV7Ids: IdGenerator = { newId: () => uuidv7() };
export const systemRuntime: RuntimeDependencies = {
  now: () => systemClock.now(),
  newId: () => uuidV7Ids.newId(),
};
