// The audit CLI against real PostgreSQL, driven in-process through runAuditCli with its own
// environment: each command's output, exit code and refusal of bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createThrowawayKafkaTopic,
  createThrowawayPostgresDatabase,
  testInfrastructure,
  throwawayKafkaTopicName,
} from '@crm/testing';
import type { ThrowawayDatabase, ThrowawayKafkaTopic } from '@crm/testing';
import { readTopics } from '@crm/messaging/testing';
import { Kafka, logLevel } from 'kafkajs';
import {
  DataKeyStore,
  ERASED_MARKER,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  type EventEnvelope,
  type NewEvent,
} from '@crm/event-sourcing';
import { CUSTOMERS_EVENT_CONTRACTS } from '@crm/contracts/customers';
import { customersDecryptingStore } from '@crm/customers-read-models';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { runAuditCli } from './audit-cli';

const TENANT = 'tenant-audit';
const T1 = '2026-01-10T10:00:00.000Z';
const T2 = '2026-02-10T10:00:00.000Z';
const AUDITOR_ACTOR = { kind: 'user', userId: 'u-clerk', roles: ['SALES_REP'] } as const;

function customerEvent(type: string, occurredAt: string, data: Record<string, unknown>): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    tenantId: TENANT,
    occurredAt,
    actor: AUDITOR_ACTOR,
    correlationId: `corr-${type}`,
    causationId: `cause-${type}`,
    data,
  };
}

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('audit CLI (PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let ledgerDatabase: ThrowawayDatabase;
  let ledgerPool: Pool;
  let raw: PostgresEventStore;
  let env: Record<string, string>;
  let dir: string;
  const ada = uuidv7();
  const grace = uuidv7();
  const adaStream = `customers.Customer-${ada}`;
  const graceStream = `customers.Customer-${grace}`;

  async function cli(...argv: string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runAuditCli(argv, env, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  }
  const json = async <T>(...argv: string[]): Promise<T> => {
    const run = await cli(...argv, '--json');
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as T;
  };

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'audit_cli' });
    raw = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: CUSTOMERS_EVENT_CONTRACTS.map(({ type, schemaVersion }) => ({
        type,
        schemaVersion,
      })),
    });
    await migratePersonalDataSchema(raw.pool);
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    const masterKey = randomBytes(32).toString('base64');
    const masterKeys = loadMasterKeyRing({ CRM_MASTER_KEY: masterKey });
    env = { CRM_AUDIT_POSTGRES_URL: database.url, CRM_MASTER_KEY: masterKey };
    expect((await cli('keygen', '--out', dir)).code).toBe(0);
    env['CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS'] = join(dir, 'checkpoint-public.pem');
    env['CRM_AUDIT_CHECKPOINT_SIGNING_KEY_FILE'] = join(dir, 'checkpoint-signing.pem');

    // Written the way the customers service writes: personal fields encrypted per customer.
    const store = customersDecryptingStore(raw, raw.pool, masterKeys);
    for (const [id, stream, firstName] of [
      [ada, adaStream, 'Ada'],
      [grace, graceStream, 'Grace'],
    ] as const) {
      await store.append(stream, [
        customerEvent('customers.CustomerRegistered', T1, {
          customerId: id,
          kind: 'person',
          person: { firstName, lastName: 'Tester' },
          status: 'prospect',
        }),
      ]);
    }
    await store.append(adaStream, [
      customerEvent('customers.ContactAdded', T2, {
        customerId: ada,
        contactId: 'c-1',
        contactKind: 'email',
        value: 'ada@example.org',
        primary: true,
      }),
    ]);
    // Grace exercises her right to erasure: her key is shredded.
    // Erasure is recorded in its own ledger database first (so a restore re-applies it).
    ledgerDatabase = await createThrowawayPostgresDatabase({ prefix: 'audit_cli_ledger' });
    ledgerPool = new Pool({ connectionString: ledgerDatabase.url, max: 1 });
    await new DataKeyStore({
      repository: new PostgresDataKeyRepository(raw.pool),
      masterKeys,
      erasureLedger: new PostgresErasureLedger(ledgerDatabase.url, ledgerPool),
    }).erase({ tenantId: TENANT, subjectId: grace });
  });
  afterAll(async () => {
    await raw?.close();
    await ledgerPool?.end();
    await database?.drop();
    await ledgerDatabase?.drop();
  });

  it('seals the log and verifies it, keeping an anchor', async () => {
    const sealed = await eventuallySealed();
    expect(sealed).toBeGreaterThanOrEqual(1);
    const anchorFile = join(dir, 'anchor.json');
    const run = await cli('verify', '--save-anchor', anchorFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: 3 events checked, 3 sealed/);
    expect(JSON.parse(readFileSync(anchorFile, 'utf8'))).toMatchObject({
      sequence: 1,
      toPosition: 3,
    });
    await expect(json('verify', '--anchor', anchorFile)).resolves.toMatchObject({
      ok: true,
      findings: [],
    });
    await expect(json('verify', '--stream', adaStream)).resolves.toMatchObject({
      ok: true,
      checkedEvents: 2,
    });
  });

  async function eventuallySealed(): Promise<number> {
    // The checkpointer only seals below the oldest transaction in flight in the shared cluster.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const run = await cli('checkpoint', '--json');
      expect(run.code).toBe(0);
      const verify = await json<{ unsealedEvents: number; checkpoints: number }>('verify');
      if (verify.unsealedEvents === 0) return verify.checkpoints;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the log was never sealed');
  }

  it('shows the state as of an instant, folded by the customers decider, with the events that led there', async () => {
    const before = await json<{
      version: number;
      state: { status: string };
      events: EventEnvelope[];
    }>('state', adaStream, '--as-of', '2026-01-31T00:00:00Z', '--decrypt');
    expect(before.version).toBe(1);
    expect(JSON.stringify(before.state)).toContain('Ada');
    expect(JSON.stringify(before.state)).not.toContain('ada@example.org');
    expect(before.events.map((e) => e.type)).toEqual(['customers.CustomerRegistered']);

    const after = await json<{ version: number; state: unknown; events: EventEnvelope[] }>(
      'state',
      adaStream,
      '--as-of',
      T2,
      '--decrypt',
    );
    expect(after.version).toBe(2);
    expect(JSON.stringify(after.state)).toContain('ada@example.org');

    // Without the master key the auditor sees what is stored: ciphertext.
    const sealedView = await json<{ state: unknown }>('state', adaStream, '--as-of', T2);
    expect(JSON.stringify(sealedView.state)).not.toContain('ada@example.org');
  });

  it('tells who changed a field, when, and under which correlation', async () => {
    const changes = await json<Record<string, unknown>[]>(
      'who',
      adaStream,
      '--field',
      'value',
      '--decrypt',
    );
    expect(changes).toEqual([
      expect.objectContaining({
        streamVersion: 2,
        occurredAt: T2,
        type: 'customers.ContactAdded',
        actor: AUDITOR_ACTOR,
        correlationId: 'corr-customers.ContactAdded',
        causationId: 'cause-customers.ContactAdded',
        value: 'ada@example.org',
      }),
    ]);
    const table = await cli('who', adaStream);
    expect(table.stdout).toContain('user u-clerk');
  });

  it('replays a filtered slice as JSON Lines; an erased person stays unreadable even with --decrypt', async () => {
    const out = join(dir, 'replay.jsonl');
    const run = await cli('replay', '--from', '1', '--to', '3', '--out', out, '--decrypt');
    expect(run.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as EventEnvelope);
    expect(lines.map((e) => e.globalPosition)).toEqual([1, 2, 3]);
    const graceRegistered = lines.find((e) => e.streamId === graceStream)!;
    expect(graceRegistered.data).toMatchObject({
      person: { firstName: ERASED_MARKER, lastName: ERASED_MARKER },
    });
    expect(lines.find((e) => e.streamId === adaStream)!.data).toMatchObject({
      person: { firstName: 'Ada' },
    });

    const onlyContacts = await cli(
      'replay',
      '--type',
      'customers.ContactAdded',
      '--stream',
      adaStream,
    );
    expect(
      onlyContacts.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as EventEnvelope).type),
    ).toEqual(['customers.ContactAdded']);
    const byTime = await cli('replay', '--from', '2026-02-01T00:00:00Z');
    expect(byTime.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('replays as stored: each line is the stored envelope, as the event store reads it', async () => {
    const run = await cli('replay');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    const stored: unknown[] = [];
    for await (const event of raw.readAll()) stored.push(event);
    expect(lines).toEqual(stored);
  });

  describe('replay --to-topic', () => {
    let kafka: Kafka;
    const topics: ThrowawayKafkaTopic[] = [];
    const topic = async (name?: string): Promise<string> => {
      const created = await createThrowawayKafkaTopic({
        prefix: 'replay',
        partitions: 3,
        ...(name ? { name } : {}),
      });
      topics.push(created);
      return created.name;
    };
    const jsonLines = (file: string): unknown[] =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);

    beforeAll(async () => {
      const infra = await testInfrastructure({ require: ['kafka'] });
      env['CRM_AUDIT_KAFKA_BROKERS'] = infra.kafkaBrokers.join(',');
      kafka = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
    });
    afterAll(async () => {
      await Promise.all(topics.map((t) => t.delete().catch(() => undefined)));
    });

    it.each([
      ['as stored', []],
      ['decrypted, the erased person marked erased', ['--decrypt']],
    ])(
      '%s: the consumed records are the JSONL output, keyed by stream id',
      async (_, extra: string[]) => {
        const target = await topic();
        const file = join(dir, `replay-${target}.jsonl`);
        expect((await cli('replay', '--out', file, ...extra)).code).toBe(0);
        const run = await cli('replay', '--to-topic', target, '--json', ...extra);
        expect([run.code, run.stderr]).toEqual([0, '']);
        expect(JSON.parse(run.stdout)).toEqual({
          events: 3,
          lastPosition: 3,
          out: `kafka:${target}`,
        });
        const consumed = await readTopics(kafka, [target], { until: (m) => m.length >= 3 });
        const byPosition = [...consumed].sort(
          (a, b) => a.envelope.globalPosition - b.envelope.globalPosition,
        );
        expect(byPosition.map((m) => m.envelope)).toEqual(jsonLines(file));
        for (const m of consumed) {
          expect(m.key).toBe(m.envelope.streamId);
          expect(m.headers).toMatchObject({
            type: m.envelope.type,
            eventId: m.envelope.eventId,
            tenantId: TENANT,
          });
        }
        // Order per stream: Ada's two events sit in one partition, in version order.
        const ada = consumed.filter((m) => m.key === adaStream);
        expect(new Set(ada.map((m) => m.partition)).size).toBe(1);
        expect(ada.map((m) => m.envelope.streamVersion)).toEqual([1, 2]);
        const grace = byPosition.find((m) => m.key === graceStream)!.envelope;
        if (extra.includes('--decrypt'))
          expect(grace.data).toMatchObject({
            person: { firstName: ERASED_MARKER, lastName: ERASED_MARKER },
          });
        else expect(JSON.stringify(grace.data)).not.toContain('Grace');
      },
    );

    it("refuses the platform's own topics and writes nothing to them", async () => {
      // A namespaced platform topic (CRM_TOPIC_NAMESPACE), created so its offsets can be read.
      const platform = await topic(`${throwawayKafkaTopicName('ns')}.crm.customers.events`);
      for (const name of [platform, 'crm.customers.events', 'CRM.sales.events']) {
        const run = await cli('replay', '--to-topic', name, '--decrypt');
        expect([run.code, run.stderr]).toEqual([
          2,
          expect.stringMatching(/one of the platform's own event topics/),
        ]);
      }
      const admin = kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(platform);
        expect(offsets.map((o) => o.high)).toEqual(['0', '0', '0']);
      } finally {
        await admin.disconnect();
      }
      const badName = await cli('replay', '--to-topic', 'not a topic!');
      expect([badName.code, badName.stderr]).toEqual([
        2,
        expect.stringMatching(/is not a Kafka topic name/),
      ]);
      const missing = await cli('replay', '--to-topic', throwawayKafkaTopicName('missing'));
      expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/does not exist/)]);
      const both = await cli('replay', '--to-topic', 'x', '--out', join(dir, 'x.jsonl'));
      expect(both.code).toBe(2);
    });
  });

  it('exports a package that verifies offline, and flags a package edited after export', async () => {
    const pkg = join(dir, 'package');
    expect((await cli('export', '--from', '1', '--to', '2', '--out', pkg)).code).toBe(0);
    // Offline: no database in the environment at all.
    const offline = { CRM_AUDIT_POSTGRES_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const saved = env;
    env = offline;
    try {
      const ok = await cli(
        'verify-package',
        pkg,
        '--public-key',
        join(dir, 'checkpoint-public.pem'),
      );
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^OK: package positions 1–3, 3 events checked, 3 sealed/);
      const events = join(pkg, 'events.jsonl');
      writeFileSync(
        events,
        readFileSync(events, 'utf8').replace(
          '"type":"customers.ContactAdded"',
          '"type":"customers.ContactRemoved"',
        ),
      );
      const edited = await cli(
        'verify-package',
        pkg,
        '--public-key',
        join(dir, 'checkpoint-public.pem'),
        '--json',
      );
      expect(edited.code).toBe(1);
      expect(JSON.parse(edited.stdout)).toMatchObject({
        ok: false,
        findings: [expect.objectContaining({ kind: 'hash_mismatch', globalPosition: 3 })],
      });
      const untrusted = await cli('verify-package', pkg);
      expect(untrusted.code).toBe(2);
      expect(untrusted.stderr).toMatch(/no trusted checkpoint public key/);
    } finally {
      env = saved;
    }
  });

  it('refuses bad input with a clear message and exit code 2', async () => {
    const notStream = await cli('state', 'not-a-stream', '--as-of', T1);
    expect([notStream.code, notStream.stderr]).toEqual([
      2,
      expect.stringMatching(/is not a stream id/),
    ]);
    const badTime = await cli('state', adaStream, '--as-of', 'yesterday');
    expect([badTime.code, badTime.stderr]).toEqual([
      2,
      expect.stringMatching(/--as-of must be a global position/),
    ]);
    const unwritable = await cli('replay', '--out', join(dir, 'no-such-dir', 'x.jsonl'));
    expect([unwritable.code, unwritable.stderr]).toEqual([
      2,
      expect.stringMatching(/^audit: --out .*no-such-dir.*ENOENT/),
    ]);
    const workers = await cli('verify', '--hash-workers', 'many');
    expect([workers.code, workers.stderr]).toEqual([
      2,
      expect.stringMatching(/--hash-workers must be a whole number from 0 to 32, got "many"/),
    ]);
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
  });

  it('reports a tampered event with its position and exits 1', async () => {
    const client = await raw.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE event_store.events DISABLE TRIGGER USER');
      await client.query(
        `UPDATE event_store.events SET occurred_at = occurred_at + interval '1 second' WHERE global_position = 2`,
      );
      await client.query('ALTER TABLE event_store.events ENABLE TRIGGER USER');
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const run = await cli('verify');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAILED/);
    expect(run.stdout).toMatch(/hash_mismatch\s*│\s*2\s*│/);
    // The same finding when worker threads hash the events.
    const inWorkers = await cli('verify', '--hash-workers', '2', '--json');
    expect(inWorkers.code).toBe(1);
    expect(JSON.parse(inWorkers.stdout)).toMatchObject({
      ok: false,
      findings: [{ kind: 'hash_mismatch', globalPosition: 2 }],
    });
  });
});
