// End to end, against the running platform (scripts/platform.sh up, .data/secrets.env sourced): an
// admin registers a customer through GraphQL; the audit CLI (a real child process, as an operator
// runs it) seals and verifies the log and shows the customer as of now and who changed it; an
// auditor signed in through the gateway reads the same history, state and integrity in GraphQL,
// and finds their own queries on record. An exported audit package verifies with no database.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@crm/testing';
import { GatewayGraphQLClient } from './support/graphql-client';

const run = promisify(execFile);
const repoRoot = resolve(__dirname, '../..');
const gatewayUrl =
  process.env['CRM_GATEWAY_URL'] ?? `http://127.0.0.1:${process.env['CRM_GATEWAY_PORT'] ?? '4000'}`;
const admin = {
  tenant: process.env['CRM_ADMIN_TENANT'] ?? 'demo',
  email: process.env['CRM_ADMIN_EMAIL'] ?? 'admin@demo.example',
  password: process.env['CRM_ADMIN_PASSWORD'] ?? '',
};
const runId = randomUUID().slice(0, 8);
jest.setTimeout(180_000);

type CliRun = { code: number; stdout: string; stderr: string };

/** Runs `npm run audit -- …` the way an operator does (same entry point), returning its outcome. */
async function runAuditCli(env: NodeJS.ProcessEnv, args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/audit/src/main.ts', ...args],
      { cwd: repoRoot, env: { ...env, SWC_NODE_PROJECT: 'tsconfig.json' }, maxBuffer: 64 << 20 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const auditCli = Object.assign((...args: string[]) => runAuditCli(process.env, args), {
  /** With no reachable database and no trusted keys from the environment: a third party's machine. */
  offline: (...args: string[]) =>
    runAuditCli(
      {
        PATH: process.env['PATH'],
        CRM_AUDIT_POSTGRES_URL: 'postgres://nobody@127.0.0.1:9/none',
      },
      args,
    ),
});

let adminClient: GatewayGraphQLClient;
let auditor: GatewayGraphQLClient;
let customerId: string;
let streamId: string;

beforeAll(async () => {
  if (!admin.password || !process.env['CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS'])
    throw new Error('Source .data/secrets.env (written by scripts/platform.sh) before this test.');
  adminClient = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    admin.email,
    admin.password,
  );
  const registered = await adminClient.data<{ registerCustomer: { customerId: string } }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
    {
      input: {
        person: { firstName: 'Audrey', lastName: `Audit${runId}` },
        contacts: [{ email: `audrey.${runId}@example.com` }],
      },
    },
  );
  customerId = registered.registerCustomer.customerId;
  streamId = `customers.Customer-${customerId}`;
  const password = `auditor-pass-${runId}`;
  await adminClient.data(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    {
      input: {
        email: `auditor.${runId}@demo.example`,
        displayName: 'Auditor',
        password,
        roles: ['AUDITOR'],
      },
    },
  );
  auditor = await new GatewayGraphQLClient({ baseUrl: gatewayUrl }).login(
    admin.tenant,
    `auditor.${runId}@demo.example`,
    password,
  );
}, 120_000);

describe('the auditor’s tools on the running platform', () => {
  let sealedUpTo: number;

  it('CLI: seals the log in signed checkpoints and verifies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'));
    // Checkpoints only seal below the oldest open transaction of the cluster: retry until our
    // customer's events are sealed.
    const report = await eventually(
      async () => {
        const sealed = await auditCli('checkpoint');
        expect(sealed.stderr).not.toMatch(/audit:/);
        const verify = await auditCli(
          'verify',
          '--json',
          '--save-anchor',
          join(dir, 'anchor.json'),
        );
        expect(verify.code).toBe(0);
        const parsed = JSON.parse(verify.stdout) as {
          ok: boolean;
          unsealedEvents: number;
          lastCheckpoint: { toPosition: number };
        };
        expect(parsed.unsealedEvents).toBe(0);
        return parsed;
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'the whole log sealed and intact' },
    );
    expect(report.ok).toBe(true);
    sealedUpTo = report.lastCheckpoint.toPosition;
    const anchored = await auditCli('verify', '--anchor', join(dir, 'anchor.json'));
    expect([anchored.code, anchored.stdout]).toEqual([0, expect.stringMatching(/^OK: /)]);

    // An audit package of the newest checkpoint, verified by a third party with no database: the
    // CLI is pointed at a port nothing listens on, and the public key is given on the command line.
    const pkg = join(dir, 'package');
    const exported = await auditCli(
      'export',
      '--from',
      String(sealedUpTo),
      '--to',
      String(sealedUpTo),
      '--out',
      pkg,
      '--json',
    );
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ checkpointCount: 1 });
    const publicKey = process.env['CRM_AUDIT_CHECKPOINT_PUBLIC_KEYS']!.split(',')[0]!;
    const offline = await auditCli.offline('verify-package', pkg, '--public-key', publicKey);
    expect([offline.code, offline.stdout]).toEqual([0, expect.stringMatching(/^OK: package /)]);
  });

  it('CLI: shows the customer as of now, and who changed it', async () => {
    const state = await auditCli('state', streamId, '--as-of', new Date().toISOString(), '--json');
    expect(state.code).toBe(0);
    const parsed = JSON.parse(state.stdout) as { version: number; events: { type: string }[] };
    expect(parsed.version).toBeGreaterThanOrEqual(1);
    expect(parsed.events[0]?.type).toBe('customers.CustomerRegistered');

    const who = await auditCli('who', streamId, '--json');
    const changes = JSON.parse(who.stdout) as { actor: { kind: string; userId?: string } }[];
    expect(changes[0]?.actor).toMatchObject({ kind: 'user' });

    const replay = await auditCli('replay', '--stream', streamId);
    const lines = replay.stdout.trim().split('\n');
    expect(lines.length).toBe(parsed.version);
    // Personal data leaves the store encrypted unless the auditor may decrypt.
    expect(replay.stdout).not.toContain(`audrey.${runId}@example.com`);
  });

  it('GraphQL: the auditor reads the same history, state and integrity, and is on record', async () => {
    const events = await auditor.data<{
      auditEvents: { edges: { node: { streamId: string; type: string; actorId: string } }[] };
    }>(
      `query($f: AuditEventsFilter) { auditEvents(filter: $f, first: 50) { edges { node { streamId type actorId } } } }`,
      { f: { streamId } },
    );
    expect(events.auditEvents.edges[0]?.node).toMatchObject({
      streamId,
      type: 'customers.CustomerRegistered',
    });

    const asOf = await auditor.data<{
      aggregateAsOf: { version: number; stateKnown: boolean; stateJson: string };
    }>(
      `query($s: String!, $at: String!) { aggregateAsOf(streamId: $s, asOf: $at) { version stateKnown stateJson } }`,
      { s: streamId, at: new Date().toISOString() },
    );
    expect(asOf.aggregateAsOf.stateKnown).toBe(true);
    expect(asOf.aggregateAsOf.stateJson).toContain(customerId);

    const integrity = await auditor.data<{
      verifyIntegrity: { ok: boolean; sealedEvents: number };
    }>(`query($r: IntegrityRangeInput!) { verifyIntegrity(range: $r) { ok sealedEvents } }`, {
      r: { fromPosition: Math.max(1, sealedUpTo - 999_999), toPosition: sealedUpTo },
    });
    expect(integrity.verifyIntegrity.ok).toBe(true);
    expect(integrity.verifyIntegrity.sealedEvents).toBeGreaterThan(0);

    const onRecord = await auditCli(
      'replay',
      '--stream',
      `audit.AuditorQueries-${admin.tenant}`,
      '--json',
    );
    const recorded = onRecord.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { data: { query: string }; actor: { kind: string } })
      .slice(-3);
    expect(recorded.map((e) => e.data.query)).toEqual([
      'auditEvents',
      'aggregateAsOf',
      'verifyIntegrity',
    ]);

    const refused = await adminClient.request(`{ auditEvents { edges { cursor } } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
