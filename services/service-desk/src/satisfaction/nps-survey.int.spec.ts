// NPS surveys against the real mail server (Mailpit) and PostgreSQL: a lead asks a customer, who
// is not asked again within the cadence; the mail carries eleven signed links; relaying one records
// the answer under the survey's system identity; agents may not send surveys, a CSAT link is no NPS
// link, and refusals write nothing.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Role } from '@crm/access-policy';
import { eventually, testInfrastructure, type TestInfrastructure } from '@crm/testing';
import {
  TEST_SURVEY_SECRET,
  agent,
  ctx,
  lead,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { SurveyLinks } from './survey-link';

jest.setTimeout(90_000);

let infra: TestInfrastructure;
let t: ServiceDeskTestService;
const tag = randomUUID().slice(0, 8);
const customer = `alan-${tag}@example.com`;
const customerId = `c-${tag}`;
const relay = {
  actor: { kind: 'system' as const, name: 'gateway.survey-page' },
  roles: [Role.AUDITOR],
};

beforeAll(async () => {
  infra = await testInfrastructure({ require: ['postgres', 'mailpit'] });
  t = await startServiceDeskTestService('desk-nps', new Date().toISOString(), {
    CRM_SERVICE_DESK_MAIL: 'on',
    CRM_SMTP_URL: infra.smtpUrl,
    CRM_MAILPIT_URL: infra.mailpitUrl,
    CRM_SERVICE_DESK_SUPPORT_ADDRESS: `support-${tag}@desk.test`,
    CRM_SERVICE_DESK_MAIL_TENANT: 'tenant-a',
    CRM_SERVICE_DESK_MAIL_POLL_MS: '3600000',
    CRM_SERVICE_DESK_SURVEY_URL: 'https://desk.example/survey',
  });
});
afterAll(async () => {
  await t?.stop();
});

it('asks once per cadence, mails signed 0-10 links, and records the relayed answer', async () => {
  const denied = await t.fail(
    'SendNpsSurvey',
    { ctx: ctx(), customerId, email: customer },
    agent('agent-1'),
  );
  expect(denied.code).toBe(grpc.status.PERMISSION_DENIED);
  const sent = await t.call(
    'SendNpsSurvey',
    { ctx: ctx(), customerId, email: customer },
    lead('lead-1', 'desk-a'),
  );
  expect(sent.eventTypes).toEqual(['service-desk.NpsSurveySent']);
  const again = await t.call('SendNpsSurvey', { ctx: ctx(), customerId, email: customer });
  expect(again.replayed).toBe(true);

  const url = new URL('/api/v1/search', infra.mailpitUrl);
  url.searchParams.set('query', `to:"${customer}" subject:"recommend"`);
  const [found] = await eventually(
    async () => {
      const { messages } = (await (await fetch(url)).json()) as { messages: { ID: string }[] };
      expect(messages).toHaveLength(1);
      return messages;
    },
    { timeoutMs: 30_000 },
  );
  const { Text } = (await (
    await fetch(new URL(`/api/v1/message/${found!.ID}`, infra.mailpitUrl))
  ).json()) as {
    Text: string;
  };
  const links = [...Text.matchAll(/https:\/\/desk\.example\/survey\/nps\?\S+/g)].map(
    (m) => new URL(m[0]),
  );
  expect(links.map((l) => l.searchParams.get('score'))).toEqual([
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
    '10',
  ]);
  const token = links[9]!.searchParams.get('token')!;

  const before = await t.eventCount();
  const csatLink = await new SurveyLinks(TEST_SURVEY_SECRET, 30, () => new Date()).sign({
    kind: 'csat',
    tenantId: 'tenant-a',
    subjectId: customerId,
    surveyId: new Date().toISOString(),
  });
  expect(
    (await t.fail('AnswerNpsSurvey', { ctx: ctx(), token: csatLink, score: 9 }, relay)).detail.code,
  ).toBe('SURVEY_INVALID');
  expect(await t.eventCount()).toBe(before);

  const answered = await t.call(
    'AnswerNpsSurvey',
    { ctx: ctx(), token, score: 9, comment: 'Alan loves it' },
    relay,
  );
  expect(answered.eventTypes).toEqual(['service-desk.NpsAnswered']);
  const events = (await t.events()).filter(
    (e) => e.stream_id === `service-desk.NpsSurvey-${customerId}`,
  );
  expect(events.map((e) => e.type)).toEqual([
    'service-desk.NpsSurveySent',
    'service-desk.NpsAnswered',
  ]);
  expect(JSON.stringify(events)).not.toContain(customer);
  expect(JSON.stringify(events)).not.toContain('Alan');
  expect(events[1]?.actor).toMatchObject({ kind: 'system', name: 'service-desk.nps-survey' });
});
