// Issue 12's SLA "done when" on the running platform, with the platform test clock (ADR 0271): a
// mail to the support address opens a ticket; it is made urgent (first response 1 h, resolution
// 8 business hours); the agent replies at once, so the first response is met; then the platform's
// clock moves past the resolution target and the service's own timer worker records the breach
// and runs the first escalation level, both published on crm.service-desk.events, and the ticket
// reads breached in GraphQL. Nothing here fires a timer by hand: without the clock moving, no
// breach comes. The clock goes back to real time afterwards.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import nodemailer from 'nodemailer';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { resetPlatformClock, setPlatformTime } from './support/platform-clock';
import { loginToRunningPlatform } from './support/running-platform';
import { recordTopic, type TopicRecorder } from './support/topic-recorder';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 500 };

const smtpUrl = process.env['CRM_SMTP_URL'] ?? 'smtp://127.0.0.1:51025';
const support = process.env['CRM_SERVICE_DESK_SUPPORT_ADDRESS'] ?? 'support@desk.localhost';
const run = randomUUID().slice(0, 8);
const subject = `Late parcel ${run}`;

interface Milestone {
  milestone: string;
  state: string;
  dueAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
}
interface SlaMark {
  milestone: string;
  breachedAt: string | null;
  escalationLevel: number | null;
}

let client: GatewayGraphQLClient;
let desk: TopicRecorder;
const transport = nodemailer.createTransport({ url: smtpUrl });

beforeAll(async () => {
  client = await loginToRunningPlatform();
  desk = await recordTopic('crm.service-desk.events', run);
}, 60_000);
afterAll(async () => {
  transport.close();
  await desk?.stop();
  await resetPlatformClock();
});

async function milestone(ticketId: string, name: string): Promise<Milestone> {
  const { slaClock } = await client.data<{ slaClock: { milestones: Milestone[] } }>(
    `query($id: ID!) { slaClock(ticketId: $id) { milestones { milestone state dueAt metAt breachedAt } } }`,
    { id: ticketId },
  );
  const found = slaClock.milestones.find((m) => m.milestone === name);
  if (!found) throw new Error(`no ${name} clock`);
  return found;
}

const about = (ticketId: string, type: string) =>
  desk.messages.filter(
    (m) =>
      m.type === type &&
      (m.streamId.includes(ticketId) || JSON.stringify(m.data).includes(ticketId)),
  );

describe('service desk SLA on the platform clock', () => {
  it('meets the first response, then breaches resolution and escalates when the clock passes its target', async () => {
    await transport.sendMail({
      from: `Bea <bea.${run}@customers.example>`,
      to: support,
      subject,
      text: 'My parcel is two weeks late.',
    });
    const ticketId = await eventually(async () => {
      const { ticketQueue } = await client.data<{
        ticketQueue: { ticketId: string; subject: string }[];
      }>(`query { ticketQueue(limit: 500) { ticketId subject } }`);
      const mine = ticketQueue.filter((t) => t.subject === subject);
      expect(mine).toHaveLength(1);
      return mine[0]!.ticketId;
    }, SETTLE);

    await client.data(
      `mutation($input: ChangeTicketPriorityInput!) { changeTicketPriority(input: $input) { position } }`,
      { input: { ticketId, priority: 'URGENT', idempotencyKey: `urgent-${run}` } },
    );
    await client.data(
      `mutation($input: TicketMessageInput!) { replyToTicket(input: $input) { position } }`,
      { input: { ticketId, body: 'We are on it.', idempotencyKey: `reply-${run}` } },
    );
    expect(await milestone(ticketId, 'firstResponse')).toMatchObject({ state: 'met' });
    const resolution = await eventually(async () => {
      const m = await milestone(ticketId, 'resolution');
      expect(m).toMatchObject({ state: 'running', breachedAt: null });
      expect(m.dueAt).not.toBeNull();
      return m;
    }, SETTLE);
    expect(about(ticketId, 'service-desk.SlaBreached')).toEqual([]);

    // Past the resolution target (8 business hours, so up to a weekend away): the service's worker
    // fires the breach check, then the escalation ladder's first level, at the breach.
    await setPlatformTime(new Date(Date.parse(resolution.dueAt!) + 5 * 60_000));
    const [breach] = await eventually(async () => {
      const breaches = about(ticketId, 'service-desk.SlaBreached');
      expect(breaches.map((m) => m.data['milestone'])).toContain('resolution');
      return breaches.filter((m) => m.data['milestone'] === 'resolution');
    }, SETTLE);
    expect(breach).toBeDefined();
    const escalated = await eventually(async () => {
      const levels = about(ticketId, 'service-desk.SlaEscalated').filter(
        (m) => m.data['milestone'] === 'resolution',
      );
      expect(levels.length).toBeGreaterThan(0);
      return levels;
    }, SETTLE);
    expect(escalated[0]!.data).toMatchObject({ milestone: 'resolution', level: 1 });

    expect(await milestone(ticketId, 'resolution')).toMatchObject({ state: 'breached' });
    expect(await milestone(ticketId, 'firstResponse')).toMatchObject({ state: 'met' });
    const mark = await eventually(async () => {
      const { ticket } = await client.data<{ ticket: { slaMarks: SlaMark[] } }>(
        `query($id: ID!) { ticket(ticketId: $id) { slaMarks { milestone breachedAt escalationLevel } } }`,
        { id: ticketId },
      );
      const found = ticket.slaMarks.find((m) => m.milestone === 'resolution');
      expect(found?.breachedAt).toBeTruthy();
      expect(found?.escalationLevel).toBeGreaterThanOrEqual(1);
      return found!;
    }, SETTLE);
    expect(Date.parse(mark.breachedAt!)).toBeGreaterThanOrEqual(Date.parse(resolution.dueAt!));
  });
});
