// In-memory SnapshotStore for unit tests; follows snapshot.store.contract.ts like the PostgreSQL one.
import type { Snapshot } from './snapshot';
import type { SnapshotStore } from './snapshot.store';

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async load(streamId: string, stateSchemaVersion: string): Promise<Snapshot | null> {
    const stored = this.snapshots.get(key(streamId, stateSchemaVersion));
    // Hand out a copy, as a database would: callers must not be able to alter the stored state.
    return stored ? jsonCopy(stored) : null;
  }

  async save(snapshot: Snapshot): Promise<void> {
    const k = key(snapshot.streamId, snapshot.stateSchemaVersion);
    const existing = this.snapshots.get(k);
    if (existing && existing.streamVersion >= snapshot.streamVersion) return;
    this.snapshots.set(k, jsonCopy(snapshot));
  }

  async delete(streamId: string): Promise<number> {
    return this.deleteWhere((s) => s.streamId === streamId);
  }

  async pruneSchemaVersions(streamIdPrefix: string, keep: string): Promise<number> {
    return this.deleteWhere(
      (s) => s.streamId.startsWith(streamIdPrefix) && s.stateSchemaVersion !== keep,
    );
  }

  /** All stored snapshots (tests inspect what was written). */
  all(): Snapshot[] {
    return [...this.snapshots.values()].map(jsonCopy);
  }

  private deleteWhere(predicate: (s: Snapshot) => boolean): number {
    let n = 0;
    for (const [k, s] of this.snapshots) {
      if (predicate(s)) {
        this.snapshots.delete(k);
        n += 1;
      }
    }
    return n;
  }
}

function key(streamId: string, stateSchemaVersion: string): string {
  return JSON.stringify([streamId, stateSchemaVersion]);
}

/** A JSON round trip, like the jsonb column of the PostgreSQL store (not structuredClone, which keeps Dates). */
function jsonCopy(snapshot: Snapshot): Snapshot {
  return JSON.parse(JSON.stringify(snapshot)) as Snapshot;
}
