// The CSAT survey against the real mail server (Mailpit) and PostgreSQL: resolving a ticket mails
// the requester five signed one-click links; relaying one records the score for the agent and team
// who held the ticket under the survey's system identity; a second, different answer, a forged
// link and another tenant's link are refused and write nothing.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';
import {
  TEST_SURVEY_SECRET,
  agent,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { SurveyLinks } from './survey-link';

jest.setTimeout(90_000);

let infra: TestInfrastructure;
let t: ServiceDeskTestService;
const tag = randomUUID().slice(0, 8);
const support = `support-${tag}@desk.test`;
const customer = `grace-${tag}@example.com`;
/**
 * The answer page relays a click under its own identity. Every call token names a role; an auditor
 * may write nothing else, which shows the signed link, not the role, authorises the answer.
 */
const relay = {
  actor: { kind: 'system' as const, name: 'gateway.survey-page' },
  roles: [Role.AUDITOR],
};

beforeAll(async () => {
  infra = await testInfrastructure({ require: ['postgres', 'mailpit'] });
  t = await startServiceDeskTestService('desk-csat', new Date().toISOString(), {
    CRM_SERVICE_DESK_MAIL: 'on',
    CRM_SMTP_URL: infra.smtpUrl,
    CRM_MAILPIT_URL: infra.mailpitUrl,
    CRM_SERVICE_DESK_SUPPORT_ADDRESS: support,
    CRM_SERVICE_DESK_MAIL_TENANT: 'tenant-a',
    CRM_SERVICE_DESK_MAIL_POLL_MS: '3600000',
    CRM_SERVICE_DESK_SURVEY_URL: 'https://desk.example/survey',
  });
});
afterAll(async () => {
  await t?.stop();
});

async function surveyText(): Promise<string> {
  const url = new URL('/api/v1/search', infra.mailpitUrl);
  url.searchParams.set('query', `to:"${customer}" subject:"How did we do"`);
  const [found] = await eventually(
    async () => {
      const { messages } = (await (await fetch(url)).json()) as { messages: { ID: string }[] };
      expect(messages).toHaveLength(1);
      return messages;
    },
    { timeoutMs: 30_000 },
  );
  const message = (await (
    await fetch(new URL(`/api/v1/message/${found!.ID}`, infra.mailpitUrl))
  ).json()) as { Text: string };
  return message.Text;
}

describe('the CSAT survey', () => {
  it('is mailed on resolution with signed links, and one click records the score for agent and team', async () => {
    const { createdId: ticketId } = await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_WEB_FORM',
      subject: `Lost parcel ${tag}`,
      body: 'Where is it?',
      requesterEmail: customer,
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      tags: [],
    });
    await t.call('AssignTicket', { ctx: ctx(), ticketId, agentId: 'agent-1', teamId: 'desk-a' });
    await t.call(
      'ResolveTicket',
      { ctx: ctx(), ticketId, resolution: 'Found it' },
      agent('agent-1'),
    );

    const text = await surveyText();
    const links = [...text.matchAll(/https:\/\/desk\.example\/survey\/csat\?\S+/g)].map(
      (m) => new URL(m[0]),
    );
    expect(links.map((l) => l.searchParams.get('score'))).toEqual(['1', '2', '3', '4', '5']);
    const token = links[3]!.searchParams.get('token')!;

    const answered = await t.call(
      'AnswerCsatSurvey',
      { ctx: ctx(), token, score: 4, comment: 'Grace is pleased' },
      relay,
    );
    expect(answered.eventTypes).toEqual(['service-desk.CsatAnswered']);
    const event = (await t.events()).find((e) => e.type === 'service-desk.CsatAnswered');
    expect(event?.data).toMatchObject({ ticketId, score: 4, agentId: 'agent-1', teamId: 'desk-a' });
    expect(JSON.stringify(event?.data)).not.toContain('Grace');
    expect(event?.actor).toMatchObject({ kind: 'system', name: 'service-desk.csat-survey' });

    // The same click again is the same answer.
    expect(
      (await t.call('AnswerCsatSurvey', { ctx: ctx(), token, score: 4 }, relay)).replayed,
    ).toBe(true);
  });

  it('refuses another score, a forged link and another tenant’s link, writing nothing', async () => {
    const [event] = (await t.events()).filter((e) => e.type === 'service-desk.CsatAnswered');
    const claims = {
      kind: 'csat' as const,
      subjectId: event!.data.ticketId as string,
      surveyId: event!.data.surveyId as string,
    };
    const genuine = new SurveyLinks(TEST_SURVEY_SECRET, 30, () => new Date());
    const before = await t.eventCount();

    const again = await t.fail(
      'AnswerCsatSurvey',
      { ctx: ctx(), token: await genuine.sign({ tenantId: 'tenant-a', ...claims }), score: 1 },
      relay,
    );
    expect([again.code, again.detail.code]).toEqual([
      grpc.status.ALREADY_EXISTS,
      'SURVEY_ALREADY_ANSWERED',
    ]);
    const forger = new SurveyLinks(
      'a-forger-secret-of-at-least-32-characters',
      30,
      () => new Date(),
    );
    const forged = await t.fail(
      'AnswerCsatSurvey',
      { ctx: ctx(), token: await forger.sign({ tenantId: 'tenant-a', ...claims }), score: 5 },
      relay,
    );
    expect(forged.detail.code).toBe('SURVEY_INVALID');
    const otherTenant = await t.fail(
      'AnswerCsatSurvey',
      { ctx: ctx(), token: await genuine.sign({ tenantId: 'tenant-b', ...claims }), score: 5 },
      relay,
    );
    expect(otherTenant.detail.code).toBe('SURVEY_INVALID');
    const bad = await t.fail('AnswerCsatSurvey', { ctx: ctx(), token: '', score: 9 }, relay);
    expect(bad.detail.violations.map((v) => v.field).sort()).toEqual(['score', 'token']);
    expect(await t.eventCount()).toBe(before);
  });
});
