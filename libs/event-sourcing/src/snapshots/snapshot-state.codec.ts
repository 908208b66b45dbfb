// How a state becomes the JSON stored in a snapshot and back. The default codec stores the state
// as it is, after checking that it survives a JSON round trip unchanged: a state holding a Date,
// Map, Set, class instance or undefined would otherwise come back different from a full replay,
// which is exactly the bug snapshots must never introduce. States that are not plain JSON, and
// states that hold personal data in clear, supply their own codec (e.g. one that encrypts personal
// fields with the PersonalDataCipher, so erasing the subject also shreds the snapshot).
import { isDeepStrictEqual } from 'node:util';

export interface SnapshotCodecContext {
  readonly streamId: string;
  readonly tenantId: string;
}

export interface SnapshotStateCodec<State> {
  encode(state: State, context: SnapshotCodecContext): unknown;
  decode(stored: unknown, context: SnapshotCodecContext): State | Promise<State>;
}

export class SnapshotStateNotJsonError extends Error {
  readonly code = 'SNAPSHOT_STATE_NOT_JSON';

  constructor(readonly streamId: string) {
    super(
      `state of ${streamId} does not survive a JSON round trip (Date, Map, undefined, class instance…); ` +
        'give the snapshotter a codec',
    );
    this.name = 'SnapshotStateNotJsonError';
  }
}

/** Identity codec that refuses (per snapshot) states that are not plain JSON. */
export function plainJsonSnapshotCodec<State>(): SnapshotStateCodec<State> {
  return {
    encode(state, context) {
      const json = JSON.stringify(state);
      if (json === undefined || !isDeepStrictEqual(JSON.parse(json), state)) {
        throw new SnapshotStateNotJsonError(context.streamId);
      }
      return state;
    },
    decode(stored) {
      return stored as State;
    },
  };
}
