// Operator CLI (package.json scripts):
//   npm run backup  -- <dir> [--postgres-url <url>] [--wal-archive <dir>]
//   npm run restore -- <dir> --data-dir <new folder> [--port <n>] [--to <ISO instant>]
//                      [--wal-archive <dir>] [--erasure-ledger-url <url>] [--republish]
//                      [--rebuild-read-models]
// Exit codes: 0 done, 1 failed (message says why), 2 usage error. Guide:
// docs/operations/backup-and-restore.md.
// eslint-disable-next-line @nx/enforce-module-boundaries -- the Node 24 guard is a repository script, not a project
import '../../../scripts/require-node-24.cjs';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { PostgresErasureLedger, defaultErasureLedgerUrl } from '@crm/event-sourcing';
import { takeBackup } from './backup';
import { BackupError } from './backup.errors';
import { listProjections, rebuildProjection } from './read-model-rebuild';
import { restoreBackup } from './restore';
import { walArchiveDir } from './local-cluster';

const env = process.env;
const out = process.stderr;

/** One progress bar per phase; redrawn on a terminal, a line every 2 s elsewhere. */
function progress(unit: (phase: string) => string) {
  let bar: SingleBar | undefined;
  let current = '';
  return {
    update(phase: string, done: number, total: number) {
      if (phase !== current) {
        bar?.stop();
        current = phase;
        bar = new SingleBar(
          {
            format: `${phase.padEnd(10)} |{bar}| {percentage}% | {value}/{total} ${unit(phase)} | ETA {eta_formatted}`,
            stream: out,
            noTTYOutput: true,
            notTTYSchedule: 2000,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.setTotal(total);
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function localWalArchive(): string | undefined {
  const data = env.CRM_DATA_DIR ?? path.resolve(__dirname, '../../../.data');
  try {
    return realpathSync(walArchiveDir(data));
  } catch {
    return undefined;
  }
}

async function backup(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'postgres-url': { type: 'string' }, 'wal-archive': { type: 'string' } },
  });
  const dir = positionals[0];
  if (!dir) return usage('backup needs a target folder: npm run backup -- <dir>');
  const postgresUrl = values['postgres-url'] ?? env.CRM_POSTGRES_URL;
  if (!postgresUrl) return usage('set CRM_POSTGRES_URL or pass --postgres-url');
  const bar = progress((phase) => (phase === 'copy' ? 'kB' : 'files'));
  const manifest = await takeBackup({
    postgresUrl,
    dir: path.resolve(dir),
    walArchive: values['wal-archive'] ?? env.CRM_PG_WAL_ARCHIVE ?? localWalArchive(),
    onProgress: (phase, done, total) => bar.update(phase, done, total),
  }).finally(() => bar.stop());
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `backup done: ${path.resolve(dir)} — ${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ` +
      `global positions ${manifest.positions.atStart}..${manifest.positions.atEnd}, PostgreSQL ${manifest.postgres.version}, ` +
      `WAL archive ${manifest.walArchive ?? 'none (point-in-time restore not possible)'}`,
  );
  return 0;
}

async function restore(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '55442' },
      to: { type: 'string' },
      'wal-archive': { type: 'string' },
      'erasure-ledger-url': { type: 'string' },
      republish: { type: 'boolean', default: false },
      'rebuild-read-models': { type: 'boolean', default: false },
    },
  });
  const dir = positionals[0];
  const dataDir = values['data-dir'];
  if (!dir || !dataDir)
    return usage('usage: npm run restore -- <backup dir> --data-dir <new folder> [--to <instant>]');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return usage(`--port ${values.port} is not a TCP port`);
  const to = values.to === undefined ? undefined : new Date(values.to);
  if (to && Number.isNaN(to.getTime()))
    return usage(`--to ${values.to} is not an instant (ISO 8601, e.g. 2026-11-30T05:00:00Z)`);
  const ledgerUrl =
    values['erasure-ledger-url'] ??
    env.CRM_ERASURE_LEDGER_URL ??
    defaultErasureLedgerUrl(env.CRM_POSTGRES_URL ?? '');
  if (!ledgerUrl) return usage('set CRM_ERASURE_LEDGER_URL or pass --erasure-ledger-url');

  const ledger = new PostgresErasureLedger(ledgerUrl);
  const bar = progress((phase) => (phase === 'verify' ? 'files' : 'entries'));
  try {
    const report = await restoreBackup({
      backupDir: path.resolve(dir),
      dataDir: path.resolve(dataDir),
      port,
      to,
      walArchive: values['wal-archive'],
      erasureLedger: ledger,
      republish: values.republish,
      onPhase: (phase, detail) => {
        bar.stop();
        out.write(`[restore] ${phase}${detail ? ` ${detail}` : ''}\n`);
      },
      onProgress: (phase, done, total) => bar.update(phase, done, total),
    });
    bar.stop();
    const rebuilt: string[] = [];
    if (values['rebuild-read-models']) {
      for (const projection of await listProjections(report.postgresUrl)) {
        out.write(`[restore] rebuilding read model ${projection}\n`);
        await rebuildProjection(report.postgresUrl, projection);
        rebuilt.push(projection);
      }
    }
    console.log(
      [
        `restore done: cluster in ${path.resolve(dataDir)} on 127.0.0.1:${port}, event store at global position ${report.position}`,
        `  integrity: ${report.integrity.checkedEvents} events verified, every stream's hash chain intact`,
        `  erasures re-applied: ${report.erasures.entries} ledger entries, ${report.erasures.reshredded} keys shredded again`,
        `  Kafka: ${report.republished ? 'relay checkpoints reset: the relay republishes the restored log when it starts' : 'not republished (pass --republish to have the relay publish the restored log again)'}`,
        ...(values['rebuild-read-models']
          ? [`  read models rebuilt from the restored log: ${rebuilt.join(', ') || 'none'}`]
          : [
              `  next: rebuild the read models from the restored log before serving (or pass --rebuild-read-models):`,
              `    CRM_POSTGRES_URL=${report.postgresUrl} npx nx run projections:cli --args="rebuild <projection> --fresh"`,
            ]),
        `  then point the platform at it: CRM_DATA_DIR=${path.resolve(dataDir)} CRM_PG_PORT=${port} infra/local/crm-infra env`,
      ].join('\n'),
    );
    return 0;
  } finally {
    bar.stop();
    await ledger.close();
  }
}

function usage(message: string): number {
  console.error(message);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === 'backup') return backup(args);
  if (command === 'restore') return restore(args);
  return usage('usage: cli.ts backup|restore …');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof BackupError
        ? `${error.code}: ${error.message}`
        : `failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
