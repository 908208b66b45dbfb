// Care reminders on the real store and timers, with an injected clock: a purchase recorded by the
// customers context (appended here as its public customers.PurchaseRecorded) schedules the
// follow-up and the warranty end; travelling past each opens one agent task, once; a detractor's
// NPS answer opens a follow-up task at once, a promoter's does not; a detractor's CSAT answer
// opens one for the agent rated, which only that agent (or their lead) completes or dismisses.
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  agent,
  ctx,
  lead,
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';
import type { ServiceDeskConfig } from '../config/service-desk.config';
import { customerFactsStore } from '../customers/customer-personal-data';
import { SERVICE_DESK_CONFIG, SERVICE_DESK_PG_POOL } from '../service-desk.tokens';
import { ServiceDeskCare } from './service-desk-care';

jest.setTimeout(90_000);

const TENANT = 'tenant-a';
const CUSTOMER = '0190a000-0000-7000-8000-00000000ca01';
let t: ServiceDeskTestService;
let care: ServiceDeskCare;
let producer: PostgresEventStore;

beforeAll(async () => {
  t = await startServiceDeskTestService('desk-care', '2026-12-07T08:00:00.000Z', {
    CRM_SERVICE_DESK_CARE: 'on',
    CRM_SERVICE_DESK_CARE_FOLLOW_UP_DAYS: '14',
    CRM_SERVICE_DESK_WARRANTY_MONTHS: '24',
  });
  care = t.service.app.get(ServiceDeskCare);
  producer = await PostgresEventStore.create({
    connectionString: t.database.url,
    eventTypes: [
      { type: 'customers.PurchaseRecorded', schemaVersion: 1 },
      { type: 'service-desk.NpsAnswered', schemaVersion: 1 },
      { type: 'service-desk.CsatAnswered', schemaVersion: 1 },
      { type: 'customers.DemographicsSet', schemaVersion: 1 },
      { type: 'customers.PersonalDataErased', schemaVersion: 1 },
      { type: 'customers.CustomerRegistered', schemaVersion: 1 },
    ],
    poolConfig: { max: 2 },
  });
});
afterAll(async () => {
  await producer?.close();
  await t?.stop();
});

const envelope = (type: string, data: object): NewEvent => ({
  eventId: uuidv7(),
  type,
  tenantId: TENANT,
  occurredAt: t.clock.now().toISOString(),
  actor: { kind: 'system', name: 'spec' },
  correlationId: `corr-${uuidv7()}`,
  causationId: `cause-${uuidv7()}`,
  data,
});

const tasks = async () =>
  (await t.events())
    .filter((e) => e.type === 'service-desk.CareTaskOpened')
    .map((e) => ({
      kind: e.data.kind as string,
      dueAt: e.data.dueAt as string,
      actor: e.actor.name as string,
    }));

/** As the customers context writes: personal fields encrypted under the customer's key. */
const customersWriter = () =>
  customerFactsStore(
    producer,
    t.service.app.get(SERVICE_DESK_PG_POOL),
    t.service.app.get<symbol, ServiceDeskConfig>(SERVICE_DESK_CONFIG).masterKeys,
  );

const caughtUp = () => eventually(async () => expect((await care.scheduler.status()).lag).toBe(0));

describe('care reminders', () => {
  it('a purchase opens its follow-up and warranty tasks when they fall due, once each', async () => {
    await producer.append(`customers.Customer-${CUSTOMER}`, [
      envelope('customers.PurchaseRecorded', {
        customerId: CUSTOMER,
        orderId: 'o-42',
        items: [{ sku: 'KETTLE', category: 'kitchen', quantity: 1, unitPrice: '49.90' }],
        amount: '49.90',
        amountMinor: 4990,
        currency: 'EUR',
        channel: 'online_store',
        purchasedAt: '2026-12-07T08:00:00.000Z',
      }),
    ]);
    await caughtUp();
    await care.worker.drain();
    expect(await tasks()).toEqual([]);

    t.clock.set('2026-12-21T08:01:00.000Z');
    await care.worker.drain();
    await care.worker.drain();
    expect(await tasks()).toEqual([
      {
        kind: 'purchase_follow_up',
        dueAt: '2026-12-21T08:00:00.000Z',
        actor: 'service-desk.care-timer',
      },
    ]);

    t.clock.set('2028-12-07T08:01:00.000Z');
    await care.worker.drain();
    expect((await tasks()).map((task) => [task.kind, task.dueAt])).toEqual([
      ['purchase_follow_up', '2026-12-21T08:00:00.000Z'],
      ['warranty_expiry', '2028-12-07T08:00:00.000Z'],
    ]);
  });

  it("a customer's birthday opens a task at 09:00 local each year, until they are erased", async () => {
    const born = '0190a000-0000-7000-8000-00000000ca02';
    const customers = customersWriter();
    t.clock.set('2028-12-08T00:00:00.000Z');
    await customers.append(`customers.Customer-${born}`, [
      envelope('customers.DemographicsSet', { customerId: born, birthday: '1990-12-09' }),
    ]);
    const stored = (await t.events()).find((e) => e.type === 'customers.DemographicsSet');
    expect(stored?.data.birthday).not.toBe('1990-12-09');
    await caughtUp();
    const timer = () => care.timers.get(TENANT, `care:birthday:${born}`);
    // 09:00 in Paris (UTC+1 in December).
    expect((await timer())?.dueAt.toISOString()).toBe('2028-12-09T08:00:00.000Z');

    t.clock.set('2028-12-09T08:01:00.000Z');
    await care.worker.drain();
    expect((await tasks()).filter((task) => task.kind === 'birthday')).toEqual([
      { kind: 'birthday', dueAt: '2028-12-09T08:00:00.000Z', actor: 'service-desk.care-timer' },
    ]);
    // Next year's is set; erasing the customer cancels it.
    await eventually(async () =>
      expect((await timer())?.dueAt.toISOString()).toBe('2029-12-09T08:00:00.000Z'),
    );
    await producer.append(`customers.Customer-${born}`, [
      envelope('customers.PersonalDataErased', { customerId: born, reason: 'asked' }),
    ]);
    await caughtUp();
    expect((await timer())?.status).toBe('cancelled');
  });

  it('an imported registration carrying a birthday schedules it like DemographicsSet (ADR 0340)', async () => {
    const imported = '0190a000-0000-7000-8000-00000000ca03';
    const plain = '0190a000-0000-7000-8000-00000000ca04';
    const customers = customersWriter();
    t.clock.set('2028-12-08T00:00:00.000Z');
    const registered = (customerId: string, extra: object): NewEvent =>
      envelope('customers.CustomerRegistered', {
        customerId,
        kind: 'person',
        status: 'prospect',
        person: { firstName: 'Ada', lastName: 'Lovelace' },
        ...extra,
      });
    await customers.append(`customers.Customer-${imported}`, [
      registered(imported, { demographics: { birthday: '1991-12-10', region: 'North' } }),
    ]);
    await customers.append(`customers.Customer-${plain}`, [registered(plain, {})]);
    const stored = (await t.events()).find(
      (e) => e.type === 'customers.CustomerRegistered' && e.data.customerId === imported,
    );
    expect((stored?.data.demographics as { birthday?: unknown }).birthday).not.toBe('1991-12-10');
    await caughtUp();
    expect((await care.timers.get(TENANT, `care:birthday:${imported}`))?.dueAt.toISOString()).toBe(
      '2028-12-10T08:00:00.000Z',
    );
    expect(await care.timers.get(TENANT, `care:birthday:${plain}`)).toBeUndefined();
  });

  it('a detractor NPS answer opens a follow-up task; a promoter answer does not', async () => {
    const answer = (score: number) =>
      envelope('service-desk.NpsAnswered', {
        customerId: CUSTOMER,
        at: t.clock.now().toISOString(),
        surveyId: `2028-12-0${score === 3 ? 1 : 2}T00:00:00.000Z`,
        dataSubjectId: CUSTOMER,
        score,
      });
    const before = (await tasks()).length;
    await producer.append(`service-desk.NpsSurvey-${CUSTOMER}`, [answer(3), answer(10)]);
    await caughtUp();
    const opened = (await tasks()).slice(before);
    expect(opened).toEqual([
      {
        kind: 'detractor_follow_up',
        dueAt: t.clock.now().toISOString(),
        actor: 'service-desk.care-scheduler',
      },
    ]);
  });

  it("a detractor's CSAT opens a task for the agent rated, who completes it once", async () => {
    const { createdId: ticketId } = (await t.call('OpenTicket', {
      ctx: ctx(),
      channel: 'TICKET_CHANNEL_WEB_FORM',
      subject: 'Broken kettle',
      body: 'It leaks.',
      priority: 'TICKET_PRIORITY_NORMAL',
      type: 'TICKET_TYPE_QUESTION',
      customerId: CUSTOMER,
    })) as { createdId: string };
    await producer.append(`service-desk.Ticket-${ticketId}`, [
      envelope('service-desk.CsatAnswered', {
        ticketId,
        at: t.clock.now().toISOString(),
        surveyId: '2026-12-07T07:00:00.000Z',
        score: 1,
        dataSubjectId: ticketId,
        agentId: 'agent-7',
        teamId: 'desk-b',
      }),
    ]);
    await caughtUp();
    const opened = (await t.events()).find(
      (e) => e.type === 'service-desk.CareTaskOpened' && e.data.ticketId === ticketId,
    );
    expect(opened?.data).toMatchObject({
      kind: 'detractor_follow_up',
      customerId: CUSTOMER,
      score: 1,
      agentId: 'agent-7',
      teamId: 'desk-b',
    });
    const taskId = opened!.data.taskId as string;
    const code = async (rpc: string, request: object, as: object) =>
      (await t.fail(rpc, { ctx: ctx(), taskId, ...request }, as)).detail.code;

    const before = await t.eventCount();
    // Another agent, another team's lead: the task does not exist for them.
    expect(await code('CompleteCareTask', {}, agent('agent-8', 'desk-b'))).toBe(
      'CARE_TASK_NOT_FOUND',
    );
    expect(await code('CompleteCareTask', {}, lead('lead-a', 'desk-a'))).toBe(
      'CARE_TASK_NOT_FOUND',
    );
    expect(await code('DismissCareTask', { reason: 'bored' }, agent('agent-7', 'desk-b'))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await t.eventCount()).toBe(before);

    await t.call('CompleteCareTask', { ctx: ctx(), taskId }, agent('agent-7', 'desk-b'));
    await t.call('CompleteCareTask', { ctx: ctx(), taskId }, agent('agent-7', 'desk-b'));
    const closed = (await t.events()).filter(
      (e) => e.type === 'service-desk.CareTaskCompleted' && e.data.taskId === taskId,
    );
    expect(closed.map((e) => e.data.by as string)).toEqual(['agent-7']);
    expect(await code('DismissCareTask', { reason: 'not_needed' }, lead('lead-b', 'desk-b'))).toBe(
      'CARE_TASK_NOT_OPEN',
    );
  });
});
