// Backup and restore against real PostgreSQL clusters: a source cluster with WAL archiving and
// the restored clusters are private clusters under tmp/ (crm-infra with their own data folder and
// port); the erasure ledger lives on the shared test server, i.e. outside the backed-up cluster.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DataKeyStore,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  definePersonalDataPolicy,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  subjectIdFromData,
  type MasterKeyRing,
} from '@crm/event-sourcing';
import {
  createThrowawayPostgresDatabase,
  eventually,
  freePort,
  type ThrowawayDatabase,
} from '@crm/testing';
import { Client, Pool } from 'pg';
import { takeBackup } from './backup';
import { BackupError } from './backup.errors';
import {
  clusterUrl,
  startCluster,
  stopCluster,
  walArchiveDir,
  type LocalCluster,
} from './local-cluster';
import type { BackupManifest } from './manifest';
import { restoreBackup, type RestoreReport } from './restore';

jest.setTimeout(300_000);

const REGISTERED = 'customers.CustomerRegistered';
const policy = definePersonalDataPolicy({
  [REGISTERED]: { subjectId: subjectIdFromData('customerId'), fields: ['nationalId'] },
});
const TENANT = 'tenant-backup';
const ROOT = path.resolve(
  __dirname,
  '../../../tmp',
  `backup-int-${randomBytes(4).toString('hex')}`,
);

interface Command {
  readonly customerId: string;
  readonly startedAt: number;
  ackedAt?: number;
}

const streamOf = (customerId: string) => `customers.Customer-${customerId}`;

/** A platform-like writer: encrypted registrations through the personal-data store. */
function writer(
  pool: Pool,
  store: PostgresEventStore,
  masterKeys: MasterKeyRing,
  ledger: PostgresErasureLedger,
) {
  const keys = new DataKeyStore({
    repository: new PostgresDataKeyRepository(pool),
    masterKeys,
    erasureLedger: ledger,
  });
  const events = new PersonalDataEventStore(store, new PersonalDataCipher(keys), policy);
  return {
    keys,
    async register(): Promise<Command> {
      const command: Command = { customerId: randomUUID(), startedAt: Date.now() };
      await events.append(
        streamOf(command.customerId),
        [
          {
            eventId: randomUUID(),
            type: REGISTERED,
            tenantId: TENANT,
            occurredAt: new Date().toISOString(),
            actor: { kind: 'system', name: 'backup-test' },
            correlationId: 'c',
            causationId: 'c',
            data: { customerId: command.customerId, nationalId: `NI-${command.customerId}` },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
      command.ackedAt = Date.now();
      return command;
    },
  };
}

/** Decrypted nationalId of a customer in a restored cluster (a reader: no ledger needed). */
async function nationalIdIn(url: string, masterKeys: MasterKeyRing, customerId: string) {
  const pool = new Pool({ connectionString: url, max: 2 });
  const store = await PostgresEventStore.create({
    pool,
    eventTypes: [{ type: REGISTERED, schemaVersion: 1 }],
    migrate: false,
  });
  try {
    const keys = new DataKeyStore({ repository: new PostgresDataKeyRepository(pool), masterKeys });
    const events = new PersonalDataEventStore(store, new PersonalDataCipher(keys), policy);
    const read = await events.readStream(streamOf(customerId));
    return (read.events[0]?.data as { nationalId?: unknown } | undefined)?.nationalId;
  } finally {
    await store.close();
    await pool.end();
  }
}

async function streamsIn(url: string): Promise<Set<string>> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ stream_id: string }>(
      'SELECT stream_id FROM event_store.events',
    );
    return new Set(rows.map((r) => r.stream_id));
  } finally {
    await db.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let source: LocalCluster;
let sourceUrl: string;
let ledgerDb: ThrowawayDatabase;
let ledger: PostgresErasureLedger;
let pool: Pool;
let store: PostgresEventStore;
const masterKeys = loadMasterKeyRing({ CRM_MASTER_KEY: randomBytes(32).toString('base64') });
const restored: LocalCluster[] = [];

beforeAll(async () => {
  await mkdir(ROOT, { recursive: true });
  source = { dataDir: path.join(ROOT, 'source'), port: await freePort() };
  await startCluster(source);
  sourceUrl = clusterUrl(source, 'crm');
  ledgerDb = await createThrowawayPostgresDatabase({ prefix: 'ledger' });
  ledger = new PostgresErasureLedger(ledgerDb.url);
  pool = new Pool({ connectionString: sourceUrl, max: 8 });
  await migratePersonalDataSchema(pool);
  store = await PostgresEventStore.create({
    pool,
    eventTypes: [{ type: REGISTERED, schemaVersion: 1 }],
  });
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await ledger?.close();
  for (const cluster of [...restored, source])
    if (cluster) await stopCluster(cluster).catch(() => undefined);
  await ledgerDb?.drop();
  await rm(ROOT, { recursive: true, force: true });
});

async function restoreInto(name: string, backupDir: string, to?: Date): Promise<RestoreReport> {
  const cluster = { dataDir: path.join(ROOT, name), port: await freePort() };
  restored.push(cluster);
  return restoreBackup({
    backupDir,
    dataDir: cluster.dataDir,
    port: cluster.port,
    to,
    erasureLedger: ledger,
  });
}

describe('backup and restore', () => {
  const backupDir = () => path.join(ROOT, 'backup');
  const commands: Command[] = [];
  let manifest: BackupManifest;
  let backupStartedAt: number;
  let backupFinishedAt: number;
  let erasedAfterBackup: Command;
  let keptPerson: Command;
  let first: Command;
  let second: Command;
  let between: Date;

  it('takes a backup while commands keep being written', async () => {
    const w = writer(pool, store, masterKeys, ledger);
    erasedAfterBackup = await w.register();
    keptPerson = await w.register();
    let stop = false;
    const load = Promise.all(
      [1, 2, 3].map(async () => {
        while (!stop) commands.push(await w.register());
      }),
    );
    await eventually(() => commands.length >= 60, { timeoutMs: 60_000 });
    backupStartedAt = Date.now();
    manifest = await takeBackup({
      postgresUrl: sourceUrl,
      dir: backupDir(),
      walArchive: walArchiveDir(source.dataDir),
    });
    backupFinishedAt = Date.now();
    const during = commands.filter(
      (c) => c.startedAt > backupStartedAt && (c.ackedAt ?? 0) < backupFinishedAt,
    );
    await sleep(500);
    stop = true;
    await load;

    expect(during.length).toBeGreaterThan(0); // the platform really was writing during the copy
    expect(manifest.positions.atEnd).toBeGreaterThanOrEqual(manifest.positions.atStart);
    expect(manifest.walArchive).toBe(walArchiveDir(source.dataDir));
    expect(manifest.files.length).toBeGreaterThan(100);

    // After the backup: an erasure, then two known commands around a known instant.
    await w.keys.erase({ tenantId: TENANT, subjectId: erasedAfterBackup.customerId });
    first = await w.register();
    await sleep(1_100);
    between = new Date();
    await sleep(1_100);
    second = await w.register();
    // Close the WAL segment holding `second` and wait until it is archived.
    const { rows } = await pool.query<{ wal: string }>(
      'SELECT pg_walfile_name(pg_switch_wal()) AS wal',
    );
    const wal = rows[0]?.wal ?? '';
    await eventually(
      async () => {
        const r = await pool.query<{ last: string | null }>(
          'SELECT last_archived_wal AS last FROM pg_stat_archiver',
        );
        return (r.rows[0]?.last ?? '') >= wal;
      },
      { timeoutMs: 60_000, description: `WAL ${wal} archived` },
    );
  });

  it('restores every command acknowledged before the backup and none started after it, verified and with erasures re-applied', async () => {
    const report = await restoreInto('restored', backupDir());
    const streams = await streamsIn(report.postgresUrl);

    const before = commands.filter((c) => (c.ackedAt ?? Infinity) < backupStartedAt);
    const after = commands.filter((c) => c.startedAt > backupFinishedAt);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.filter((c) => !streams.has(streamOf(c.customerId)))).toEqual([]);
    expect(after.filter((c) => streams.has(streamOf(c.customerId)))).toEqual([]);
    expect(streams.has(streamOf(first.customerId))).toBe(false);

    expect(report.position).toBeGreaterThanOrEqual(manifest.positions.atStart);
    expect(report.position).toBeLessThanOrEqual(manifest.positions.atEnd);
    expect(report.integrity).toMatchObject({ ok: true, checkedEvents: streams.size });

    // The person erased after the backup is erased in the restored cluster too.
    expect(report.erasures.reshredded).toBe(1);
    expect(await nationalIdIn(report.postgresUrl, masterKeys, erasedAfterBackup.customerId)).toBe(
      '[erased]',
    );
    expect(await nationalIdIn(report.postgresUrl, masterKeys, keptPerson.customerId)).toBe(
      `NI-${keptPerson.customerId}`,
    );
  });

  it('restores to a point in time: the command before the instant is there, the one after is not', async () => {
    const report = await restoreInto('pitr', backupDir(), between);
    const streams = await streamsIn(report.postgresUrl);
    expect(streams.has(streamOf(first.customerId))).toBe(true);
    expect(streams.has(streamOf(second.customerId))).toBe(false);
    expect(report.integrity.ok).toBe(true);
    expect(await nationalIdIn(report.postgresUrl, masterKeys, erasedAfterBackup.customerId)).toBe(
      '[erased]',
    );
  });

  it('refuses a target folder that is not empty', async () => {
    const target = path.join(ROOT, 'restored');
    await expect(
      restoreBackup({
        backupDir: backupDir(),
        dataDir: target,
        port: await freePort(),
        erasureLedger: ledger,
      }),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_EMPTY' });
  });

  it('refuses a corrupted backup file with a clear error and writes nothing', async () => {
    const victim = manifest.files.find((f) => f.path === 'base/PG_VERSION');
    await writeFile(path.join(backupDir(), 'base/PG_VERSION'), '99\n');
    const target = path.join(ROOT, 'corrupted');
    const attempt = restoreBackup({
      backupDir: backupDir(),
      dataDir: target,
      port: await freePort(),
      erasureLedger: ledger,
    });
    await expect(attempt).rejects.toBeInstanceOf(BackupError);
    await expect(attempt).rejects.toMatchObject({
      code: 'CHECKSUM_MISMATCH',
      message: expect.stringContaining(`base/PG_VERSION is corrupted`),
    });
    expect(victim).toBeDefined();
    expect(await readdir(target).catch(() => [])).toEqual([]);
  });
});
