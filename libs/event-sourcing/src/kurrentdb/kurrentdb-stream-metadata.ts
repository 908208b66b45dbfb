// The port's stream metadata on KurrentDB. Soft deletion and max age are kept as the adapter's own
// custom metadata keys rather than KurrentDB's `$tb` / `$maxAge`: those make events unreadable to
// the adapter as well, and it must still read a stream's last event (version and hash-chain head
// for the next append) and every event (verifyStream). Tombstones are KurrentDB's own.
// See docs/adr/0023-*.md.
import type { StreamMetadata } from '../event-store';

export const CUSTOM_META = {
  truncateBefore: 'crm.truncateBefore',
  maxAgeSeconds: 'crm.maxAgeSeconds',
} as const;

export interface StreamHead {
  /** Current version (0 = no events). */
  readonly version: number;
  readonly tenantId: string | undefined;
  readonly lastHash: string | null;
}

export interface AdapterStreamSettings {
  /** Versions below this are hidden from readStream (soft delete = version + 1). */
  readonly truncateBefore: number;
  readonly maxAgeSeconds: number | null;
}

export const DEFAULT_STREAM_SETTINGS: AdapterStreamSettings = {
  truncateBefore: 0,
  maxAgeSeconds: null,
};

export function readAdapterSettings(
  custom: Record<string, unknown> | undefined,
): AdapterStreamSettings {
  const tb = custom?.[CUSTOM_META.truncateBefore];
  const age = custom?.[CUSTOM_META.maxAgeSeconds];
  return {
    truncateBefore: typeof tb === 'number' && Number.isSafeInteger(tb) && tb > 0 ? tb : 0,
    maxAgeSeconds: typeof age === 'number' && Number.isSafeInteger(age) && age > 0 ? age : null,
  };
}

/** Merges the adapter's settings into KurrentDB metadata, keeping whatever else operators set there. */
export function writeAdapterSettings(
  existing: Record<string, unknown> | undefined,
  settings: AdapterStreamSettings,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...existing };
  delete next[CUSTOM_META.truncateBefore];
  delete next[CUSTOM_META.maxAgeSeconds];
  if (settings.truncateBefore > 0) next[CUSTOM_META.truncateBefore] = settings.truncateBefore;
  if (settings.maxAgeSeconds !== null) next[CUSTOM_META.maxAgeSeconds] = settings.maxAgeSeconds;
  return next;
}

export function toPortMetadata(
  streamId: string,
  head: StreamHead,
  settings: AdapterStreamSettings,
  tombstoned: boolean,
): StreamMetadata {
  return {
    streamId,
    tenantId: head.tenantId ?? '',
    version: head.version,
    truncateBefore: settings.truncateBefore,
    softDeleted: settings.truncateBefore > head.version,
    tombstoned,
    maxAgeSeconds: settings.maxAgeSeconds,
  };
}

/** Whether readStream shows an event (soft delete / truncation and max age are read-time rules). */
export function isVisible(
  streamVersion: number,
  created: Date,
  settings: AdapterStreamSettings,
  now: Date,
): boolean {
  if (streamVersion < settings.truncateBefore) return false;
  if (
    settings.maxAgeSeconds !== null &&
    created.getTime() < now.getTime() - settings.maxAgeSeconds * 1000
  )
    return false;
  return true;
}
