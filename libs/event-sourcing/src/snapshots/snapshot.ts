// A snapshot is an aggregate's state after folding its stream up to `streamVersion`, tagged with
// the state-schema version of the code that folded it. The version is a string the decider's
// owner bumps whenever `evolve` or the state shape changes (or an upcaster changes what evolve
// sees), so a snapshot made by older code is never mistaken for what the current code would fold.

export interface Snapshot<State = unknown> {
  readonly streamId: string;
  readonly tenantId: string;
  /** Version of the last event folded into `state` (>= 1). */
  readonly streamVersion: number;
  readonly stateSchemaVersion: string;
  /** The encoded state: plain JSON (see SnapshotStateCodec). */
  readonly state: State;
  /** ISO-8601 UTC time the snapshot was written (diagnostics only; never used for decisions). */
  readonly takenAt: string;
}

export const STATE_SCHEMA_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function assertStateSchemaVersion(version: string): void {
  if (typeof version !== 'string' || !STATE_SCHEMA_VERSION_PATTERN.test(version)) {
    throw new RangeError(
      `stateSchemaVersion must match ${STATE_SCHEMA_VERSION_PATTERN}, got ${JSON.stringify(version)}`,
    );
  }
}
