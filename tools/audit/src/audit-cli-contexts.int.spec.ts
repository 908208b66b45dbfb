// The audit CLI over the other contexts' events (issue 15: "for every context's events"): state as
// of an instant folded by the sales and service-desk deciders, and personal data those contexts
// encrypt (a lead's contact, a ticket's body) decrypted for the auditor with --decrypt, and
// "[erased]" once the subject's key is shredded. Real PostgreSQL; events written the way the
// services write them (through their contracts' personal-data declarations).
import { randomBytes } from 'node:crypto';
import {
  DataKeyStore,
  ERASED_MARKER,
  PersonalDataCipher,
  PersonalDataEventStore,
  PostgresDataKeyRepository,
  PostgresErasureLedger,
  PostgresEventStore,
  loadMasterKeyRing,
  migratePersonalDataSchema,
  policyForFields,
  type EventEnvelope,
  type NewEvent,
} from '@crm/event-sourcing';
import {
  SALES_PERSONAL_FIELDS,
  SALES_SUBJECT_ID_FIELD,
  salesContracts,
} from '@crm/contracts/sales';
import {
  SERVICE_DESK_PERSONAL_FIELDS,
  SERVICE_DESK_SUBJECT_ID_FIELD,
  serviceDeskContracts,
} from '@crm/contracts/service-desk';
import { createThrowawayPostgresDatabase } from '@crm/testing';
import type { ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { runAuditCli } from './audit-cli';

const TENANT = 'tenant-audit-contexts';
const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-02T09:00:00.000Z';
const T3 = '2026-03-03T09:00:00.000Z';
const ACTOR = { kind: 'user', userId: 'u-rep', roles: ['SALES_REP'] } as const;

function event(type: string, occurredAt: string, data: Record<string, unknown>): NewEvent {
  return {
    eventId: uuidv7(),
    type,
    tenantId: TENANT,
    occurredAt,
    actor: ACTOR,
    correlationId: `corr-${type}`,
    causationId: `cause-${type}`,
    data,
  };
}

describe('audit CLI over every context', () => {
  let database: ThrowawayDatabase;
  let ledgerDatabase: ThrowawayDatabase;
  let ledgerPool: Pool;
  let raw: PostgresEventStore;
  let env: Record<string, string>;
  const leadId = uuidv7();
  const erasedLeadId = uuidv7();
  const ticketId = uuidv7();
  const leadStream = `sales.Lead-${leadId}`;
  const erasedLeadStream = `sales.Lead-${erasedLeadId}`;
  const ticketStream = `service-desk.Ticket-${ticketId}`;

  async function cliJson<T>(...argv: string[]): Promise<T> {
    let stdout = '';
    let stderr = '';
    const code = await runAuditCli([...argv, '--json'], env, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(stdout) as T;
  }

  beforeAll(async () => {
    database = await createThrowawayPostgresDatabase({ prefix: 'audit_ctx' });
    raw = await PostgresEventStore.create({
      connectionString: database.url,
      eventTypes: [...salesContracts.events, ...serviceDeskContracts.events].map(
        ({ type, schemaVersion }) => ({ type, schemaVersion }),
      ),
    });
    await migratePersonalDataSchema(raw.pool);
    const masterKey = randomBytes(32).toString('base64');
    const masterKeys = loadMasterKeyRing({ CRM_MASTER_KEY: masterKey });
    env = { CRM_AUDIT_POSTGRES_URL: database.url, CRM_MASTER_KEY: masterKey };
    const keys = new DataKeyStore({
      repository: new PostgresDataKeyRepository(raw.pool),
      masterKeys,
    });
    // Each service encrypts with its own context's declarations only.
    const sales = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      policyForFields(SALES_PERSONAL_FIELDS, SALES_SUBJECT_ID_FIELD),
    );
    const desk = new PersonalDataEventStore(
      raw,
      new PersonalDataCipher(keys),
      policyForFields(SERVICE_DESK_PERSONAL_FIELDS, SERVICE_DESK_SUBJECT_ID_FIELD),
    );
    for (const [id, stream, email] of [
      [leadId, leadStream, 'lin@example.org'],
      [erasedLeadId, erasedLeadStream, 'gone@example.org'],
    ] as const) {
      await sales.append(stream, [
        event('sales.LeadCaptured', T1, {
          leadId: id,
          source: 'web',
          ownerId: 'rep-1',
          teamId: 'team-a',
          contact: { name: 'Lin Example', email, phone: '+4930123456' },
          capturedAt: T1,
        }),
      ]);
    }
    await sales.append(leadStream, [
      event('sales.LeadAssigned', T2, { leadId, ownerId: 'rep-2', teamId: 'team-a' }),
    ]);
    await desk.append(ticketStream, [
      event('service-desk.TicketOpened', T1, {
        ticketId,
        at: T1,
        channel: 'email',
        subject: 'Broken hinge',
        body: 'The hinge of order 77 broke, call me on +4930999',
        requesterEmail: 'lin@example.org',
        priority: 'normal',
        type: 'incident',
        tags: [],
        dataSubjectId: ticketId,
      }),
    ]);
    ledgerDatabase = await createThrowawayPostgresDatabase({ prefix: 'audit_ctx_ledger' });
    ledgerPool = new Pool({ connectionString: ledgerDatabase.url, max: 1 });
    await new DataKeyStore({
      repository: new PostgresDataKeyRepository(raw.pool),
      masterKeys,
      erasureLedger: new PostgresErasureLedger(ledgerDatabase.url, ledgerPool),
    }).erase({ tenantId: TENANT, subjectId: erasedLeadId });
  });
  afterAll(async () => {
    await raw?.close();
    await ledgerPool?.end();
    await database?.drop();
    await ledgerDatabase?.drop();
  });

  it('folds a sales lead as of an instant with the sales decider', async () => {
    const before = await cliJson<{ version: number; state: unknown; events: EventEnvelope[] }>(
      'state',
      leadStream,
      '--as-of',
      '2026-03-01T12:00:00Z',
    );
    expect(before.version).toBe(1);
    expect(before.state).toMatchObject({ status: 'Open', leadId, ownerId: 'rep-1' });
    const after = await cliJson<{ version: number; state: unknown }>(
      'state',
      leadStream,
      '--as-of',
      T3,
    );
    expect(after).toMatchObject({ version: 2, state: { ownerId: 'rep-2' } });
  });

  it('folds a service-desk ticket (a context whose name has a dash) and decrypts its body', async () => {
    const view = await cliJson<{ state: unknown; events: EventEnvelope[] }>(
      'state',
      ticketStream,
      '--as-of',
      T3,
      '--decrypt',
    );
    expect(view.state).toMatchObject({ status: 'new', ticketId, subject: 'Broken hinge' });
    expect(view.events[0]!.data).toMatchObject({
      body: 'The hinge of order 77 broke, call me on +4930999',
      requesterEmail: 'lin@example.org',
    });
  });

  it("replays the sales lead's contact in clear with --decrypt, ciphertext without, and [erased] after erasure", async () => {
    const replay = async (...extra: string[]) => {
      let stdout = '';
      const code = await runAuditCli(
        ['replay', '--stream', leadStream, '--stream', erasedLeadStream, ...extra],
        env,
        {
          stdout: { write: (s: string) => (stdout += s) },
          stderr: { write: () => undefined },
        },
      );
      expect(code).toBe(0);
      return stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as EventEnvelope)
        .filter((e) => e.type === 'sales.LeadCaptured');
    };
    const clear = await replay('--decrypt');
    const contactOf = (events: EventEnvelope[], id: string) =>
      (events.find((e) => e.streamId === `sales.Lead-${id}`)!.data as { contact: unknown }).contact;
    expect(contactOf(clear, leadId)).toEqual({
      name: 'Lin Example',
      email: 'lin@example.org',
      phone: '+4930123456',
    });
    expect(contactOf(clear, erasedLeadId)).toEqual({
      name: ERASED_MARKER,
      email: ERASED_MARKER,
      phone: ERASED_MARKER,
    });
    const stored = JSON.stringify(await replay());
    expect(stored).not.toContain('lin@example.org');
    expect(stored).not.toContain('gone@example.org');
  });
});
