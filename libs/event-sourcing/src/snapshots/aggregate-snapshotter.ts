// Snapshot + tail loading for the command handler, and best-effort snapshot writing.
//
//   const snapshotter = new AggregateSnapshotter({ events, snapshots, decider,
//                                                   stateSchemaVersion: 'customer-3', everyNEvents: 100 });
//   new CommandHandler({ decider, store: snapshotter.observe(events), loadState: snapshotter.loadState, runtime });
//
// `loadState` reads the newest snapshot of the current state-schema version and folds only the
// events after it. `observe(store)` wraps the EventStore so that an append carrying the stream
// across a multiple of N events schedules a snapshot (a fresh snapshot + tail load, then save) in
// the background. Nothing about snapshots ever fails a command: every snapshot error goes to
// `onError` and the load falls back to a full replay.
import type {
  EnvelopeToDomainEvent,
  LoadContext,
  LoadedState,
  StateLoader,
} from '../aggregate-loader';
import { defaultToDomainEvent } from '../aggregate-loader';
import type { Decider } from '../decider';
import type { AppendResult, EventStore, StreamMetadata } from '../event-store';
import { assertStateSchemaVersion, type Snapshot } from './snapshot';
import type { SnapshotStore } from './snapshot.store';
import { plainJsonSnapshotCodec, type SnapshotStateCodec } from './snapshot-state.codec';
import { assertSnapshotInterval, crossesSnapshotInterval } from './snapshot-interval';
import { ObservedEventStore } from './observed-event.store';

export type SnapshotErrorPhase = 'load' | 'decode' | 'encode' | 'save';

export interface AggregateSnapshotterOptions<State, Event> {
  /** What the loader reads: only the stream and its metadata. */
  readonly events: Pick<EventStore, 'readStream' | 'getStreamMetadata'>;
  readonly snapshots: SnapshotStore;
  readonly decider: Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>;
  /** Bump whenever evolve, the state shape or the upcasters change; old snapshots are then ignored. */
  readonly stateSchemaVersion: string;
  readonly everyNEvents: number;
  readonly toDomainEvent?: EnvelopeToDomainEvent<Event>;
  readonly codec?: SnapshotStateCodec<State>;
  /** Where snapshot failures go (they never fail a command). Default: console.warn. */
  readonly onError?: (
    error: unknown,
    context: { readonly streamId: string; readonly phase: SnapshotErrorPhase },
  ) => void;
  readonly now?: () => Date;
  /** Tail events read per page; default 1000. */
  readonly pageSize?: number;
}

export interface SnapshotLoadedState<State> extends LoadedState<State> {
  /** Version of the snapshot the state started from (0 = full replay). */
  readonly fromSnapshotVersion: number;
}

export class AggregateSnapshotter<State, Event> {
  private readonly codec: SnapshotStateCodec<State>;
  private readonly toDomainEvent: EnvelopeToDomainEvent<Event>;
  private readonly pending = new Set<Promise<void>>();
  /** Streams with a snapshot write in flight: one at a time per stream is plenty. */
  private readonly writing = new Set<string>();

  constructor(private readonly options: AggregateSnapshotterOptions<State, Event>) {
    assertStateSchemaVersion(options.stateSchemaVersion);
    assertSnapshotInterval(options.everyNEvents);
    this.codec = options.codec ?? plainJsonSnapshotCodec<State>();
    this.toDomainEvent = options.toDomainEvent ?? defaultToDomainEvent<Event>;
  }

  /** A StateLoader for CommandHandlerOptions.loadState. */
  readonly loadState: StateLoader<State> = (streamId, context) => this.load(streamId, context);

  /** Snapshot (if valid) + tail fold; the same result as a full replay, in fewer reads. */
  async load(streamId: string, context: LoadContext): Promise<SnapshotLoadedState<State>> {
    const start = await this.startingPoint(streamId, context);
    let state = start.state;
    let fromVersion = start.version + 1;
    const pageSize = this.options.pageSize ?? 1000;
    for (;;) {
      const page = await this.options.events.readStream(streamId, {
        direction: 'forwards',
        fromVersion,
        maxCount: pageSize,
        tenantId: context.tenantId,
      });
      for (const envelope of page.events)
        state = this.options.decider.evolve(state, this.toDomainEvent(envelope));
      const last = page.events[page.events.length - 1];
      if (page.events.length < pageSize || !last) {
        return { state, version: page.streamVersion, fromSnapshotVersion: start.version };
      }
      fromVersion = last.streamVersion + 1;
    }
  }

  /**
   * Wraps an EventStore so appends through it schedule snapshots when they cross the interval.
   * Use the wrapper only for this aggregate's streams (give it to this aggregate's CommandHandler).
   */
  observe(store: EventStore): EventStore {
    return new ObservedEventStore(store, (streamId, _events, _options, result) =>
      this.afterAppend(streamId, result),
    );
  }

  /** Called after a successful append; schedules a background snapshot when the interval is crossed. */
  afterAppend(streamId: string, result: AppendResult): void {
    if (result.replayed || result.events.length === 0) return;
    const first = result.events[0];
    const tenantId = first?.tenantId;
    if (!first || tenantId === undefined) return;
    const previousVersion = first.streamVersion - 1;
    if (
      !crossesSnapshotInterval(
        previousVersion,
        result.nextExpectedVersion,
        this.options.everyNEvents,
      )
    )
      return;
    if (this.writing.has(streamId)) return;
    this.writing.add(streamId);
    const task = this.snapshotNow(streamId, { tenantId })
      .then(() => undefined)
      .finally(() => {
        this.writing.delete(streamId);
        this.pending.delete(task);
      });
    this.pending.add(task);
  }

  /** Loads the current state and stores it as a snapshot. Never throws; returns what it saved. */
  async snapshotNow(streamId: string, context: LoadContext): Promise<Snapshot | null> {
    let loaded: SnapshotLoadedState<State>;
    try {
      loaded = await this.load(streamId, context);
    } catch (error) {
      this.report(error, streamId, 'load');
      return null;
    }
    if (loaded.version === 0 || loaded.version === loaded.fromSnapshotVersion) return null;
    let encoded: unknown;
    try {
      encoded = await this.codec.encode(loaded.state, { streamId, tenantId: context.tenantId });
    } catch (error) {
      this.report(error, streamId, 'encode');
      return null;
    }
    const snapshot: Snapshot = {
      streamId,
      tenantId: context.tenantId,
      streamVersion: loaded.version,
      stateSchemaVersion: this.options.stateSchemaVersion,
      state: encoded,
      takenAt: (this.options.now?.() ?? new Date()).toISOString(),
    };
    try {
      await this.options.snapshots.save(snapshot);
    } catch (error) {
      this.report(error, streamId, 'save');
      return null;
    }
    return snapshot;
  }

  /** Resolves when every scheduled snapshot write has finished (tests, graceful shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async startingPoint(
    streamId: string,
    context: LoadContext,
  ): Promise<{ state: State; version: number }> {
    const initial = { state: this.options.decider.initialState, version: 0 };
    let snapshot: Snapshot | null;
    let metadata: StreamMetadata | null;
    try {
      [snapshot, metadata] = await Promise.all([
        this.options.snapshots.load(streamId, this.options.stateSchemaVersion),
        this.options.events.getStreamMetadata(streamId),
      ]);
    } catch (error) {
      this.report(error, streamId, 'load');
      return initial;
    }
    if (!snapshot || !metadata || !this.isUsable(snapshot, metadata, context)) return initial;
    try {
      const state = await this.codec.decode(snapshot.state, {
        streamId,
        tenantId: snapshot.tenantId,
      });
      return { state, version: snapshot.streamVersion };
    } catch (error) {
      this.report(error, streamId, 'decode');
      return initial;
    }
  }

  /**
   * A snapshot is only a shortcut for events the reader would fold anyway. If some of them are now
   * hidden (soft delete / truncation), the stream is gone, or the tenants differ, replay instead
   * and let readStream raise the proper error.
   */
  private isUsable(snapshot: Snapshot, metadata: StreamMetadata, context: LoadContext): boolean {
    return (
      snapshot.stateSchemaVersion === this.options.stateSchemaVersion &&
      snapshot.tenantId === context.tenantId &&
      metadata.tenantId === context.tenantId &&
      !metadata.tombstoned &&
      !metadata.softDeleted &&
      metadata.truncateBefore <= 1 &&
      metadata.maxAgeSeconds === null &&
      snapshot.streamVersion <= metadata.version
    );
  }

  private report(error: unknown, streamId: string, phase: SnapshotErrorPhase): void {
    try {
      if (this.options.onError) this.options.onError(error, { streamId, phase });
      else console.warn(`[snapshots] ${phase} failed for ${streamId}:`, error);
    } catch {
      // A failing error reporter must not turn a best-effort snapshot into a failed command.
    }
  }
}
