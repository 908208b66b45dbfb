// B1: backup and restore time of the event store (issue 19). A private PostgreSQL cluster under
// tmp/ (pg_basebackup needs the REPLICATION grant and WAL archiving, which the shared test server
// may lack) is seeded with the bench log (10 events per stream, real hash chains), then each run
// times `takeBackup` and `restoreBackup` exactly as `npm run backup` / `npm run restore` run them:
// restore = verify every file's SHA-256, copy, recover, replay the erasure ledger, verify every
// event's hash chain. Baseline: plain pg_basebackup of the same cluster (no checksums, no manifest).
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  clusterUrl,
  pgBinDir,
  restoreBackup,
  runTool,
  startCluster,
  stopCluster,
  takeBackup,
  walArchiveDir,
  type LocalCluster,
} from '@crm/backup';
import { InMemoryErasureLedger } from '@crm/event-sourcing';
import { freePort } from '@crm/testing';
import { REPO_ROOT } from '../harness/connections';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { benchLogSource, ensureSeeded } from '../harness/seed-log';
import { perSecond } from '../harness/stats';

const EVENTS_PER_STREAM = 10;
const DATABASE = 'crm_bench_backup';

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
}

export const b1BackupRestore: Scenario = {
  id: 'B1',
  title: 'Backup and restore of the event store (s)',
  goal: 'report backup and restore time for 1M events (issue 19 sets no target)',
  baseline:
    'plain pg_basebackup -Fp -X stream -c fast of the same cluster into a folder (no SHA-256, no manifest), same run',

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    // 20k by default (3 runs well under 2 minutes); --scale: 1M (seeding alone takes ~5 minutes).
    const events = ctx.size(report, 'events backed up and restored', 20_000, 1_000_000);
    const root = path.join(REPO_ROOT, 'tmp', `bench-b1-${randomBytes(3).toString('hex')}`);
    const source: LocalCluster = { dataDir: path.join(root, 'source'), port: await freePort() };
    const targets: LocalCluster[] = [];
    await mkdir(root, { recursive: true });
    try {
      await startCluster(source);
      await ensureSeeded(
        clusterUrl(source, 'postgres'),
        DATABASE,
        benchLogSource(events, EVENTS_PER_STREAM),
        ctx.log,
      );
      const postgresUrl = clusterUrl(source, DATABASE);
      report.setting('cluster', {
        where: 'private cluster under tmp/ (crm-infra, own data folder and port), WAL archiving on',
        seed: `bench log, ${EVENTS_PER_STREAM} events per stream`,
      });
      report.setting('restore', {
        phases:
          'verify SHA-256 of every file, copy, recover, erasure replay (empty ledger), integrity of every event',
        readModels: 'not rebuilt (P4 measures rebuilds)',
      });

      const backupSeconds: number[] = [];
      const rawSeconds: number[] = [];
      const restoreSeconds: number[] = [];
      let bytes = 0;
      for (let run = 0; run < ctx.runs; run++) {
        const dir = path.join(root, `backup-${run}`);
        let major = 0;
        backupSeconds.push(
          await seconds(async () => {
            const manifest = await takeBackup({
              postgresUrl,
              dir,
              walArchive: walArchiveDir(source.dataDir),
            });
            bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
            major = manifest.postgres.major;
          }),
        );
        const rawDir = path.join(root, `raw-${run}`);
        rawSeconds.push(
          await seconds(() =>
            runTool(path.join(pgBinDir(major), 'pg_basebackup'), [
              ...['-d', postgresUrl, '-D', rawDir, '-Fp', '-X', 'stream', '-c', 'fast'],
            ]),
          ),
        );
        await rm(rawDir, { recursive: true, force: true });
        const target: LocalCluster = {
          dataDir: path.join(root, `restored-${run}`),
          port: await freePort(),
        };
        targets.push(target);
        let verified = 0;
        restoreSeconds.push(
          await seconds(async () => {
            const restored = await restoreBackup({
              backupDir: dir,
              dataDir: target.dataDir,
              port: target.port,
              erasureLedger: new InMemoryErasureLedger(),
            });
            verified = restored.integrity.checkedEvents;
          }),
        );
        if (verified !== events)
          throw new Error(`the restore verified ${verified} events, the source holds ${events}`);
        // Not timed. On a loaded machine the shutdown checkpoint of a large cluster can outlast
        // crm-infra's wait; stopping again is harmless (a stopped cluster is "not running").
        await stopCluster(target).catch(() => stopCluster(target));
        await rm(target.dataDir, { recursive: true, force: true });
        await rm(dir, { recursive: true, force: true });
        ctx.log(
          `run ${run + 1}/${ctx.runs}: backup ${backupSeconds.at(-1)!.toFixed(1)} s (raw pg_basebackup ${rawSeconds.at(-1)!.toFixed(1)} s), restore ${restoreSeconds.at(-1)!.toFixed(1)} s, ${(bytes / 1e6).toFixed(0)} MB`,
        );
      }
      const label = `${events.toLocaleString('en-US')} events, ${(bytes / 1e6).toFixed(0)} MB`;
      report.measure('backup', 'ours', `npm run backup: ${label}`, 's', backupSeconds);
      report.measure('backup', 'raw pg_basebackup', `pg_basebackup: ${label}`, 's', rawSeconds);
      report.measure('restore', 'ours', `npm run restore: ${label}`, 's', restoreSeconds);
      report.measure(
        'restore rate',
        'ours',
        'events restored and verified per second',
        'events/s',
        restoreSeconds.map((s) => perSecond(events, s * 1000)),
      );
      report.ratio(
        'backup: ours / raw pg_basebackup (s)',
        'backup',
        'ours',
        'backup',
        'raw pg_basebackup',
      );
      report.note(
        'Backup = pg_basebackup plus a SHA-256 of every file for the manifest; most of a restore is the integrity check (every event hash recomputed) and the checksum pass over the backup.',
      );
    } finally {
      for (const cluster of [...targets, source]) await stopCluster(cluster).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    }
  },
};
