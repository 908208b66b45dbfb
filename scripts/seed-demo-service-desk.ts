// Demo data of the service desk (called by scripts/seed-demo.ts), through GraphQL like every other
// demo record: a new question in the shared queue, an urgent incident waiting on the customer, a
// complaint resolved with its root cause and remedy, a chat question resolved and closed, a duplicate
// merged into the incident; and a
// knowledge base of published articles (one translated, one internal) that the tickets' suggestions
// find, with the chat question's "this article solved it" counted; then a customer's mail (linked
// to her, answered automatically with an article), a social post from the inbound Kafka topic and a
// call logged with the caller's number only, linked to him by it.
// Fixed ticket ids and idempotency keys: a second run replays every command and changes nothing.

import { SERVICE_DESK_INBOUND_TICKETS_TOPIC } from '@crm/contracts/service-desk';
import { publishInbound } from './seed-demo-inbound';
import nodemailer from 'nodemailer';

/** The seed's GraphQL call that throws on any error (scripts/seed-demo.ts). */
export type MustQuery = <T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
) => Promise<T>;

interface DemoTicket {
  readonly ticketId: string;
  readonly open: Record<string, unknown>;
  /** Mutation name and input (without ticketId and idempotencyKey), in order. */
  readonly steps: readonly (readonly [string, Record<string, unknown>])[];
}

function demoTickets(agentId: string, customerIds: readonly string[]): DemoTicket[] {
  const [grace, alan, katherine] = customerIds;
  const assign = ['assignTicket', { agentId }] as const;
  return [
    {
      ticketId: 'demo-ticket-question',
      open: {
        channel: 'WEB_FORM',
        subject: 'Which compiler book should I start with?',
        body: 'Looking for a beginner-friendly title.',
        type: 'QUESTION',
        tags: ['books'],
        ...(grace && { customerId: grace }),
      },
      steps: [],
    },
    {
      ticketId: 'demo-ticket-incident',
      open: {
        channel: 'PHONE',
        subject: 'Online store checkout fails',
        body: 'Caller reports an error at payment, twice this morning.',
        type: 'INCIDENT',
        priority: 'HIGH',
        tags: ['checkout'],
        ...(alan && { customerId: alan }),
      },
      steps: [
        assign,
        ['replyToTicket', { body: 'Could you send us a screenshot of the error?' }],
        ['setTicketStatus', { status: 'WAITING_ON_CUSTOMER' }],
      ],
    },
    {
      ticketId: 'demo-ticket-complaint',
      open: {
        channel: 'WEB_FORM',
        subject: 'Delivery arrived damaged',
        body: 'The navigation kit box was crushed and two parts are broken.',
        type: 'COMPLAINT',
        tags: ['delivery'],
        ...(katherine && { customerId: katherine }),
      },
      steps: [
        assign,
        ['addTicketInternalNote', { body: 'Carrier photos confirm crushed packaging.' }],
        ['replyToTicket', { body: 'We are sorry: a replacement ships today.' }],
        [
          'recordComplaintAnalysis',
          {
            rootCause: 'Parcel packed without corner protection at the warehouse.',
            remedy: 'Replacement shipped; packing checklist now requires corner protection.',
          },
        ],
        ['resolveTicket', { resolution: 'Replacement delivered, customer confirmed.' }],
      ],
    },
    {
      ticketId: 'demo-ticket-closed',
      open: {
        channel: 'CHAT',
        subject: 'Opening hours on holidays',
        body: 'Are you open on public holidays?',
        type: 'QUESTION',
        priority: 'LOW',
      },
      steps: [
        ['replyToTicket', { body: 'We are closed on public holidays; the web shop stays open.' }],
        ['resolveTicket', { resolution: 'Answered in chat.' }],
        ['closeTicket', {}],
      ],
    },
    {
      // The same caller wrote in again: merged into the incident (thread and tags move there).
      ticketId: 'demo-ticket-duplicate',
      open: {
        channel: 'WEB_FORM',
        subject: 'Payment error in the web shop',
        body: 'The checkout shows an error when I pay.',
        type: 'INCIDENT',
        tags: ['checkout', 'payment'],
        ...(alan && { customerId: alan }),
      },
      steps: [['mergeTickets', { intoTicketId: 'demo-ticket-incident' }]],
    },
  ];
}

interface DemoArticle {
  readonly articleId: string;
  readonly locale: string;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly visibility: 'PUBLIC' | 'INTERNAL';
}

const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    articleId: 'demo-kb-damaged-delivery',
    locale: 'en',
    title: 'My delivery arrived damaged',
    body: 'Take photos of the parcel and the damaged items, then reply to your order confirmation. We ship a replacement as soon as the carrier confirms the damage.',
    tags: ['delivery'],
    visibility: 'PUBLIC',
  },
  {
    articleId: 'demo-kb-damaged-delivery',
    locale: 'fr',
    title: 'Ma livraison est arrivée endommagée',
    body: 'Photographiez le colis et les articles abîmés, puis répondez à la confirmation de commande. Nous expédions un remplacement dès que le transporteur confirme.',
    tags: ['livraison'],
    visibility: 'PUBLIC',
  },
  {
    articleId: 'demo-kb-checkout-errors',
    locale: 'en',
    title: 'Checkout fails at payment',
    body: 'Ask for the error text and the time. Card declines come from the bank; a "session expired" error clears after signing in again. Escalate repeated 500 errors to the web team.',
    tags: ['checkout'],
    visibility: 'INTERNAL',
  },
  {
    articleId: 'demo-kb-opening-hours',
    locale: 'en',
    title: 'Opening hours on public holidays',
    body: 'Our stores are closed on public holidays; the web shop and its chat stay open.',
    tags: ['stores'],
    visibility: 'PUBLIC',
  },
];

async function seedKnowledgeBase(
  run: (mutation: string, input: Record<string, unknown>, inputType: string) => Promise<unknown>,
): Promise<void> {
  for (const { articleId, locale, ...content } of DEMO_ARTICLES) {
    const key = `${articleId}-${locale}`;
    await run(
      'writeArticleVersion',
      { articleId, locale, ...content, idempotencyKey: `${key}-v1` },
      'WriteArticleVersionInput',
    );
    await run(
      'publishArticle',
      { articleId, locale, idempotencyKey: `${key}-publish` },
      'ArticleLocaleInput',
    );
  }
  await run(
    'recordArticleDeflection',
    {
      articleId: 'demo-kb-opening-hours',
      locale: 'en',
      ticketId: 'demo-ticket-closed',
      idempotencyKey: 'demo-kb-opening-hours-deflection',
    },
    'RecordArticleDeflectionInput',
  );
}

export async function seedServiceDesk(
  must: MustQuery,
  admin: string,
  agentId: string,
  customerIds: readonly string[],
): Promise<number> {
  const run = (mutation: string, input: Record<string, unknown>, inputType: string) =>
    must(
      `mutation($input: ${inputType}!) { ${mutation}(input: $input) { position } }`,
      { input },
      admin,
    );
  const inputTypes: Record<string, string> = {
    assignTicket: 'AssignTicketInput',
    replyToTicket: 'TicketMessageInput',
    addTicketInternalNote: 'TicketMessageInput',
    setTicketStatus: 'SetTicketStatusInput',
    recordComplaintAnalysis: 'RecordComplaintAnalysisInput',
    resolveTicket: 'ResolveTicketInput',
    closeTicket: 'TicketOnlyInput',
    mergeTickets: 'MergeTicketsInput',
  };
  const tickets = demoTickets(agentId, customerIds);
  for (const { ticketId, open, steps } of tickets) {
    await run(
      'openTicket',
      { ...open, ticketId, idempotencyKey: `${ticketId}-open` },
      'OpenTicketInput',
    );
    for (const [index, [mutation, input]] of steps.entries()) {
      await run(
        mutation,
        { ...input, ticketId, idempotencyKey: `${ticketId}-${index}-${mutation}` },
        inputTypes[mutation] ?? '',
      );
    }
  }
  await seedKnowledgeBase(run);
  await seedArticleFromTicket(must, admin);
  await seedInboundChannels();
  const katherine = customerIds[2];
  if (katherine) await seedDetractorCareTask(must, admin, katherine);
  await seedPhoneLoggedTicket(must, admin, customerIds[1]);
  return tickets.length + 3;
}

/**
 * A call logged by an agent with the caller's number only: the desk links it to Alan Turing, whose
 * phone contact it is (seed-demo.ts gives him +49 30 5551003). Last, so the desk's contact index has
 * read the customers' contacts from the log long before; the seed checks the link.
 */
async function seedPhoneLoggedTicket(
  must: MustQuery,
  admin: string,
  alan: string | undefined,
): Promise<void> {
  const ticketId = 'demo-ticket-phone';
  await must(
    `mutation($input: OpenTicketInput!) { openTicket(input: $input) { position } }`,
    {
      input: {
        ticketId,
        idempotencyKey: `${ticketId}-open`,
        channel: 'PHONE',
        subject: 'Invoice charged twice',
        body: 'Caller says the invoice of last month was debited twice from his account.',
        type: 'QUESTION',
        tags: ['billing'],
        requesterPhone: '+49 30 555 1003',
      },
    },
    admin,
  );
  await eventuallyTrue(async () => {
    const ticket = await queuedTicket<{ customerId: string | null }>(
      must,
      admin,
      ticketId,
      'customerId',
    );
    if (ticket && alan && ticket.customerId !== alan)
      throw new Error(`the phone-logged demo ticket is linked to ${ticket.customerId ?? 'nobody'}`);
    return ticket !== null;
  });
}

/**
 * The resolved complaint becomes an internal draft article, its customer's name and ids replaced
 * (the ticket must be in the queue read model first: the gateway reads it there).
 */
async function seedArticleFromTicket(must: MustQuery, admin: string): Promise<void> {
  const ticketId = 'demo-ticket-complaint';
  await eventuallyTrue(
    async () =>
      (await queuedTicket<{ status: string }>(must, admin, ticketId, 'status'))?.status ===
      'resolved',
  );
  await must(
    `mutation($input: WriteArticleFromTicketInput!) { writeArticleFromTicket(input: $input) { position } }`,
    {
      input: {
        ticketId,
        articleId: 'demo-kb-from-damaged-complaint',
        locale: 'en',
        title: 'Damaged delivery: what we do',
        idempotencyKey: 'demo-kb-from-damaged-complaint-v1',
      },
    },
    admin,
  );
}

/**
 * Katherine Johnson answers an NPS survey with 4 through the link mailed to her (read from
 * Mailpit, as her mail client would): a detractor, so a follow-up care task opens in the agents'
 * list. Asked once per cadence: a second run sends nothing and finds the task already there.
 */
async function seedDetractorCareTask(
  must: MustQuery,
  admin: string,
  customerId: string,
): Promise<void> {
  const email = 'katherine.johnson@example.com';
  // Mailpit's clock is the machine's, whatever the platform's test clock says.
  const asked = Date.now() - 1_000;
  const { sendNpsSurvey } = await must<{ sendNpsSurvey: { replayed: boolean } }>(
    `mutation($input: SendNpsSurveyInput!) { sendNpsSurvey(input: $input) { replayed } }`,
    { input: { customerId, email, idempotencyKey: 'demo-nps-katherine' } },
    admin,
  );
  // A second run: asked and answered by the first one.
  if (sendNpsSurvey.replayed) return;
  const mailpit = process.env['CRM_MAILPIT_URL'] ?? 'http://127.0.0.1:58025';
  const search = new URL('/api/v1/search', mailpit);
  search.searchParams.set('query', `to:"${email}" subject:"recommend"`);
  let link: URL | undefined;
  await eventuallyTrue(async () => {
    const { messages } = (await (await fetch(search)).json()) as {
      messages: { ID: string; MessageID: string; Created: string }[];
    };
    // Mailpit is shared by every platform on the machine: this customer's survey mail (the
    // mailer's Message-ID names the customer) sent by this run, not an earlier run's.
    const mine = messages.find(
      (m) => m.MessageID.startsWith(`nps-${customerId}.`) && Date.parse(m.Created) >= asked,
    );
    if (!mine) return false;
    const { Text } = (await (
      await fetch(new URL(`/api/v1/message/${mine.ID}`, mailpit))
    ).json()) as { Text: string };
    link = [...Text.matchAll(/https?:\/\/\S+\/survey\/nps\?\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.searchParams.get('score') === '4');
    return link !== undefined;
  });
  const answered = await fetch(new URL(link!.pathname, link!.origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: link!.searchParams.get('token')!, score: '4' }).toString(),
  });
  // 409: answered by an earlier run of the seed.
  if (answered.status !== 200 && answered.status !== 409)
    throw new Error(`NPS answer page answered ${answered.status}`);
}

/** The ticket's `fields` in the queue read model; null until the projection has it (NOT_FOUND). */
async function queuedTicket<T>(
  must: MustQuery,
  admin: string,
  ticketId: string,
  fields: string,
): Promise<T | null> {
  try {
    const { ticket } = await must<{ ticket: T | null }>(
      `query($id: ID!) { ticket(ticketId: $id) { ${fields} } }`,
      { id: ticketId },
      admin,
    );
    return ticket;
  } catch (error) {
    if (error instanceof Error && error.message.includes('"NOT_FOUND"')) return null;
    throw error;
  }
}

/** Polls `check` every half second for up to a minute (read models catch up asynchronously). */
async function eventuallyTrue(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the demo data did not settle within a minute');
}

/**
 * Two tickets through the desk's own intakes, after the knowledge base (so the automatic reply has
 * its article): Grace Hopper mails the support address over SMTP (the ticket opens linked to her,
 * and Mailpit holds the automatic reply with the damaged-delivery article), and a social listening
 * tool publishes a post on the inbound topic. Fixed message ids: a second run opens nothing more.
 */
async function seedInboundChannels(): Promise<void> {
  const transport = nodemailer.createTransport({
    url: process.env['CRM_SMTP_URL'] ?? 'smtp://127.0.0.1:51025',
  });
  try {
    await transport.sendMail({
      from: 'Grace Hopper <grace.hopper@example.com>',
      to: process.env['CRM_SERVICE_DESK_SUPPORT_ADDRESS'] ?? 'support@desk.localhost',
      subject: 'My parcel arrived damaged',
      text: 'The delivery arrived this morning and the box was crushed; two books are damaged.',
      messageId: '<demo-damaged-parcel@example.com>',
    });
  } finally {
    transport.close();
  }
  const tenantId = process.env['CRM_SERVICE_DESK_MAIL_TENANT'] ?? 'demo';
  await publishInbound(SERVICE_DESK_INBOUND_TICKETS_TOPIC, tenantId, {
    messageId: 'demo-social-1',
    channel: 'social',
    source: 'mastodon',
    subject: 'Store closed on a public holiday?',
    body: '@shop is your store open on Monday, it is a public holiday here',
    tags: ['stores'],
  });
}
