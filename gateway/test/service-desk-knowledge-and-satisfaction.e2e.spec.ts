// The knowledge base and the CSAT survey on the running platform, with real mail (Mailpit): an
// article written and published through GraphQL ranks first in search and in the suggestions for a
// ticket about it, and its deflection is counted; resolving the ticket mails the requester the
// survey, whose link opens the gateway's answer page, and the answer shows in the CSAT results of
// the ticket's team; an NPS survey sent to a customer is answered the same way and counts in the
// tenant's NPS; the customer 360 shows the last CSAT and NPS answers. Every run uses its own ids,
// addresses and subjects.
import { randomUUID } from 'node:crypto';
import { eventually } from '@crm/testing';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(300_000);
const SETTLE = { timeoutMs: 120_000, intervalMs: 500 };

const mailpitUrl = process.env['CRM_MAILPIT_URL'] ?? 'http://127.0.0.1:58025';
const run = randomUUID().slice(0, 8);
const customer = `grace.${run}@customers.example`;
const team = `e2e-desk-${run}`;

interface Result {
  position: string;
  createdId: string | null;
  aggregateId: string;
}
interface Match {
  score: number;
  article: { articleId: string; deflections: number; published: { title: string } | null };
}

let client: GatewayGraphQLClient;
beforeAll(async () => {
  client = await loginToRunningPlatform();
}, 60_000);

async function registerCustomer(email: string): Promise<string> {
  const { registerCustomer } = await client.data<{ registerCustomer: { customerId: string } }>(
    `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
    {
      input: {
        person: { firstName: 'Grace', lastName: `Survey${run}` },
        contacts: [{ email, primary: true }],
        initialStatus: 'ACTIVE',
      },
    },
  );
  return registerCustomer.customerId;
}

/** The customer 360's last survey answers, once the answer is there. */
async function lastAnswers(customerId: string, which: 'lastCsat' | 'lastNps') {
  return eventually(async () => {
    const { customer } = await client.data<{
      customer: { serviceDesk: Record<string, { score: number; ticketId: string | null } | null> };
    }>(
      `query($id: ID!) { customer(id: $id) { serviceDesk { ${which} { score ticketId answeredAt } } } }`,
      { id: customerId },
    );
    expect(customer.serviceDesk[which]).not.toBeNull();
    return customer.serviceDesk[which]!;
  }, SETTLE);
}

const mutate = async (name: string, inputType: string, input: object): Promise<Result> =>
  (
    await client.data<Record<string, Result>>(
      `mutation($input: ${inputType}!) { ${name}(input: $input) { position createdId aggregateId } }`,
      { input },
    )
  )[name]!;

async function surveyMail(to = customer, subject = 'How did we do'): Promise<string> {
  const url = new URL('/api/v1/search', mailpitUrl);
  url.searchParams.set('query', `to:"${to}" subject:"${subject}"`);
  const [found] = await eventually(async () => {
    const { messages } = (await (await fetch(url)).json()) as { messages: { ID: string }[] };
    expect(messages).toHaveLength(1);
    return messages;
  }, SETTLE);
  return (
    (await (await fetch(new URL(`/api/v1/message/${found!.ID}`, mailpitUrl))).json()) as {
      Text: string;
    }
  ).Text;
}

describe('knowledge base and satisfaction end to end', () => {
  it('suggests the published article for a ticket, and records the CSAT answered by mail link', async () => {
    const written = await mutate('writeArticleVersion', 'WriteArticleVersionInput', {
      locale: 'en',
      title: `Return a parcel ${run}`,
      body: 'Print the return label from your account and drop the parcel at any relay point.',
      tags: ['returns'],
      visibility: 'PUBLIC',
    });
    const articleId = written.createdId!;
    const other = await mutate('writeArticleVersion', 'WriteArticleVersionInput', {
      locale: 'en',
      title: `Delivery times ${run}`,
      body: 'Parcels arrive within three working days.',
      visibility: 'PUBLIC',
    });
    await mutate('publishArticle', 'ArticleLocaleInput', {
      articleId: other.createdId,
      locale: 'en',
    });
    const revised = await mutate('writeArticleVersion', 'WriteArticleVersionInput', {
      articleId,
      locale: 'en',
      title: `Return a parcel ${run}`,
      body: 'Print the return label from your account and drop the parcel at any relay point. Refunds follow.',
      tags: ['returns'],
      visibility: 'PUBLIC',
    });
    expect(revised.aggregateId).toBe(articleId);
    const published = await mutate('publishArticle', 'ArticleLocaleInput', {
      articleId,
      locale: 'en',
    });

    const { searchKnowledgeBase } = await client.data<{ searchKnowledgeBase: Match[] }>(
      `query($q: String!, $p: String) { searchKnowledgeBase(query: $q, locale: "en", atLeastPosition: $p) {
         score article { articleId deflections published { title } } } }`,
      { q: `how do I return my parcel ${run}`, p: published.position },
    );
    expect(searchKnowledgeBase[0]?.article).toMatchObject({
      articleId,
      published: { title: `Return a parcel ${run}` },
    });

    const customerId = await registerCustomer(customer);
    const opened = await mutate('openTicket', 'OpenTicketInput', {
      channel: 'WEB_FORM',
      subject: `Return a parcel ${run}`,
      body: 'I want to send it back.',
      requesterEmail: customer,
      customerId,
      tags: ['returns'],
    });
    const ticketId = opened.createdId!;
    await mutate('assignTicket', 'AssignTicketInput', {
      ticketId,
      agentId: `agent-${run}`,
      teamId: team,
    });
    const { suggestedArticles } = await client.data<{ suggestedArticles: Match[] }>(
      `query($id: ID!, $p: String) { suggestedArticles(ticketId: $id, atLeastPosition: $p) {
         article { articleId } } }`,
      { id: ticketId, p: opened.position },
    );
    expect(suggestedArticles[0]?.article.articleId).toBe(articleId);

    const deflected = await mutate('recordArticleDeflection', 'RecordArticleDeflectionInput', {
      articleId,
      locale: 'en',
      ticketId,
    });
    const { knowledgeBaseArticle } = await client.data<{
      knowledgeBaseArticle: { deflections: number; status: string; draft: { version: number } };
    }>(
      `query($id: ID!, $p: String) { knowledgeBaseArticle(articleId: $id, locale: "en", atLeastPosition: $p) {
         deflections status draft { version } } }`,
      { id: articleId, p: deflected.position },
    );
    expect(knowledgeBaseArticle).toEqual({
      deflections: 1,
      status: 'published',
      draft: { version: 2 },
    });

    await mutate('resolveTicket', 'ResolveTicketInput', { ticketId, resolution: 'Label sent' });
    const text = await surveyMail();
    const link = [...text.matchAll(/https?:\/\/\S+\/survey\/csat\?\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.searchParams.get('score') === '5');
    expect(link).toBeDefined();

    // The link opens a confirmation page; posting it records the answer.
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="5" checked');
    const answer = (score: string) =>
      fetch(new URL(link!.pathname, link!.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: link!.searchParams.get('token')!,
          score,
          comment: 'Quick and kind',
        }).toString(),
      });
    const answered = await answer('5');
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('5 out of 5');
    expect((await answer('2')).status).toBe(409);

    await eventually(async () => {
      const { csatResults } = await client.data<{
        csatResults: { key: string | null; answers: number; satisfiedShare: number }[];
      }>(`query { csatResults(groupBy: TEAM) { key answers satisfiedShare } }`);
      expect(csatResults.find((r) => r.key === team)).toEqual({
        key: team,
        answers: 1,
        satisfiedShare: 1,
      });
    }, SETTLE);
    // The customer 360 shows the answer as their last CSAT.
    expect(await lastAnswers(customerId, 'lastCsat')).toMatchObject({ score: 5, ticketId });
  });

  it("a detractor's CSAT opens a care task for the agent rated, listed for them and completed once", async () => {
    const unhappy = `unhappy.${run}@customers.example`;
    const customerId = await registerCustomer(unhappy);
    const agentId = `agent-${run}`;
    const { createdId: ticketId } = await mutate('openTicket', 'OpenTicketInput', {
      channel: 'WEB_FORM',
      subject: `Broken kettle ${run}`,
      body: 'It leaks.',
      requesterEmail: unhappy,
      customerId,
    });
    await mutate('assignTicket', 'AssignTicketInput', { ticketId, agentId, teamId: team });
    await mutate('resolveTicket', 'ResolveTicketInput', { ticketId, resolution: 'Replaced' });
    const link = [...(await surveyMail(unhappy)).matchAll(/https?:\/\/\S+\/survey\/csat\?\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.searchParams.get('score') === '1')!;
    const answered = await fetch(new URL(link.pathname, link.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: link.searchParams.get('token')!, score: '1' }).toString(),
    });
    expect(answered.status).toBe(200);

    const listed = (statuses: string) =>
      client.data<{ careTasks: Record<string, unknown>[] }>(
        `query($c: ID!) { careTasks(customerId: $c, statuses: [${statuses}]) {
           taskId kind status ticketId score assigneeId teamId closedBy } }`,
        { c: customerId },
      );
    const [task] = await eventually(async () => {
      const { careTasks } = await listed('OPEN');
      expect(careTasks).toHaveLength(1);
      return careTasks;
    }, SETTLE);
    expect(task).toMatchObject({
      kind: 'detractor_follow_up',
      status: 'OPEN',
      ticketId,
      score: 1,
      assigneeId: agentId,
      teamId: team,
    });
    const done = await mutate('completeCareTask', 'CompleteCareTaskInput', {
      taskId: task!.taskId,
    });
    const { careTasks } = await client.data<{ careTasks: Record<string, unknown>[] }>(
      `query($c: ID!, $p: String) { careTasks(customerId: $c, statuses: [COMPLETED], atLeastPosition: $p) {
         taskId status closedBy } }`,
      { c: customerId, p: done.position },
    );
    expect(careTasks).toEqual([
      { taskId: task!.taskId, status: 'COMPLETED', closedBy: expect.any(String) },
    ]);
    expect((await listed('OPEN')).careTasks).toEqual([]);
    const refused = await client.request(
      `mutation($input: DismissCareTaskInput!) { dismissCareTask(input: $input) { position } }`,
      { input: { taskId: task!.taskId, reason: 'NOT_NEEDED' } },
    );
    expect(JSON.stringify(refused.errors)).toContain('CARE_TASK_NOT_OPEN');
    // The customer 360 shows the detractor's answer as the last CSAT.
    expect(await lastAnswers(customerId, 'lastCsat')).toMatchObject({ score: 1, ticketId });
  });

  it('mails an NPS survey to a customer once per cadence and counts the answer in the NPS', async () => {
    const nps = `nps.${run}@customers.example`;
    const input = { customerId: await registerCustomer(nps), email: nps };
    const sent = await mutate('sendNpsSurvey', 'SendNpsSurveyInput', input);
    expect(sent.aggregateId).toBe(input.customerId);
    const { sendNpsSurvey } = await client.data<{ sendNpsSurvey: { replayed: boolean } }>(
      `mutation($input: SendNpsSurveyInput!) { sendNpsSurvey(input: $input) { replayed } }`,
      { input },
    );
    expect(sendNpsSurvey.replayed).toBe(true);

    const text = await surveyMail(nps, 'recommend');
    const link = [...text.matchAll(/https?:\/\/\S+\/survey\/nps\?\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.searchParams.get('score') === '10');
    expect(link).toBeDefined();
    expect((await fetch(link!)).status).toBe(200);
    const answered = await fetch(new URL(link!.pathname, link!.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: link!.searchParams.get('token')!,
        score: '10',
      }).toString(),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('10 out of 10');

    await eventually(async () => {
      const { npsResult } = await client.data<{
        npsResult: { answers: number; promoters: number };
      }>(`query { npsResult { answers promoters } }`);
      expect(npsResult.promoters).toBeGreaterThanOrEqual(1);
    }, SETTLE);
    expect(await lastAnswers(input.customerId, 'lastNps')).toMatchObject({
      score: 10,
      ticketId: null,
    });
  });
});
