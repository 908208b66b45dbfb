/* eslint-disable @typescript-eslint/no-unsafe-call --
   gRPC responses are untyped at runtime; the spec asserts their shape. */
// The mail the service sends on its own, against the real mail server (Mailpit) and PostgreSQL:
// the automatic reply to inbound mail carrying the best public article (threaded with the
// customer's mail, never an internal article; recorded as AutoReplySent on the ticket), and the escalation ladder's notifications
// delivered to the addresses of the staff directory when a breach escalates (injected clock).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';
import {
  ctx,
  lead,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { mailpit } from '../../test/mailpit';
import { ServiceDeskSlaTimers } from '../timers/service-desk-sla-timers';
import { ServiceDeskMail } from './service-desk-mail';

jest.setTimeout(120_000);

let infra: TestInfrastructure;
let t: ServiceDeskTestService;
let mail: ServiceDeskMail;
let sla: ServiceDeskSlaTimers;
let search: ReturnType<typeof mailpit>['search'];
let messageText: ReturnType<typeof mailpit>['text'];
let headers: ReturnType<typeof mailpit>['headers'];
const tag = randomUUID().slice(0, 8);
const support = `support-${tag}@desk.test`;
const customer = `grace-${tag}@example.com`;
const agentAddress = `agent-1-${tag}@desk.test`;
const leadAddress = `lead-a-${tag}@desk.test`;

beforeAll(async () => {
  infra = await testInfrastructure({ require: ['postgres', 'mailpit'] });
  const staffFile = join(mkdtempSync(join(tmpdir(), 'desk-staff-')), 'staff.json');
  writeFileSync(
    staffFile,
    JSON.stringify({ agents: { 'agent-1': agentAddress }, teamLeads: { 'team-a': leadAddress } }),
  );
  // Monday 7 December 2026, 09:00 in Paris.
  t = await startServiceDeskTestService('desk-notices', '2026-12-07T08:00:00.000Z', {
    CRM_SERVICE_DESK_MAIL: 'on',
    CRM_SMTP_URL: infra.smtpUrl,
    CRM_MAILPIT_URL: infra.mailpitUrl,
    CRM_SERVICE_DESK_SUPPORT_ADDRESS: support,
    CRM_SERVICE_DESK_MAIL_TENANT: 'tenant-a',
    CRM_SERVICE_DESK_MAIL_POLL_MS: '3600000',
    CRM_SERVICE_DESK_SLA_TIMERS: 'on',
    CRM_SERVICE_DESK_STAFF_FILE: staffFile,
  });
  mail = t.service.app.get(ServiceDeskMail);
  sla = t.service.app.get(ServiceDeskSlaTimers);
  ({ search, text: messageText, headers } = mailpit(infra.mailpitUrl));
});
afterAll(async () => {
  await t?.stop();
});

async function publish(title: string, body: string, visibility: string): Promise<string> {
  const written = await t.call('WriteArticleVersion', {
    ctx: ctx(),
    locale: 'en',
    title,
    body,
    tags: [],
    visibility,
  });
  const articleId = written.createdId as string;
  await t.call('PublishArticle', { ctx: ctx(), articleId, locale: 'en' }, lead('lead-1', 'a'));
  return articleId;
}

describe('mail the service sends on its own', () => {
  const transport = nodemailer.createTransport({ url: process.env['CRM_SMTP_URL'] });
  afterAll(() => transport.close());

  it('answers inbound mail at once with the best public article, threaded with it', async () => {
    await publish(
      'Reset a forgotten password',
      'Open the sign-in page and follow "forgot password".',
      'ARTICLE_VISIBILITY_PUBLIC',
    );
    await publish(
      'Password reset override for agents',
      'Internal: force a password reset from the admin screen.',
      'ARTICLE_VISIBILITY_INTERNAL',
    );
    await publish('Delivery times', 'Parcels arrive in three days.', 'ARTICLE_VISIBILITY_PUBLIC');
    const sent = await transport.sendMail({
      from: `Grace <${customer}>`,
      to: support,
      subject: `Forgot my password ${tag}`,
      text: 'I cannot sign in any more, my password is lost.',
    });
    const opened = await eventually(async () => {
      const result = await mail.intake.pollOnce();
      expect(result.opened).toHaveLength(1);
      return result;
    });
    const ticketId = opened.opened[0] as string;
    const [reply] = await eventually(
      async () => {
        const found = await search(`to:"${customer}"`);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    expect(reply!.Subject).toBe(`Re: Forgot my password ${tag}`);
    const text = await messageText(reply!.ID);
    expect(text).toContain(ticketId);
    expect(text).toContain('Reset a forgotten password');
    expect(text).not.toContain('override for agents');
    expect(text).not.toContain('Delivery times');
    const replyHeaders = await headers(reply!.ID);
    expect(replyHeaders['In-Reply-To']).toEqual([sent.messageId]);
    expect(replyHeaders['Auto-Submitted']).toEqual(['auto-replied']);
    // An automatic reply is no response by a person: the first-response clock still runs.
    const clock = await t.call('GetSlaClock', { ctx: ctx(), ticketId });
    expect(
      clock.milestones.find((m: { milestone: string }) => m.milestone === 'firstResponse'),
    ).toMatchObject({ state: 'running' });
    // The ticket records which articles went out, once, under the mail's Message-ID.
    const recorded = await eventually(async () => {
      const sentEvents = (await t.events()).filter(
        (e) =>
          e.type === 'service-desk.AutoReplySent' &&
          e.stream_id === `service-desk.Ticket-${ticketId}`,
      );
      expect(sentEvents).toHaveLength(1);
      return sentEvents[0]!;
    });
    expect(recorded.actor.name).toBe('service-desk.auto-reply-mailer');
    expect(recorded.data).toMatchObject({
      articles: [{ articleId: expect.any(String), locale: 'en' }],
      messageId: expect.stringContaining(ticketId),
    });
  });

  it('delivers the breach escalation to the agent holding the ticket and their team lead', async () => {
    const { createdId: ticketId } = await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_PHONE',
      subject: `Invoice missing ${tag}`,
      body: 'Where is my invoice?',
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      tags: [],
    });
    await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-1', teamId: 'team-a' });
    // Standard first response: 4 business hours, breached at 13:00 Paris; level 1 notifies.
    t.clock.set('2026-12-07T12:01:00.000Z');
    await eventually(async () => expect((await sla.scheduler.status()).lag).toBe(0));
    await sla.worker.drain();
    await eventually(async () => {
      await sla.worker.drain();
      const escalated = (await t.events()).filter(
        (e) => e.type === 'service-desk.SlaEscalated' && e.data.ticketId === ticketId,
      );
      expect(escalated).toHaveLength(1);
    });
    const [notice] = await eventually(
      async () => {
        const found = await search(`subject:"Invoice missing ${tag}"`);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    expect(notice!.Subject).toBe(
      `[SLA escalation, level 1] first response breached: Invoice missing ${tag}`,
    );
    const to = (await headers(notice!.ID))['To']?.join(',') ?? '';
    expect(to).toContain(agentAddress);
    expect(to).toContain(leadAddress);
    expect(await messageText(notice!.ID)).toContain(ticketId);
  });
});
