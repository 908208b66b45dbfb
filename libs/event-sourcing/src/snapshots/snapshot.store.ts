// Port of the snapshot store. It keeps the newest snapshot per (stream, state-schema version):
// old-schema rows are simply never read again (and can be pruned), so a rolling deploy where old
// and new code run side by side never makes either read the other's state.
import type { Snapshot } from './snapshot';

export interface SnapshotStore {
  /** The newest snapshot of the stream made with `stateSchemaVersion`, or null. */
  load(streamId: string, stateSchemaVersion: string): Promise<Snapshot | null>;
  /** Stores the snapshot unless one at the same or a higher version is already stored. */
  save(snapshot: Snapshot): Promise<void>;
  /**
   * Deletes every snapshot of the stream (all schema versions). Call it when a stream is deleted,
   * and when a data subject is erased if the state holds personal data in clear (see docs/personal-data.md).
   */
  delete(streamId: string): Promise<number>;
  /** Deletes snapshots of `streamIdPrefix*` made with any other schema version than `keep`. */
  pruneSchemaVersions(streamIdPrefix: string, keep: string): Promise<number>;
}
