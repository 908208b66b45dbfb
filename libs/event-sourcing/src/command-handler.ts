// The decider runtime: load → decide → append with the expected version. Conflicts re-read and
// re-decide a bounded number of times; idempotency keys make retried commands return their
// original events instead of appending again.
import { createHash } from 'node:crypto';
import type { LoadedState, StateLoader } from './aggregate-loader';
import { defaultToDomainEvent, loadAggregate } from './aggregate-loader';
import type { EnvelopeToDomainEvent } from './aggregate-loader';
import type { RuntimeDependencies } from './clock';
import type { Decider, DomainEvent } from './decider';
import type { Actor, EventEnvelope, NewEvent } from './envelope';
import { ConcurrencyError, WrongExpectedVersionError } from './errors/event-store-errors';
import type { AppendOptions, EventStore, IdempotencyRecord, StreamAppend } from './event-store';
import { replayOfIdempotencyRecord } from './idempotency-replay';
import { RecentStates } from './recent-states';
import { canonicalJson } from './serialisation/canonical-json';

export const DEFAULT_MAX_RETRIES = 3;

export interface CommandHandlerOptions<State, Command, Event extends DomainEvent> {
  readonly decider: Decider<State, Command, Event>;
  readonly store: EventStore;
  /** Injected clock and id generator (occurredAt, event ids, default causation ids). */
  readonly runtime: RuntimeDependencies;
  /** Re-decisions after a version conflict before ConcurrencyError; default 3 (so 4 attempts). */
  readonly maxRetries?: number;
  /** Replaces full replay, e.g. with a snapshot + tail loader. */
  readonly loadState?: StateLoader<State>;
  readonly toDomainEvent?: EnvelopeToDomainEvent<Event>;
  /** Identifies "the same command" for idempotency keys; default: SHA-256 of canonical { streamId, command }. */
  readonly fingerprint?: (streamId: string, command: Command) => string | undefined;
  /**
   * Keep the state each command left for up to this many streams and decide the next command on a
   * stream on it without reading the store (ADR 0350). Only for deciders whose states are never
   * mutated and hold no decrypted personal data: the cache outlives an erasure by another process.
   */
  readonly recentStates?: { readonly maxStreams: number };
}

export interface CommandMetadata {
  readonly tenantId: string;
  readonly actor: Actor;
  /** Becomes the causationId of the decided events; a new id is generated when absent. */
  readonly commandId?: string;
  /** Defaults to the causation id (a command that starts a new flow). */
  readonly correlationId?: string;
  /** A client-chosen key: a retried command with the same key returns the first result, appends nothing. */
  readonly idempotencyKey?: string;
}

/** Per-command hints to `handle`. */
export interface HandleOptions {
  /**
   * The command creates its stream under an id just made for it (e.g. a new customer): decide it
   * on the initial state without reading the store and append expecting "no stream" (ADR 0355).
   * Only a guess, checked like a remembered state: if the stream exists after all the store
   * refuses the append and the command is decided again on the stream as read; a refusal or a
   * no-op decided on the initial state is decided again on a read before it is answered.
   */
  readonly newStream?: boolean;
}

export interface CommandResult {
  readonly streamId: string;
  readonly events: readonly EventEnvelope[];
  readonly nextExpectedVersion: number;
  /** True when the result is the stored outcome of an earlier command with the same idempotency key. */
  readonly replayed: boolean;
  /** How many times the command was decided (1 without conflicts). */
  readonly attempts: number;
}

export class CommandHandler<State, Command, Event extends DomainEvent> {
  private readonly maxRetries: number;
  private readonly loadState: StateLoader<State>;
  private readonly recent: RecentStates<State> | undefined;

  constructor(private readonly options: CommandHandlerOptions<State, Command, Event>) {
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0) {
      throw new RangeError(`maxRetries must be a non-negative integer, got ${this.maxRetries}`);
    }
    const toDomainEvent = options.toDomainEvent ?? defaultToDomainEvent<Event>;
    this.recent = options.recentStates
      ? new RecentStates<State>(options.recentStates.maxStreams)
      : undefined;
    this.loadState =
      options.loadState ??
      ((streamId, context) =>
        loadAggregate(options.store, options.decider, streamId, {
          tenantId: context.tenantId,
          toDomainEvent,
        }));
  }

  async handle(
    streamId: string,
    command: Command,
    metadata: CommandMetadata,
    options: HandleOptions = {},
  ): Promise<CommandResult> {
    const { store } = this.options;
    const { key, fingerprint, envelope } = this.commandContext(streamId, command, metadata);

    let lastConflict: WrongExpectedVersionError | undefined;
    for (let attempt = 1; attempt <= this.maxRetries + 1; attempt++) {
      if (key !== undefined) {
        const record = await store.findIdempotencyRecord(key);
        if (record) return this.replay(record, key, fingerprint, attempt);
      }
      const { loaded, decided } = await this.decide(
        streamId,
        command,
        metadata.tenantId,
        attempt === 1 ? this.guessedState(metadata.tenantId, streamId, options) : undefined,
      );
      if (decided.length === 0 && key === undefined) {
        this.recent?.set(metadata.tenantId, streamId, loaded);
        return {
          streamId,
          events: [],
          nextExpectedVersion: loaded.version,
          replayed: false,
          attempts: attempt,
        };
      }
      try {
        const result = await store.append(streamId, envelope(decided), {
          expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
          ...idempotencyOption(key, fingerprint),
        });
        this.remember(metadata.tenantId, result, loaded, decided);
        return { ...result, attempts: attempt };
      } catch (error) {
        this.recent?.forget(metadata.tenantId, streamId);
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        lastConflict = error;
      }
    }
    throw new ConcurrencyError(streamId, this.maxRetries + 1, lastConflict);
  }

  /**
   * What the first attempt may decide on without a read: the state the last command on this
   * stream left (ADR 0350), or the initial state at version 0 for a command that creates its
   * stream (ADR 0355). Undefined: read the stream.
   */
  private guessedState(
    tenantId: string,
    streamId: string,
    options: HandleOptions,
  ): LoadedState<State> | undefined {
    const remembered = this.recent?.get(tenantId, streamId);
    if (remembered !== undefined) return remembered;
    return options.newStream ? { state: this.options.decider.initialState, version: 0 } : undefined;
  }

  /**
   * Decides on the guessed state when there is one (first attempt only), else on the stream as
   * read. A refusal or a no-op decided on a guessed state is decided again on the stream as read:
   * another process may have appended what the command needs (a reservation made through another
   * replica), which only a read shows.
   */
  private async decide(
    streamId: string,
    command: Command,
    tenantId: string,
    remembered: LoadedState<State> | undefined,
  ): Promise<{ loaded: LoadedState<State>; decided: readonly Event[] }> {
    if (remembered !== undefined) {
      try {
        const decided = this.options.decider.decide(command, remembered.state);
        if (decided.length > 0) return { loaded: remembered, decided };
      } catch {
        // decided again below, on what the store holds
      }
      this.recent?.forget(tenantId, streamId);
    }
    const loaded = await this.loadState(streamId, { tenantId });
    return { loaded, decided: this.options.decider.decide(command, loaded.state) };
  }

  /** The state after an append, for the next command on the stream (when recentStates is on). */
  private remember(
    tenantId: string,
    result: Omit<CommandResult, 'attempts'>,
    loaded: LoadedState<State>,
    decided: readonly Event[],
  ): void {
    if (this.recent === undefined) return;
    // A replayed result appended nothing now: what the stream holds is not known here.
    if (result.replayed) return this.recent.forget(tenantId, result.streamId);
    const { decider } = this.options;
    const state = decided.reduce((current, event) => decider.evolve(current, event), loaded.state);
    this.recent.set(tenantId, result.streamId, { state, version: result.nextExpectedVersion });
  }

  /**
   * The append `handle` would make for a command on a stream that does not exist yet, decided on
   * the initial state without reading the store (bulk writers creating many new streams, e.g.
   * imports, append these together with `appendMany`). Expects 'no_stream', so if the stream does
   * exist after all the append fails and the caller falls back to `handle`. Throws what the
   * decider throws (validation). Undefined when the decider decides nothing.
   */
  prepareNew(
    streamId: string,
    command: Command,
    metadata: CommandMetadata,
  ): StreamAppend | undefined {
    const { key, fingerprint, envelope } = this.commandContext(streamId, command, metadata);
    const decided = this.options.decider.decide(command, this.options.decider.initialState);
    if (decided.length === 0) return undefined;
    return {
      streamId,
      events: envelope(decided),
      options: { expectedVersion: 'no_stream', ...idempotencyOption(key, fingerprint) },
    };
  }

  /** Idempotency key, fingerprint and envelope builder shared by `handle` and `prepareNew`. */
  private commandContext(streamId: string, command: Command, metadata: CommandMetadata) {
    const { runtime } = this.options;
    const causationId = metadata.commandId ?? runtime.newId();
    const correlationId = metadata.correlationId ?? causationId;
    const key =
      metadata.idempotencyKey === undefined
        ? undefined
        : scopeKey(metadata.tenantId, metadata.idempotencyKey);
    const fingerprint = key === undefined ? undefined : this.fingerprintOf(streamId, command);
    const envelope = (decided: readonly Event[]): NewEvent[] => {
      const occurredAt = runtime.now().toISOString();
      return decided.map((event) => ({
        eventId: runtime.newId(),
        type: event.type,
        tenantId: metadata.tenantId,
        occurredAt,
        actor: metadata.actor,
        correlationId,
        causationId,
        data: event.data,
      }));
    };
    return { key, fingerprint, envelope };
  }

  private replay(
    record: IdempotencyRecord,
    key: string,
    fingerprint: string | undefined,
    attempt: number,
  ): CommandResult {
    return { ...replayOfIdempotencyRecord(record, key, fingerprint), attempts: attempt };
  }

  private fingerprintOf(streamId: string, command: Command): string | undefined {
    if (this.options.fingerprint) return this.options.fingerprint(streamId, command);
    try {
      return createHash('sha256').update(canonicalJson({ streamId, command })).digest('hex');
    } catch {
      return undefined; // commands that are not plain data are not fingerprinted
    }
  }
}

function idempotencyOption(
  key: string | undefined,
  fingerprint: string | undefined,
): Pick<AppendOptions, 'idempotency'> {
  return key !== undefined
    ? { idempotency: { key, ...(fingerprint !== undefined ? { fingerprint } : {}) } }
    : {};
}

/** Idempotency keys come from clients, so two tenants may pick the same one. */
function scopeKey(tenantId: string, key: string): string {
  return `${tenantId}/${key}`;
}
