// A snapshot codec that encrypts the personal fields of an aggregate's state with the subject's
// data key, so that erasing the subject shreds its snapshots exactly like its events (a snapshot
// is a copy of folded events: stored in clear, it would outlive the erasure). After erasure the
// decoded state shows ERASED_MARKER in those fields, the same as a full replay would.
import {
  plainJsonSnapshotCodec,
  type SnapshotCodecContext,
  type SnapshotStateCodec,
} from '../snapshots/snapshot-state.codec';
import { parseFieldPaths } from './field-path';
import type { PersonalDataCipher } from './personal-data-cipher';

export interface PersonalDataSnapshotCodecOptions<State> {
  readonly cipher: PersonalDataCipher;
  /** Personal fields of the state, e.g. `['email', 'addresses[].street']`. */
  readonly fields: readonly string[];
  /** The data subject of the aggregate, usually the id in the stream id. */
  readonly subjectId: (context: SnapshotCodecContext) => string;
  /** Codec for the rest of the state; default: plain JSON (checked). */
  readonly inner?: SnapshotStateCodec<State>;
}

export function personalDataSnapshotCodec<State>(
  options: PersonalDataSnapshotCodecOptions<State>,
): SnapshotStateCodec<State> {
  const paths = parseFieldPaths(options.fields);
  const inner = options.inner ?? plainJsonSnapshotCodec<State>();
  return {
    async encode(state, context) {
      const encoded = await inner.encode(state, context);
      return options.cipher.encryptFields(encoded, paths, {
        tenantId: context.tenantId,
        subjectId: options.subjectId(context),
      });
    },
    async decode(stored, context) {
      const decrypted = await options.cipher.decryptFields(stored, paths, {
        tenantId: context.tenantId,
        subjectId: options.subjectId(context),
      });
      return inner.decode(decrypted, context);
    },
  };
}
