// Scheduled digests of saved reports on the real servers (PostgreSQL, MongoDB-wire, Mailpit): the
// owner's digest is mailed at the local time of its rule with the figures of the owner's record
// scope AT SEND TIME (a rep promoted to manager gets his team's leads in the next digest), the
// same firing twice mails once, a deactivated owner and a deleted report get nothing, and nobody
// schedules another user's report. Expected counts are computed from the test's own documents.
import { Role, type Principal } from '@crm/access-policy';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { ReportEngine } from '@crm/reports';
import { serveTestReadModel } from '@crm/reports/testing';
import { SALES_LEADS_MODEL, SALES_LEADS_PROJECTION } from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  ManualClock,
  createThrowawayPostgresDatabase,
  testInfrastructure,
  type ThrowawayDatabase,
} from '@crm/testing';
import { TimerScheduler, TimerWorker, migrateTimersSchema, type TimerFiring } from '@crm/timers';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { UserRepository } from '../users/user.repository';
import { migrateGatewaySchema } from '../users/users.migrations';
import {
  DigestDeliveries,
  ReportDigests,
  SmtpDigestMailer,
  type DigestOutcome,
} from './report-digests';
import { PostgresSavedReports } from './saved-reports.repository';

jest.setTimeout(60_000);

const SCHEMA = 'gateway';
const TENANT = 'digests';
const run = randomUUID().slice(0, 8);
const NORTH = 'north';
const ids = { ann: uuidv7(), bob: uuidv7(), zed: uuidv7() };
const email = (name: string) => `${name}.${run}@digests.example`;

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let mailpitUrl: string;
let users: UserRepository;
let saved: PostgresSavedReports;
let digests: ReportDigests;
let mailer: SmtpDigestMailer;
let worker: TimerWorker;
const clock = new ManualClock(new Date('2026-06-01T05:00:00Z'));
const outcomes: DigestOutcome[] = [];
const firings: TimerFiring[] = [];

// 3 leads of ann, 2 of bob (both team north), 4 of zed (team south), over two sources.
const LEADS = [
  ...['web', 'web', 'event'].map((source) => ({ owner: ids.ann, team: NORTH, source })),
  ...['web', 'event'].map((source) => ({ owner: ids.bob, team: NORTH, source })),
  ...['web', 'web', 'web', 'event'].map((source) => ({ owner: ids.zed, team: 'south', source })),
];
const countWhere = (keep: (l: (typeof LEADS)[number]) => boolean) => LEADS.filter(keep).length;

interface MailSummary {
  readonly ID: string;
  readonly Subject: string;
}

async function mailsTo(recipient: string): Promise<MailSummary[]> {
  const url = new URL('/api/v1/search', mailpitUrl);
  url.searchParams.set('query', `to:${recipient}`);
  return ((await (await fetch(url)).json()) as { messages: MailSummary[] }).messages;
}

/** The CSV attached to a mail: its data rows as [source, leads]. */
async function attachedRows(id: string): Promise<string[][]> {
  const message = (await (await fetch(new URL(`/api/v1/message/${id}`, mailpitUrl))).json()) as {
    Attachments: { PartID: string; FileName: string }[];
  };
  const part = message.Attachments.find((a) => a.FileName.endsWith('.csv'))!;
  const csv = await (
    await fetch(new URL(`/api/v1/message/${id}/part/${part.PartID}`, mailpitUrl))
  ).text();
  return csv
    .trim()
    .split(/\r\n/)
    .slice(2) // the note line and the header
    .map((line) => line.split(','));
}

/** The leads of the data rows, checked against the CSV's own Total row. */
function sumOf(rows: string[][]): number {
  const data = rows.filter((row) => row[0] !== 'Total');
  const sum = data.reduce((n, row) => n + Number(row.at(-1)), 0);
  expect(rows.find((row) => row[0] === 'Total')?.at(-1)).toBe(String(sum));
  return sum;
}
const principal = (userId: string, roles: Role[], teamId: string): Principal => ({
  userId,
  tenantId: TENANT,
  roles,
  teamId,
});

beforeAll(async () => {
  const infra = await testInfrastructure({ require: ['postgres', 'mongo', 'mailpit'] });
  mailpitUrl = infra.mailpitUrl;
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'digests' }),
    createThrowawayPostgresDatabase({ prefix: 'digests' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: [],
    migrate: true,
  });
  const pool = store.pool;
  await migrateGatewaySchema(pool, SCHEMA);
  await migrateTimersSchema(pool);
  users = new UserRepository(pool, SCHEMA);
  saved = new PostgresSavedReports(pool, SCHEMA);
  await saved.ensureTable();
  const deliveries = new DigestDeliveries(pool, SCHEMA);
  await deliveries.ensureTable();
  for (const [name, userId] of Object.entries(ids))
    await users.insert({
      tenantId: TENANT,
      userId,
      email: email(name),
      displayName: name,
      passwordHash: 'not-used',
      roles: [Role.SALES_REP],
      teamId: name === 'zed' ? 'south' : NORTH,
    });
  await serveTestReadModel(connection, {
    projection: SALES_LEADS_PROJECTION,
    model: SALES_LEADS_MODEL,
    collection: 'leads_digests_test',
    storeCheckpoint: 0,
  });
  await connection.db!.collection('leads_digests_test').insertMany(
    LEADS.map((l, i) => ({
      _id: `l${i}` as never,
      tenantId: TENANT,
      source: l.source,
      status: 'open',
      ownerId: l.owner,
      teamId: l.team,
      capturedAt: new Date('2026-05-01T10:00:00Z'),
      version: 1,
    })),
  );
  const timers = new TimerScheduler(pool, 'reports', clock);
  mailer = new SmtpDigestMailer(infra.smtpUrl, 'CRM reports <reports@crm.invalid>');
  digests = new ReportDigests({
    timers,
    saved,
    users,
    reports: new ReportEngine({
      connection,
      storeHead: new PostgresStoreHead(pool),
      clock: clock.now,
    }),
    mailer,
    deliveries,
  });
  worker = new TimerWorker({
    pool,
    owner: 'reports',
    actorName: 'reports.checks',
    clock,
    logger: silentLogger,
    fire: async (firing) => {
      firings.push(firing);
      outcomes.push(await digests.fire(firing));
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  mailer?.close();
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
});

describe('report digests', () => {
  it("mails the owner's figures in his scope at send time, once per firing", async () => {
    const ann = principal(ids.ann, [Role.SALES_REP], NORTH);
    const report = await saved.save(
      { tenantId: TENANT, userId: ids.ann, teamId: NORTH },
      'Leads by source',
      { dataset: 'leads', dimensions: ['source'], measures: ['leads'] },
      true, // shared with the team: bob may run it, not schedule it
    );
    expect(
      await digests.schedule(principal(ids.bob, [Role.SALES_REP], NORTH), report.reportId, {
        cron: '0 8 * * *',
        timeZone: 'Europe/Paris',
      }),
    ).toBeNull();
    // 08:00 in Paris is 06:00 UTC in June.
    expect(
      await digests.schedule(ann, report.reportId, { cron: '0 8 * * *', timeZone: 'Europe/Paris' }),
    ).toEqual(new Date('2026-06-01T06:00:00Z'));

    clock.set('2026-06-01T05:59:59Z');
    expect(await worker.drain()).toBe(0);
    clock.set('2026-06-01T06:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(outcomes).toEqual(['sent']);
    const first = await mailsTo(email('ann'));
    expect(first).toHaveLength(1);
    expect(first[0]!.Subject).toBe('Report digest: Leads by source');
    const annRows = await attachedRows(first[0]!.ID);
    expect(sumOf(annRows)).toBe(countWhere((l) => l.owner === ids.ann));
    expect(annRows).toContainEqual([
      'web',
      String(countWhere((l) => l.owner === ids.ann && l.source === 'web')),
    ]);

    // The same firing again (a worker that died before committing): nothing more is sent.
    expect(await digests.fire(firings[0]!)).toBe('already-sent');
    expect(await mailsTo(email('ann'))).toHaveLength(1);

    // Promoted to manager of north: the next digest counts the team's leads.
    await users.update(TENANT, ids.ann, { roles: [Role.SALES_MANAGER] });
    clock.set('2026-06-02T06:00:00Z');
    expect(await worker.drain()).toBe(1);
    const second = (await mailsTo(email('ann'))).filter((m) => m.ID !== first[0]!.ID);
    expect(second).toHaveLength(1);
    expect(sumOf(await attachedRows(second[0]!.ID))).toBe(countWhere((l) => l.team === NORTH));

    // Deactivated: nothing is sent.
    await users.update(TENANT, ids.ann, { active: false });
    clock.set('2026-06-03T06:00:00Z');
    expect(await worker.drain()).toBe(1);
    expect(outcomes.at(-1)).toBe('owner-inactive');
    expect(await mailsTo(email('ann'))).toHaveLength(2);
    expect(await mailsTo(email('bob'))).toEqual([]);
  });

  it('forgets the digest of a deleted report and refuses a bad rule', async () => {
    const zed = principal(ids.zed, [Role.SALES_REP], 'south');
    const owner = { tenantId: TENANT, userId: ids.zed, teamId: 'south' };
    const report = await saved.save(
      owner,
      'Mine',
      { dataset: 'leads', dimensions: ['source'], measures: ['leads'] },
      false,
    );
    await expect(
      digests.schedule(zed, report.reportId, { cron: '0 8 * * *', timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow(/timeZone/);
    await digests.schedule(zed, report.reportId, { cron: '30 7 * * *', timeZone: 'UTC' });
    expect(await digests.get(zed, report.reportId)).toMatchObject({
      dueAt: new Date('2026-06-03T07:30:00Z'),
    });
    expect(await saved.delete(owner, report.reportId)).toBe(true);
    await digests.forget(TENANT, report.reportId);
    clock.set('2026-06-03T07:30:00Z');
    expect(await worker.drain()).toBe(0);
    expect(await mailsTo(email('zed'))).toEqual([]);
  });
});
