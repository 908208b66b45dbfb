// The service desk on the running platform, with real mail (Mailpit from crm-infra): a mail sent
// over SMTP to the support address opens a ticket that the agent queue shows; an agent replies
// through GraphQL and the reply reaches the customer's mailbox threaded under the first mail; the
// SLA clock reads as of an instant before the reply (first response running) and now (met). Every
// run uses its own customer address and subject, so it only looks at its own mail.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import nodemailer from 'nodemailer';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 500 };

const mailpitUrl = process.env['CRM_MAILPIT_URL'] ?? 'http://127.0.0.1:58025';
const smtpUrl = process.env['CRM_SMTP_URL'] ?? 'smtp://127.0.0.1:51025';
const support = process.env['CRM_SERVICE_DESK_SUPPORT_ADDRESS'] ?? 'support@desk.localhost';
const run = randomUUID().slice(0, 8);
const customer = `ada.${run}@customers.example`;
const subject = `Broken vase ${run}`;

interface QueuedTicket {
  ticketId: string;
  subject: string;
  channel: string;
  status: string;
  lastAgentReplyAt: string | null;
}
interface MilestoneClock {
  milestone: string;
  state: string;
  metAt: string | null;
  timeline: { running: boolean }[];
}

let client: GatewayGraphQLClient;
const transport = nodemailer.createTransport({ url: smtpUrl });

beforeAll(async () => {
  client = await loginToRunningPlatform();
}, 60_000);
afterAll(() => transport.close());

async function mailTo(address: string): Promise<{ ID: string; MessageID: string }[]> {
  const url = new URL('/api/v1/search', mailpitUrl);
  url.searchParams.set('query', `to:"${address}"`);
  return ((await (await fetch(url)).json()) as { messages: { ID: string; MessageID: string }[] })
    .messages;
}

async function firstResponse(ticketId: string, asOf: string | null): Promise<MilestoneClock> {
  const { slaClock } = await client.data<{ slaClock: { milestones: MilestoneClock[] } }>(
    `query($id: ID!, $asOf: String) { slaClock(ticketId: $id, asOf: $asOf) {
       milestones { milestone state metAt timeline { running } } } }`,
    { id: ticketId, asOf },
  );
  const clock = slaClock.milestones.find((m) => m.milestone === 'firstResponse');
  if (!clock) throw new Error('no first-response clock');
  return clock;
}

describe('service desk end to end', () => {
  it('opens a ticket from mail, mails the agent reply threaded, and reads the SLA clock as of before', async () => {
    const sent = await transport.sendMail({
      from: `Ada <${customer}>`,
      to: support,
      subject,
      text: 'My vase arrived in pieces.',
    });

    // The service polls Mailpit; the queue projection then shows the ticket.
    const ticket = await eventually(async () => {
      const { ticketQueue } = await client.data<{ ticketQueue: QueuedTicket[] }>(
        `query { ticketQueue(statuses: ["new"], limit: 200) {
           ticketId subject channel status lastAgentReplyAt } }`,
      );
      const mine = ticketQueue.filter((t) => t.subject === subject);
      expect(mine).toHaveLength(1);
      return mine[0]!;
    }, SETTLE);
    expect(ticket).toMatchObject({ channel: 'email', status: 'new', lastAgentReplyAt: null });
    const beforeReply = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 50));

    const { replyToTicket } = await client.data<{ replyToTicket: { position: string } }>(
      `mutation($input: TicketMessageInput!) { replyToTicket(input: $input) { position eventTypes } }`,
      {
        input: {
          ticketId: ticket.ticketId,
          body: 'A new vase is on its way.',
          idempotencyKey: `e2e-reply-${run}`,
        },
      },
    );
    const { ticket: replied } = await client.data<{ ticket: QueuedTicket }>(
      `query($id: ID!, $p: String) { ticket(ticketId: $id, atLeastPosition: $p) {
         ticketId status lastAgentReplyAt } }`,
      { id: ticket.ticketId, p: replyToTicket.position },
    );
    expect(replied.status).toBe('in_progress');
    expect(replied.lastAgentReplyAt).not.toBeNull();

    // The reply mailer follows the store's log and sends over SMTP, threaded under the first mail.
    const [reply] = await eventually(async () => {
      const found = await mailTo(customer);
      expect(found).toHaveLength(1);
      return found;
    }, SETTLE);
    const headers = (await (
      await fetch(new URL(`/api/v1/message/${reply!.ID}/headers`, mailpitUrl))
    ).json()) as Record<string, string[]>;
    expect(headers['In-Reply-To']).toEqual([sent.messageId]);
    expect(headers['Subject']?.[0]).toContain(subject);

    // The clock as of before the reply was still running; now its first response is met.
    const earlier = await firstResponse(ticket.ticketId, beforeReply);
    expect(earlier.state).toBe('running');
    expect(earlier.metAt).toBeNull();
    const now = await firstResponse(ticket.ticketId, null);
    expect(now.state).toBe('met');
    expect(now.metAt).not.toBeNull();
    expect(now.timeline.length).toBeGreaterThan(0);
  });

  it('refuses a reply to an unknown ticket with NOT_FOUND', async () => {
    const response = await client.request(
      `mutation($input: TicketMessageInput!) { replyToTicket(input: $input) { position } }`,
      { input: { ticketId: `0190ffff-0000-7000-8000-${run}0000`, body: 'Hello?' } },
    );
    expect(response.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});
