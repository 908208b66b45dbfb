// `npm run restore -- <dir> --data-dir <new folder> [--to <instant>]`: checks the backup (manifest,
// SHA-256 of every file, PostgreSQL version), copies it into a NEW data folder, recovers the
// cluster (to the end of the backup, or with archived WAL to an instant), re-applies every
// erasure of the erasure ledger, verifies every stream's hash chain, and only then reports the
// cluster ready. Read models and (with operator consent) Kafka topics are rebuilt from the
// restored log afterwards. ADR 0100; operator's guide docs/operations/backup-and-restore.md.
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PostgresEventStore, type ErasureLedger, type IntegrityReport } from '@crm/event-sourcing';
import { Client } from 'pg';
import { maxGlobalPosition, assertEmptyDir } from './backup';
import { BackupError, checksumMismatch } from './backup.errors';
import { sha256File } from './checksums';
import { replayErasures, type ErasureReplayReport } from './erasure-replay';
import { clusterUrl, pgDataDir, startCluster, type LocalCluster } from './local-cluster';
import { BASE_DIR, readManifest, type BackupManifest } from './manifest';
import { pgBinDir } from './pg-tools';

export type RestorePhase = 'verify' | 'copy' | 'recover' | 'erasures' | 'integrity' | 'republish';

export interface RestoreOptions {
  readonly backupDir: string;
  /** A new, empty folder: the restored cluster's CRM_DATA_DIR. */
  readonly dataDir: string;
  /** Port the restored cluster listens on (127.0.0.1). */
  readonly port: number;
  /** Point in time (ISO 8601) to recover to with archived WAL; omitted: the end of the backup. */
  readonly to?: Date;
  /** Archived WAL to replay (default: the manifest's walArchive). */
  readonly walArchive?: string;
  /** The live erasure ledger: every erasure it lists is applied to the restored key table. */
  readonly erasureLedger: ErasureLedger;
  /** Reset the relay's checkpoints so it republishes the restored log to Kafka (operator consent). */
  readonly republish?: boolean;
  readonly onPhase?: (phase: RestorePhase, detail?: string) => void;
  readonly onProgress?: (phase: RestorePhase, done: number, total: number) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RestoreReport {
  readonly manifest: BackupManifest;
  readonly postgresUrl: string;
  /** Highest global position in the restored store. */
  readonly position: number;
  readonly erasures: ErasureReplayReport;
  readonly integrity: IntegrityReport;
  readonly republished: boolean;
}

const RECOVERY_BEGIN = '# crm-restore: recovery settings (removed once the cluster is promoted)';
const RECOVERY_END = '# crm-restore: end';

export async function verifyBackup(
  dir: string,
  onProgress?: (done: number, total: number) => void,
  env?: NodeJS.ProcessEnv,
): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  pgBinDir(manifest.postgres.major, env); // the cluster must be run by the same major version
  for (const [i, file] of manifest.files.entries()) {
    const actual = await sha256File(path.join(dir, file.path)).catch(() => 'missing');
    if (actual !== file.sha256) throw checksumMismatch(file.path, file.sha256, actual);
    onProgress?.(i + 1, manifest.files.length);
  }
  return manifest;
}

function recoverySettings(manifest: BackupManifest, to: Date | undefined, archive: string | null) {
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const restoreCommand = archive ? `cp "${archive}/%f" "%p"` : '/bin/false';
  return [
    RECOVERY_BEGIN,
    `restore_command = ${quote(restoreCommand)}`,
    to
      ? `recovery_target_time = ${quote(to.toISOString().replace('T', ' ').replace('Z', '+00'))}`
      : `recovery_target = 'immediate'`,
    `recovery_target_action = 'promote'`,
    // No connections until recovery has finished: nothing may read an unfinished restore.
    'hot_standby = off',
    RECOVERY_END,
  ].join('\n');
}

async function prepareDataFolder(
  options: RestoreOptions,
  manifest: BackupManifest,
  archive: string | null,
): Promise<void> {
  const data = pgDataDir(options.dataDir);
  await cp(path.join(options.backupDir, BASE_DIR), data, { recursive: true });
  await chmod(data, 0o700);
  await rm(path.join(data, 'postmaster.pid'), { force: true });
  const auto = path.join(data, 'postgresql.auto.conf');
  const current = await readFile(auto, 'utf8').catch(() => '');
  await writeFile(auto, `${current}\n${recoverySettings(manifest, options.to, archive)}\n`);
  await writeFile(path.join(data, 'recovery.signal'), '');
}

async function removeRecoverySettings(dataDir: string): Promise<void> {
  const auto = path.join(pgDataDir(dataDir), 'postgresql.auto.conf');
  const text = await readFile(auto, 'utf8');
  const start = text.indexOf(RECOVERY_BEGIN);
  const end = text.indexOf(RECOVERY_END);
  if (start >= 0 && end > start)
    await writeFile(auto, text.slice(0, start) + text.slice(end + RECOVERY_END.length + 1));
}

async function verifyIntegrity(url: string, upTo: number): Promise<IntegrityReport> {
  if (upTo === 0) return { ok: true, checkedEvents: 0, failures: [] }; // no event store yet
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: [],
    migrate: false,
  });
  try {
    return await store.verifyRange(1, upTo);
  } finally {
    await store.close();
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const phase = options.onPhase ?? (() => undefined);
  await assertEmptyDir(options.dataDir, 'restore target');

  phase('verify');
  const manifest = await verifyBackup(
    options.backupDir,
    (done, total) => options.onProgress?.('verify', done, total),
    options.env,
  );
  const archive = options.walArchive ?? manifest.walArchive;
  if (options.to) {
    if (!archive)
      throw new BackupError(
        'INVALID_ARGUMENT',
        '--to needs archived WAL, but the backup records no WAL archive: pass --wal-archive <dir>.',
      );
    if (options.to.getTime() < Date.parse(manifest.finishedAt))
      throw new BackupError(
        'INVALID_ARGUMENT',
        `--to ${options.to.toISOString()} is before the end of this backup (${manifest.finishedAt}): use an older backup.`,
      );
  }

  phase('copy');
  await prepareDataFolder(options, manifest, archive);

  phase('recover', options.to ? `to ${options.to.toISOString()}` : 'to the end of the backup');
  const cluster: LocalCluster = { dataDir: options.dataDir, port: options.port };
  await startCluster(cluster);
  await removeRecoverySettings(options.dataDir);

  const postgresUrl = clusterUrl(cluster, manifest.database, options.env);
  const db = new Client({ connectionString: postgresUrl });
  await db.connect();
  try {
    phase('erasures');
    const erasures = await replayErasures(db, options.erasureLedger, (n) =>
      options.onProgress?.('erasures', n, n),
    );

    phase('integrity');
    const position = await maxGlobalPosition(db);
    const integrity = await verifyIntegrity(postgresUrl, position);
    if (!integrity.ok) {
      const first = integrity.failures[0];
      throw new BackupError(
        'INTEGRITY_FAILED',
        `restored event store fails integrity: ${integrity.failures.length} failure(s), first at position ${first?.globalPosition} (${first?.streamId} v${first?.streamVersion}): ${first?.message}`,
      );
    }

    let republished = false;
    if (options.republish) {
      phase('republish');
      // The relay starts again from position 0 and republishes the restored log (integrations
      // see those events again: they deduplicate by eventId).
      await db.query(
        `DO $$ BEGIN
           IF to_regclass('messaging.relay_checkpoints') IS NOT NULL THEN
             UPDATE messaging.relay_checkpoints SET position = 0, updated_at = now();
           END IF;
         END $$`,
      );
      republished = true;
    }
    return { manifest, postgresUrl, position, erasures, integrity, republished };
  } finally {
    await db.end();
  }
}
