// The automatic NPS cadence on PostgreSQL with the injected clock: a customer surveyed once is
// asked again by the timer `cadence` days after their last survey, or after their answer when they
// answered (never sooner); not when they withdrew e-mail consent, nor once they are erased.
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { customerEvents, type CustomerEvents } from '../../test/customer-events';
import {
  TEST_SURVEY_SECRET,
  ctx,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import { NPS_TIMER } from './nps-schedule';
import { ServiceDeskNpsSchedule } from './service-desk-nps-schedule';
import { SurveyLinks } from './survey-link';

jest.setTimeout(60_000);

const TENANT = 'tenant-a';
const T0 = '2026-12-07T08:00:00.000Z';
const DAY_MS = 86_400_000;
const day = (n: number) => new Date(Date.parse(T0) + n * DAY_MS + 60_000).toISOString();

let t: ServiceDeskTestService;
let schedule: ServiceDeskNpsSchedule;
let customers: CustomerEvents;

beforeAll(async () => {
  t = await startServiceDeskTestService('desk-nps-schedule', T0, {
    CRM_SERVICE_DESK_NPS_SCHEDULE: 'on',
    CRM_SERVICE_DESK_NPS_CADENCE_DAYS: '30',
  });
  schedule = t.service.app.get(ServiceDeskNpsSchedule);
  customers = await customerEvents(t);
});
afterAll(async () => {
  await customers?.close();
  await t?.stop();
});

const scheduled = () =>
  eventually(async () => expect((await schedule.scheduler.status()).lag).toBe(0));

/** The NPS surveys sent to the customer: when, and by whom. */
const surveysOf = async (customerId: string) =>
  (await t.events())
    .filter(
      (e) =>
        e.type === 'service-desk.NpsSurveySent' &&
        e.stream_id === `service-desk.NpsSurvey-${customerId}`,
    )
    .map((e) => ({ at: e.data.at as string, by: e.actor.name as string }));

/** Moves the clock to `at` and fires what is due. */
const fireAt = async (at: string) => {
  t.clock.set(at);
  await schedule.worker.drain();
};

const surveyed = async () => {
  const customerId = uuidv7();
  await t.call('SendNpsSurvey', { ctx: ctx(), customerId, email: `${customerId}@example.com` });
  return customerId;
};

describe('the automatic NPS cadence', () => {
  beforeEach(() => t.clock.set(T0));

  it('asks again once the cadence has passed since the last survey, not sooner, and keeps going', async () => {
    const customerId = await surveyed();
    await scheduled();
    await fireAt(day(29));
    expect(await surveysOf(customerId)).toHaveLength(1);
    await fireAt(day(30));
    const after = await surveysOf(customerId);
    expect(after).toHaveLength(2);
    expect(after[1]?.by).toBe(NPS_TIMER);
    await scheduled();
    await fireAt(day(59));
    expect(await surveysOf(customerId)).toHaveLength(2);
    await fireAt(day(60));
    expect(await surveysOf(customerId)).toHaveLength(3);
  });

  it('counts the cadence from the answer when the customer answered', async () => {
    const customerId = await surveyed();
    t.clock.set(day(10));
    const token = await new SurveyLinks(TEST_SURVEY_SECRET, 30, () => t.clock.now()).sign({
      kind: 'nps',
      tenantId: TENANT,
      subjectId: customerId,
      surveyId: T0,
    });
    await t.call('AnswerNpsSurvey', { ctx: ctx(), token, score: 8 });
    await scheduled();
    await fireAt(day(30));
    expect(await surveysOf(customerId)).toHaveLength(1);
    await fireAt(day(40));
    expect(await surveysOf(customerId)).toHaveLength(2);
  });

  it('does not ask a customer who withdrew e-mail consent', async () => {
    const customerId = await surveyed();
    await customers.append(TENANT, customerId, 'customers.ConsentWithdrawn', {
      channel: 'email',
      source: 'unsubscribe-link',
      withdrawnAt: T0,
    });
    await scheduled();
    await fireAt(day(31));
    expect(await surveysOf(customerId)).toHaveLength(1);
  });

  it('does not ask an erased customer: their timer is cancelled', async () => {
    const customerId = await surveyed();
    await scheduled();
    await customers.append(TENANT, customerId, 'customers.PersonalDataErased', { reason: 'asked' });
    await scheduled();
    expect((await schedule.timers.get(TENANT, `nps:${customerId}`))?.status).toBe('cancelled');
    await fireAt(day(31));
    expect(await surveysOf(customerId)).toHaveLength(1);
  });
});
