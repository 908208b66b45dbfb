// The backup manifest (manifest.json beside the base backup): what was copied, from which server
// and schema versions, up to which global positions, and the SHA-256 of every file, so restore can
// refuse a corrupted or incompatible backup before touching anything.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BackupError } from './backup.errors';
import type { FileChecksum } from './checksums';

export const MANIFEST_FILE = 'manifest.json';
export const BASE_DIR = 'base';
export const MANIFEST_FORMAT = 'crm-backup';
export const MANIFEST_FORMAT_VERSION = 1;

export interface BackupManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly formatVersion: number;
  /** A physical base backup of the whole cluster (pg_basebackup), WAL included. */
  readonly kind: 'pg-basebackup';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly postgres: { readonly major: number; readonly version: string };
  /** The event store's database inside the cluster. */
  readonly database: string;
  /**
   * Highest global position committed before the backup started (every event up to it is in the
   * backup) and after it finished (no event above it is). The exact position is reported by
   * restore, since a base backup is consistent at its end, somewhere in between.
   */
  readonly positions: { readonly atStart: number; readonly atEnd: number };
  /** Where the cluster archives WAL (for restore --to); null when archiving was off. */
  readonly walArchive: string | null;
  readonly versions: {
    readonly app: string;
    readonly eventStoreMigrations: readonly string[];
  };
  readonly files: readonly FileChecksum[];
}

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    throw new BackupError('MANIFEST_INVALID', `${file} not found: ${dir} is not a backup folder.`);
  }
  let parsed: Partial<BackupManifest>;
  try {
    parsed = JSON.parse(raw) as Partial<BackupManifest>;
  } catch {
    throw new BackupError('MANIFEST_INVALID', `${file} is not valid JSON (corrupted backup).`);
  }
  if (parsed.format !== MANIFEST_FORMAT || parsed.kind !== 'pg-basebackup') {
    throw new BackupError('MANIFEST_INVALID', `${file} is not a CRM backup manifest.`);
  }
  if (parsed.formatVersion !== MANIFEST_FORMAT_VERSION) {
    throw new BackupError(
      'WRONG_VERSION',
      `backup format version ${String(parsed.formatVersion)} is not supported by this restore (expects ${MANIFEST_FORMAT_VERSION}).`,
    );
  }
  if (!Array.isArray(parsed.files) || !parsed.postgres || !parsed.positions || !parsed.database) {
    throw new BackupError('MANIFEST_INVALID', `${file} misses required fields (corrupted backup).`);
  }
  return parsed as BackupManifest;
}
