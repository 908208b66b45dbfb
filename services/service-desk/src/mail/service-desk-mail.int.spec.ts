// E-mail in and out against the real mail server (Mailpit) and PostgreSQL: a mail to the support
// address opens a ticket, the agent's reply reaches the customer over SMTP threaded to their mail,
// the customer's answer lands on the same ticket, and a mail without a sender is parked with its
// reason and writes nothing. Each run has its own support and customer addresses (Mailpit is shared).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';
import {
  agent,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { v7 as uuidv7 } from 'uuid';
import { customerEvents } from '../../test/customer-events';
import { mailpit } from '../../test/mailpit';
import { ServiceDeskCustomerContacts } from '../customers/service-desk-customer-contacts';
import { ServiceDeskMail } from './service-desk-mail';

jest.setTimeout(90_000);

let infra: TestInfrastructure;
let t: ServiceDeskTestService;
let mail: ServiceDeskMail;
let contacts: ServiceDeskCustomerContacts;
let search: ReturnType<typeof mailpit>['search'];
let headers: ReturnType<typeof mailpit>['headers'];
const tag = randomUUID().slice(0, 8);
const support = `support-${tag}@desk.test`;
const customer = `ada-${tag}@example.com`;

beforeAll(async () => {
  infra = await testInfrastructure({ require: ['postgres', 'mailpit'] });
  t = await startServiceDeskTestService('desk-mail', new Date().toISOString(), {
    CRM_SERVICE_DESK_MAIL: 'on',
    CRM_SMTP_URL: infra.smtpUrl,
    CRM_MAILPIT_URL: infra.mailpitUrl,
    CRM_SERVICE_DESK_SUPPORT_ADDRESS: support,
    CRM_SERVICE_DESK_MAIL_TENANT: 'tenant-a',
    // The test polls the mailbox itself.
    CRM_SERVICE_DESK_MAIL_POLL_MS: '3600000',
  });
  mail = t.service.app.get(ServiceDeskMail);
  contacts = t.service.app.get(ServiceDeskCustomerContacts);
  ({ search, headers } = mailpit(infra.mailpitUrl));
});
afterAll(async () => {
  await t?.stop();
});

describe('service-desk mail', () => {
  const transport = nodemailer.createTransport({
    url: process.env['CRM_SMTP_URL'] ?? 'smtp://127.0.0.1:51025',
  });
  afterAll(() => transport.close());

  it('opens a ticket from a mail, mails the reply threaded, and files the answer on the same ticket', async () => {
    const first = await transport.sendMail({
      from: `Ada <${customer}>`,
      to: support,
      subject: `Broken vase ${tag}`,
      text: 'It arrived in pieces.',
    });
    const opened = await eventually(async () => {
      const result = await mail.intake.pollOnce();
      expect(result.opened).toHaveLength(1);
      return result;
    });
    const ticketId = opened.opened[0] as string;
    const events = await t.events();
    expect(
      events.filter((e) => e.stream_id === `service-desk.Ticket-${ticketId}`).map((e) => e.type),
    ).toEqual(['service-desk.TicketOpened', 'service-desk.SlaPolicyApplied']);
    expect(events[0]?.data).toMatchObject({
      channel: 'email',
      subject: `Broken vase ${tag}`,
      mail: { messageId: first.messageId },
    });
    expect(events[0]?.actor).toMatchObject({ kind: 'system', name: 'service-desk.mail-intake' });
    // The mail left the mailbox once the ticket held it.
    expect(await search(`to:"${support}"`)).toEqual([]);

    await t.call(
      'ReplyToCustomer',
      { ctx: ctx(), ticketId, body: 'A new vase is on its way.' },
      agent('agent-1'),
    );
    // The reply mailer follows the store's log; it mails the reply once it reads the event.
    const [reply] = await eventually(
      async () => {
        const found = await search(`to:"${customer}"`);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    const replyHeaders = await headers(reply!.ID);
    expect(replyHeaders['In-Reply-To']).toEqual([first.messageId]);
    expect(`<${reply!.MessageID}>`).toMatch(new RegExp(`^<ticket-${ticketId}\\.`));

    await transport.sendMail({
      from: customer,
      to: support,
      subject: `Re: Broken vase ${tag}`,
      text: 'Thank you!',
      inReplyTo: `<${reply!.MessageID}>`,
      references: [first.messageId, `<${reply!.MessageID}>`],
    });
    const answered = await eventually(async () => {
      const result = await mail.intake.pollOnce();
      expect(result.appended).toHaveLength(1);
      return result;
    });
    expect(answered.appended).toEqual([ticketId]);
    const stream = (await t.events()).filter(
      (e) => e.stream_id === `service-desk.Ticket-${ticketId}`,
    );
    expect(stream.map((e) => e.type)).toContain('service-desk.CustomerMessageReceived');
  });

  it('files an answer to a merged duplicate on the ticket it was merged into', async () => {
    const openFrom = async (subject: string) => {
      const sent = await transport.sendMail({
        from: customer,
        to: support,
        subject,
        text: subject,
      });
      const polled = await eventually(async () => {
        const result = await mail.intake.pollOnce();
        expect(result.opened).toHaveLength(1);
        return result;
      });
      return { messageId: sent.messageId, ticketId: polled.opened[0] as string };
    };
    const survivor = await openFrom(`Order late ${tag}`);
    const duplicate = await openFrom(`Where is my order ${tag}`);
    await t.call('MergeTickets', {
      ctx: ctx(),
      ticketId: duplicate.ticketId,
      intoTicketId: survivor.ticketId,
    });
    await transport.sendMail({
      from: customer,
      to: support,
      subject: `Re: Where is my order ${tag}`,
      text: 'Any news?',
      inReplyTo: duplicate.messageId,
      references: [duplicate.messageId],
    });
    const answered = await eventually(async () => {
      const result = await mail.intake.pollOnce();
      expect(result.appended).toHaveLength(1);
      return result;
    });
    expect(answered.appended).toEqual([survivor.ticketId]);
  });

  /** Sends a mail from `from` and answers the customer the ticket it opened is linked to. */
  async function customerOfMailFrom(from: string, subject: string): Promise<string | undefined> {
    await transport.sendMail({ from, to: support, subject, text: subject });
    const polled = await eventually(async () => {
      const result = await mail.intake.pollOnce();
      expect(result.opened).toHaveLength(1);
      return result;
    });
    const opened = (await t.events()).find(
      (e) =>
        e.type === 'service-desk.TicketOpened' &&
        e.stream_id === `service-desk.Ticket-${polled.opened[0]}`,
    );
    return opened?.data.customerId as string | undefined;
  }

  it("links a known customer's mail to them, and no longer once the contact is removed", async () => {
    const customerId = uuidv7();
    const known = `known-${tag}@example.com`;
    const customers = await customerEvents(t);
    const contact = { contactId: 'c1', contactKind: 'email' };
    await customers.append('tenant-a', customerId, 'customers.ContactAdded', {
      ...contact,
      value: known.toUpperCase(),
      primary: true,
    });
    await eventually(async () => expect((await contacts.indexer.status()).lag).toBe(0));
    const openFrom = (subject: string) => customerOfMailFrom(known, subject);
    expect(await openFrom(`Known sender ${tag}`)).toBe(customerId);

    await customers.append('tenant-a', customerId, 'customers.ContactRemoved', contact);
    await eventually(async () => expect((await contacts.indexer.status()).lag).toBe(0));
    expect(await openFrom(`Known sender again ${tag}`)).toBeUndefined();
    await customers.close();
  });

  it('links the mail of a customer whose e-mail came inside an imported registration (ADR 0340)', async () => {
    const customerId = uuidv7();
    const imported = `imported-${tag}@example.com`;
    const customers = await customerEvents(t);
    await customers.append('tenant-a', customerId, 'customers.CustomerRegistered', {
      kind: 'person',
      status: 'prospect',
      contacts: [
        { contactId: 'p1', contactKind: 'phone', value: '+4930123456', primary: true },
        { contactId: 'e1', contactKind: 'email', value: imported, primary: true },
      ],
    });
    await eventually(async () => expect((await contacts.indexer.status()).lag).toBe(0));
    expect(await customerOfMailFrom(imported, `Imported ${tag}`)).toBe(customerId);
    await customers.close();
  });

  it('parks a mail without a sender, with its reason, and writes nothing', async () => {
    const before = await t.eventCount();
    await transport.sendMail({
      envelope: { from: `bounce-${tag}@example.com`, to: [support] },
      raw: `To: ${support}\r\nSubject: no sender ${tag}\r\nMessage-ID: <nosender-${tag}@example.com>\r\n\r\nWho am I?\r\n`,
    });
    const result = await eventually(async () => {
      const polled = await mail.intake.pollOnce();
      expect(polled.parked).toHaveLength(1);
      return polled;
    });
    expect(result.parked[0]?.reason).toBe('NO_SENDER');
    expect(await t.eventCount()).toBe(before);
    const [kept] = await search(`subject:"no sender ${tag}"`);
    expect(kept?.Tags).toEqual(['parked-no_sender']);
  });
});
