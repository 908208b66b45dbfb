// `npm run backup -- <dir>`: a physical base backup of the PostgreSQL cluster that holds the event
// store (pg_basebackup: consistent while the platform keeps writing, WAL included), so everything
// that cannot be rebuilt is in it at once: events, data keys, relay and reactor checkpoints,
// timers, gateway users. Read models and Kafka topics are rebuilt from it. ADR 0100.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import { BackupError, targetNotEmpty } from './backup.errors';
import { checksumTree } from './checksums';
import {
  BASE_DIR,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  writeManifest,
  type BackupManifest,
} from './manifest';
import { pgBinDir, runTool } from './pg-tools';

export type BackupPhase = 'copy' | 'checksums';

export interface BackupOptions {
  /** The event store's database (CRM_POSTGRES_URL); its role needs the REPLICATION attribute. */
  readonly postgresUrl: string;
  readonly dir: string;
  /** Where the cluster archives WAL (recorded for restore --to), if archiving is on. */
  readonly walArchive?: string;
  readonly onProgress?: (phase: BackupPhase, done: number, total: number) => void;
  readonly env?: NodeJS.ProcessEnv;
}

interface ServerFacts {
  readonly major: number;
  readonly version: string;
  readonly archiving: boolean;
}

export async function assertEmptyDir(dir: string, what: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  if (entries.length > 0) throw targetNotEmpty(dir, what);
}

export async function tableExists(db: Client, table: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    table,
  ]);
  return rows[0]?.ok === true;
}

/** Highest committed global position (0 for an empty or not yet migrated store). */
export async function maxGlobalPosition(db: Client): Promise<number> {
  if (!(await tableExists(db, 'event_store.events'))) return 0;
  const { rows } = await db.query<{ max: string | null }>(
    `SELECT max(global_position)::text AS max FROM event_store.events`,
  );
  return Number(rows[0]?.max ?? 0);
}

async function serverFacts(db: Client): Promise<ServerFacts> {
  const { rows } = await db.query<{ num: string; version: string; archive: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version,
            current_setting('archive_mode') AS archive`,
  );
  const row = rows[0] as { num: string; version: string; archive: string };
  return {
    major: Math.floor(Number(row.num) / 10_000),
    version: row.version,
    archiving: row.archive !== 'off',
  };
}

async function appliedMigrations(db: Client): Promise<string[]> {
  if (!(await tableExists(db, 'event_store.migrations'))) return [];
  const { rows } = await db.query<{ name: string }>(
    `SELECT name FROM event_store.migrations ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

async function appVersion(): Promise<string> {
  const pkg = JSON.parse(
    await readFile(path.resolve(__dirname, '../../../package.json'), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

/** pg_basebackup -P writes "12345/67890 kB (18%), 0/1 tablespace" lines to stderr. */
export function parseBaseBackupProgress(text: string): { done: number; total: number } | undefined {
  const matches = [...text.matchAll(/(\d+)\/(\d+) kB/g)];
  const last = matches[matches.length - 1];
  return last ? { done: Number(last[1]), total: Number(last[2]) } : undefined;
}

/** pg_basebackup into <dir>/base; a role without REPLICATION gets a hint on how to fix it. */
async function copyCluster(bin: string, options: BackupOptions): Promise<void> {
  const { dir } = options;
  await runTool(
    path.join(bin, 'pg_basebackup'),
    [
      '-d',
      options.postgresUrl,
      '-D',
      path.join(dir, BASE_DIR),
      '-Fp',
      '-X',
      'stream',
      '-c',
      'fast',
      '-P',
      '--manifest-checksums=SHA256',
    ],
    {
      onStderr: (text) => {
        const p = parseBaseBackupProgress(text);
        if (p) options.onProgress?.('copy', p.done, p.total);
      },
    },
  ).catch((error: unknown) => {
    if (error instanceof BackupError && /replication role/.test(error.message)) {
      throw new BackupError(
        'TOOL_FAILED',
        `${error.message}\n  The backup role needs the REPLICATION attribute: ALTER ROLE <role> REPLICATION (the local cluster grants it to 'crm' on 'infra/local/crm-infra up').`,
      );
    }
    throw error;
  });
}

export async function takeBackup(options: BackupOptions): Promise<BackupManifest> {
  const { dir } = options;
  await assertEmptyDir(dir, 'backup folder');
  const db = new Client({ connectionString: options.postgresUrl });
  await db.connect();
  try {
    const facts = await serverFacts(db);
    const bin = pgBinDir(facts.major, options.env);
    const startedAt = new Date().toISOString();
    const atStart = await maxGlobalPosition(db);
    const migrations = await appliedMigrations(db);
    await mkdir(dir, { recursive: true });

    // -X stream: the WAL written during the copy is streamed into the backup, so it is
    // consistent on its own; -c fast: do not wait for the next scheduled checkpoint.
    await copyCluster(bin, options);
    const copiedAt = new Date().toISOString();
    const atEnd = await maxGlobalPosition(db);
    const files = await checksumTree(dir, (done, total) =>
      options.onProgress?.('checksums', done, total),
    );
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      formatVersion: MANIFEST_FORMAT_VERSION,
      kind: 'pg-basebackup',
      startedAt,
      finishedAt: copiedAt,
      postgres: { major: facts.major, version: facts.version },
      database: db.database ?? 'crm',
      positions: { atStart, atEnd },
      walArchive: facts.archiving ? (options.walArchive ?? null) : null,
      versions: { app: await appVersion(), eventStoreMigrations: migrations },
      files,
    };
    await writeManifest(dir, manifest);
    return manifest;
  } finally {
    await db.end();
  }
}
