// Backup and restore time of the event store (issue 19): seeds a private PostgreSQL cluster under
// tmp/ with N events (the bench log: 10 per stream, real hash chains; the seeder bypasses appends),
// then times `takeBackup` and `restoreBackup` (verification of every file's SHA-256, copy,
// recovery, erasure replay, integrity check of every event) exactly as the CLI runs them.
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/backup-restore.ts [--events 1000000]
// Writes bench/results/backup-restore.json. One run per size: a run at 1M takes minutes.
import '../scripts/require-node-24.cjs';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  clusterUrl,
  restoreBackup,
  startCluster,
  stopCluster,
  takeBackup,
  walArchiveDir,
  type LocalCluster,
} from '@crm/backup';
import { InMemoryErasureLedger } from '@crm/event-sourcing';
import { freePort } from '@crm/testing';
import { benchLogSource, ensureSeeded } from './harness/seed-log';

const EVENTS_PER_STREAM = 10;

const ROOT = path.resolve(__dirname, '../tmp', `bench-backup-${randomBytes(3).toString('hex')}`);
const DATABASE = 'crm_bench_backup';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, (performance.now() - t0) / 1000];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
  const events = Number(values.events);
  await mkdir(ROOT, { recursive: true });
  const source: LocalCluster = { dataDir: path.join(ROOT, 'source'), port: await freePort() };
  const target: LocalCluster = { dataDir: path.join(ROOT, 'restored'), port: await freePort() };
  try {
    await startCluster(source);
    const [, seedSeconds] = await timed(() =>
      ensureSeeded(
        clusterUrl(source, 'postgres'),
        DATABASE,
        benchLogSource(events, EVENTS_PER_STREAM),
        (m) => console.log(m),
      ),
    );
    const dir = path.join(ROOT, 'backup');
    const [manifest, backupSeconds] = await timed(() =>
      takeBackup({
        postgresUrl: clusterUrl(source, DATABASE),
        dir,
        walArchive: walArchiveDir(source.dataDir),
      }),
    );
    const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
    const [report, restoreSeconds] = await timed(() =>
      restoreBackup({
        backupDir: dir,
        dataDir: target.dataDir,
        port: target.port,
        erasureLedger: new InMemoryErasureLedger(),
        onPhase: (phase) => console.log(`  restore: ${phase}`),
      }),
    );
    const result = {
      scenario: 'backup-restore',
      events,
      seededInSeconds: Math.round(seedSeconds),
      backup: { seconds: Number(backupSeconds.toFixed(1)), files: manifest.files.length, bytes },
      restore: {
        seconds: Number(restoreSeconds.toFixed(1)),
        position: report.position,
        eventsVerified: report.integrity.checkedEvents,
      },
      machine: {
        cores: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        postgres: manifest.postgres.version,
      },
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(
      path.resolve(__dirname, 'results/backup-restore.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
  } finally {
    for (const cluster of [target, source]) await stopCluster(cluster).catch(() => undefined);
    await rm(ROOT, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
