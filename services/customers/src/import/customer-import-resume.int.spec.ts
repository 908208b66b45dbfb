/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   proto-loader clients are untyped at runtime; the assertions check the response shape. */
// A background import survives `kill -9` of the service (docs/adr/0075): the upload is staged in
// PostgreSQL, the run checkpoints its rows, and the restarted service resumes the run so that every
// row takes effect exactly once and the final counts are those of an uninterrupted run, also when
// the kill lands after batches were committed but before the checkpoint covering them was saved.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  Role,
  SERVICE_AUDIENCES,
  SERVICE_TOKEN_METADATA_KEY,
  ServiceTokenSigner,
  generateServiceTokenKeys,
  parseServiceTokenPrivateKey,
} from '@crm/access-policy';
import { createThrowawayPostgresDatabase, eventually, type ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import { CUSTOMERS_PROTO_LOADER_OPTIONS, CUSTOMERS_PROTO_PATH } from '../customers.app';
import { ctx, freePort, MASTER_KEY } from '../../test/customers-test-service';

const ROWS = Number(process.env['CRM_IMPORT_RESUME_ROWS'] ?? 3_000);
const KILL_AFTER_ROWS = Math.floor(ROWS / 4);
const TENANT = 'tenant-resume';
const KEYS = generateServiceTokenKeys();
const SIGNER = new ServiceTokenSigner(parseServiceTokenPrivateKey(KEYS.privateKey));

/** A fresh service call token of an admin of TENANT (tokens live 60 s; the test runs longer). */
async function asAdmin(): Promise<grpc.Metadata> {
  const token = await SIGNER.sign(
    {
      tenantId: TENANT,
      actor: { kind: 'user', userId: 'admin-1' },
      roles: [Role.ADMIN],
      teamId: null,
      teamMemberIds: [],
    },
    SERVICE_AUDIENCES.customers,
  );
  const metadata = new grpc.Metadata();
  metadata.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${token}`);
  return metadata;
}
const REPO = resolve(__dirname, '../../../..');

jest.setTimeout(10 * 60_000);

let database: ThrowawayDatabase;
let ledger: ThrowawayDatabase;
let service: ChildProcess | undefined;
let client: any;

/** The real service binary (main.ts) in its own process, so the test can kill -9 it. */
async function startService(): Promise<void> {
  const port = await freePort();
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  service = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'services/customers/src/main.ts'],
    {
      cwd: REPO,
      env: {
        ...env,
        SWC_NODE_PROJECT: 'tsconfig.json',
        CRM_POSTGRES_URL: database.url,
        CRM_MASTER_KEY: MASTER_KEY,
        CRM_ERASURE_LEDGER_URL: ledger.url,
        CRM_SERVICE_TOKEN_PUBLIC_KEY: KEYS.publicKey,
        CRM_CUSTOMERS_GRPC_PORT: String(port),
        CRM_CUSTOMERS_HEALTH_PORT: '0',
        CRM_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  client?.close();
  const pkg = grpc.loadPackageDefinition(
    protoLoader.loadSync(CUSTOMERS_PROTO_PATH, CUSTOMERS_PROTO_LOADER_OPTIONS),
  ) as any;
  client = new pkg.crm.customers.v1.CustomersService(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  await new Promise<void>((ok, fail) =>
    client.waitForReady(Date.now() + 60_000, (e: Error | undefined) => (e ? fail(e) : ok())),
  );
}

async function status(): Promise<any> {
  const metadata = await asAdmin();
  return new Promise((ok, fail) =>
    client.GetImportStatus(
      { ctx: ctx(), importId: 'resume-1' },
      metadata,
      (e: Error | null, r: any) => (e ? fail(e) : ok(r)),
    ),
  );
}

function row(i: number): string {
  const email = i % 500 === 499 ? `broken-${i}` : `resume${i}@example.com`;
  return `Person${i},Family${i},${email},ext-${i}\n`;
}

async function upload(): Promise<any> {
  const metadata = await asAdmin();
  return new Promise((ok, fail) => {
    const call = client.StreamImport(metadata, (e: Error | null, r: any) => (e ? fail(e) : ok(r)));
    call.write({
      start: {
        ctx: ctx(),
        importId: 'resume-1',
        fileName: 'resume.csv',
        csv: Buffer.from('First,Last,Mail,Ext\n'),
        mapping: [
          { column: 'First', target: 'firstName' },
          { column: 'Last', target: 'lastName' },
          { column: 'Mail', target: 'email' },
          { column: 'Ext', target: 'externalId' },
        ],
      },
    });
    for (let from = 0; from < ROWS; from += 500) {
      let chunk = '';
      for (let i = from; i < Math.min(from + 500, ROWS); i++) chunk += row(i);
      call.write({ csvChunk: Buffer.from(chunk) });
    }
    call.end();
  });
}

beforeAll(async () => {
  database = await createThrowawayPostgresDatabase({ prefix: 'customers-import-resume' });
  ledger = await createThrowawayPostgresDatabase({ prefix: 'customers-import-resume-ledger' });
});

afterAll(async () => {
  client?.close();
  service?.kill('SIGKILL');
  await database?.drop();
  await ledger?.drop();
});

it(`resumes a ${ROWS}-row import after kill -9 and applies every row exactly once`, async () => {
  await startService();
  const accepted = await upload();
  // Answered once staged, before the rows are applied.
  expect(accepted.state).toBe('IMPORT_STATE_RUNNING');

  const atKill = await eventually(
    async () => {
      const s = await status();
      return s.rowsRead >= KILL_AFTER_ROWS && s;
    },
    { timeoutMs: 5 * 60_000, intervalMs: 50 },
  );
  // Crash with rows written but not yet checkpointed (batches committed since the last saved
  // checkpoint): the progress row is held, so the run keeps writing while its checkpoint cannot
  // move, and the kill lands after more than a batch past it.
  const holder = new Pool({ connectionString: database.url, max: 2 });
  const blocker = await holder.connect();
  try {
    await blocker.query('BEGIN');
    const { rows } = await blocker.query<{ checkpoint_row: number }>(
      `SELECT checkpoint_row FROM customers.imports WHERE import_id = 'resume-1' FOR UPDATE`,
    );
    const checkpoint = rows[0]!.checkpoint_row;
    await eventually(
      async () => {
        const written = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM event_store.events WHERE type = 'customers.CustomerRegistered'`,
        );
        return Number(written.rows[0]!.n) > checkpoint + 250;
      },
      { timeoutMs: 5 * 60_000, intervalMs: 50 },
    );
    service!.kill('SIGKILL');
  } finally {
    await blocker.query('ROLLBACK').catch(() => undefined);
    blocker.release();
    await holder.end();
  }
  expect(atKill.state).toBe('IMPORT_STATE_RUNNING');
  expect(atKill.rowsRead).toBeLessThan(ROWS);

  await startService();
  const final = await eventually(
    async () => {
      const s = await status();
      return s.state === 'IMPORT_STATE_COMPLETED' && s;
    },
    { timeoutMs: 8 * 60_000, intervalMs: 200 },
  );
  const invalid = Math.floor(ROWS / 500);
  expect(final).toMatchObject({
    rowsRead: ROWS,
    rowsCreated: ROWS - invalid,
    rowsRejected: invalid,
    rowsSkipped: 0,
    rowsLinked: 0,
  });

  // Exactly once, checked in the event store itself: one registration per valid row, no duplicates.
  const pool = new Pool({ connectionString: database.url, max: 1 });
  try {
    const counts = await pool.query<{ registered: string; streams: string }>(
      `SELECT count(*) AS registered, count(DISTINCT stream_id) AS streams FROM event_store.events
        WHERE tenant_id = $1 AND type = 'customers.CustomerRegistered'`,
      [TENANT],
    );
    expect(Number(counts.rows[0]?.registered)).toBe(ROWS - invalid);
    expect(Number(counts.rows[0]?.streams)).toBe(ROWS - invalid);
    const staged = await pool.query(`SELECT 1 FROM customers.import_staging LIMIT 1`);
    expect(staged.rowCount).toBe(0);
  } finally {
    await pool.end();
  }
});
