// Journeys and attribution in the Marketing service over real gRPC, PostgreSQL, the MongoDB-wire
// server and SMTP (Mailpit), with an injected clock: the ready-made welcome journey fires on
// customers.CustomerRegistered after its wait (the mail read back from Mailpit) and a replay of the
// whole log plus a second registration mail nobody twice; a consent withdrawn during the wait
// stops the send; the birthday journey fires at 09:00 in the customer's own time zone and not
// before; an order is attributed to the journey touches under three models and ROI computed; the
// win-back journey starts on loyalty.ChurnRiskRaised, ends on ChurnRiskEased, and otherwise
// branches to a reminder after its wait; quiet hours hold an e-mail and an SMS step alike; the
// inactivity trigger enrols N days after the last registration or order; a branch on engagement
// takes the engaged path for whoever opened the journey's mail.
import { randomUUID } from 'node:crypto';
import { storeEventTypes } from '@crm/contracts';
import { customersContracts } from '@crm/contracts/customers';
import { loyaltyContracts } from '@crm/contracts/loyalty';
import { salesContracts } from '@crm/contracts/sales';
import { PostgresEventStore } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { v7 as uuidv7 } from 'uuid';
import {
  UNSUBSCRIBE_KEY,
  UNSUBSCRIBE_ONLY_BODY,
  ctx,
  startMarketingTestService,
  type MarketingTestService,
} from '../../test/marketing-test-service';
import { signOpenToken } from '../tracking/message-tracking';
import { CHANNEL_SINK_COLLECTION, type SinkMessageDocument } from '@crm/marketing-read-models';
import type { Connection } from 'mongoose';
import { MARKETING_MONGO } from '../marketing.tokens';
import { JourneyWorkers } from './journey-workers';

jest.setTimeout(120_000);

const tag = randomUUID().slice(0, 8);
const address = (name: string) => `${name}-${tag}@example.com`;
/** The service's clock, moved by the test (timers fire when it passes their due time). */
class ManualClock implements RuntimeDependencies {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  newId = (): string => uuidv7();
  set(instant: string): void {
    this.current = new Date(instant);
  }
}
const clock = new ManualClock(new Date('2026-07-13T23:00:00.000Z'));

function profile(id: string, over: Record<string, unknown> = {}) {
  return {
    _id: id,
    tenantId: 'tenant-a',
    kind: 'person',
    status: 'active',
    person: { firstName: id[0]!.toUpperCase() + id.slice(1), lastName: 'Test' },
    consents: { email: { granted: true, source: 'web', since: '2026-01-01T00:00:00.000Z' } },
    contacts: { c1: { kind: 'email', email: address(id), addedAt: '2026-01-01T00:00:00.000Z' } },
    primaryContacts: { email: 'c1' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...over,
  };
}

interface Summary {
  readonly ID: string;
  readonly Subject: string;
}

let t: MarketingTestService;
let foreign: PostgresEventStore;

async function mailsTo(recipient: string): Promise<Summary[]> {
  const url = new URL('/api/v1/search', t.infra.mailpitUrl);
  url.searchParams.set('query', `to:${recipient}`);
  return ((await (await fetch(url)).json()) as { messages: Summary[] }).messages;
}

/** Another context's event, appended to the shared store as that context would. */
async function publish(streamId: string, type: string, data: Record<string, unknown>) {
  const eventId = uuidv7();
  await foreign.append(streamId, [
    {
      eventId,
      type,
      schemaVersion: 1,
      tenantId: 'tenant-a',
      occurredAt: clock.now().toISOString(),
      actor: { kind: 'system', name: 'test.other-context' },
      correlationId: eventId,
      causationId: eventId,
      data,
    },
  ]);
  return eventId;
}

const register = (customerId: string) =>
  publish(`customers.Customer-${customerId}`, 'customers.CustomerRegistered', {
    customerId,
    kind: 'person',
    status: 'active',
  });

async function journeyEvents(type: string, customerId?: string) {
  return (await t.events()).filter(
    (e) => e.type === type && (customerId === undefined || e.data.customerId === customerId),
  );
}

beforeAll(async () => {
  t = await startMarketingTestService(
    'mkt-journeys',
    // Quiet hours at lunch, when no other test of this file sends.
    { CRM_MARKETING_MEMBERSHIP_INTERVAL_MS: '200', CRM_MARKETING_QUIET_HOURS: '12:00-14:00' },
    clock,
  );
  foreign = await PostgresEventStore.create({
    connectionString: t.databaseUrl,
    eventTypes: storeEventTypes([
      ...customersContracts.events,
      ...salesContracts.events,
      ...loyaltyContracts.events,
    ]),
    poolConfig: { max: 2 },
  });
  await t.putCustomers([
    profile('anna', {
      demographics: { birthday: '1990-07-14' },
      customFields: { timeZone: 'Asia/Shanghai' },
    }),
    profile('bert', { demographics: { birthday: '1985-07-14' } }),
    profile('cara'),
    profile('dora'),
    profile('emil'),
  ]);
});
afterAll(async () => {
  await foreign?.close();
  await t?.stop();
});

describe('journeys', () => {
  it('refuses an invalid definition at its path and a send step without its template, writing nothing', async () => {
    const before = (await t.events()).length;
    const invalid = await t.fail('PublishJourney', {
      ctx: ctx(),
      journeyId: 'broken',
      name: 'Broken',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'sales.LeadCaptured' },
        steps: [{ id: 'mail', kind: 'send', templateId: 'nope' }],
      }),
    });
    expect(invalid.detail.violations.map((v) => v.field)).toEqual([
      'definitionJson.trigger.eventType',
    ]);
    const missing = await t.fail('PublishJourney', {
      ctx: ctx(),
      journeyId: 'broken',
      name: 'Broken',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'sales.OrderPlaced' },
        steps: [{ id: 'mail', kind: 'send', templateId: 'nope' }],
      }),
    });
    expect(missing.detail.code).toBe('NOT_FOUND');
    expect((await t.events()).length).toBe(before);
  });

  it('the welcome journey mails a new customer once after its wait, through replays and repeats', async () => {
    await t.call('InstallReadyMadeJourney', { ctx: ctx(), kind: 'welcome' });
    await register('anna');
    await eventually(
      async () => (await journeyEvents('marketing.JourneyWaitStarted', 'anna')).length === 1,
    );
    expect(await mailsTo(address('anna'))).toEqual([]);

    clock.set('2026-07-13T23:02:00.000Z');
    const [mail] = await eventually(async () => {
      const mails = await mailsTo(address('anna'));
      return mails.length > 0 && mails;
    });
    expect(mail!.Subject).toBe('Welcome, Anna');

    // The whole log again, and a second registration event: policy "never", steps done once.
    const workers = t.service.app.get(JourneyWorkers);
    await workers.reactors[0]!.replayFrom(0);
    await register('anna');
    await eventually(async () => {
      const rows = await t.query<{ lag: string }>(
        `SELECT (SELECT max(global_position) FROM event_store.events) - c.position AS lag
           FROM reactors.checkpoints c WHERE c.reactor = 'marketing.journey-triggers'`,
      );
      return rows[0]?.lag === '0';
    });
    expect(await journeyEvents('marketing.JourneyEntered', 'anna')).toHaveLength(1);
    expect(await journeyEvents('marketing.JourneyMessageSent', 'anna')).toHaveLength(1);
    expect(await mailsTo(address('anna'))).toHaveLength(1);
    expect(
      (await journeyEvents('marketing.JourneyExited', 'anna')).map((e) => String(e.data.reason)),
    ).toEqual(['completed']);
  });

  it('a consent withdrawn while the send waits stops it', async () => {
    await register('cara');
    await eventually(
      async () => (await journeyEvents('marketing.JourneyWaitStarted', 'cara')).length === 1,
    );
    await t.updateCustomer('cara', { 'consents.email.granted': false });
    clock.set('2026-07-13T23:05:00.000Z');
    const [skipped] = await eventually(async () => {
      const events = await journeyEvents('marketing.JourneyMessageSkipped', 'cara');
      return events.length > 0 && events;
    });
    expect(skipped!.data.reason).toBe('NO_CONSENT');
    expect(await mailsTo(address('cara'))).toEqual([]);
  });

  it("the birthday journey fires at 09:00 in the customer's time zone, once", async () => {
    await t.call('InstallReadyMadeJourney', { ctx: ctx(), kind: 'birthday' });
    const birthdayMails = async (who: string) =>
      (await mailsTo(address(who))).filter((m) => m.Subject.startsWith('Happy birthday'));
    // 08:50 in Shanghai: not yet.
    clock.set('2026-07-14T00:50:00.000Z');
    await eventually(async () => {
      const rows = await t.query<{ due_at: Date }>(
        `SELECT due_at FROM timers.timers WHERE key = 'journey-birthdays:birthday'`,
      );
      return rows[0] !== undefined && rows[0].due_at.getTime() > Date.parse('2026-07-14T00:50:00Z');
    });
    expect(await journeyEvents('marketing.JourneyEntered', 'anna')).toHaveLength(1);

    // 09:00 in Shanghai: Anna; Bert names no zone, so the journey's (UTC) applies: not yet.
    clock.set('2026-07-14T01:00:00.000Z');
    const [mail] = await eventually(async () => {
      const mails = await birthdayMails('anna');
      return mails.length > 0 && mails;
    });
    expect(mail!.Subject).toBe('Happy birthday, Anna!');
    expect(await birthdayMails('bert')).toEqual([]);

    // Later sweeps the same day enrol nobody again.
    clock.set('2026-07-14T01:15:00.000Z');
    await eventually(async () => {
      const rows = await t.query<{ due_at: Date }>(
        `SELECT due_at FROM timers.timers WHERE key = 'journey-birthdays:birthday'`,
      );
      return rows[0]!.due_at.getTime() > Date.parse('2026-07-14T01:15:00Z');
    });
    expect(await birthdayMails('anna')).toHaveLength(1);
  });
});

describe('attribution', () => {
  it('credits an order to the touches before it under the model asked for, with ROI', async () => {
    clock.set('2026-07-14T02:00:00.000Z');
    await publish('sales.Order-o1', 'sales.OrderPlaced', {
      orderId: 'o1',
      customerId: 'anna',
      items: [{ sku: 'SKU-1', category: 'shoes', quantity: 1, unitPrice: '100.00' }],
      amount: '100.00',
      currency: 'EUR',
      channel: 'online_store',
      placedAt: '2026-07-14T02:00:00.000Z',
    });
    await t.call('RecordMarketingCost', {
      ctx: ctx(),
      sourceKind: 'journey',
      sourceId: 'welcome',
      amount: '10.00',
      currency: 'EUR',
    });
    const report = (model: string) =>
      t.call('AttributionReport', { ctx: ctx(), model, windowDays: 30 }) as Promise<{
        bySource: { sourceId: string; revenue: string; cost: string; roi: string }[];
      }>;
    // The report reads the log up to what every committed transaction made visible: wait for both
    // the attributed order and the cost (another process's open transaction may hold either back).
    await eventually(async () => {
      const rows = (await report('lastTouch')).bySource;
      return rows.some((r) => r.revenue !== '0.00') && rows.some((r) => r.cost === '10.00');
    });
    const pick = (rows: { sourceId: string; revenue: string; cost: string; roi: string }[]) =>
      rows.map((r) => [r.sourceId, r.revenue, r.cost, r.roi]);
    expect(pick((await report('lastTouch')).bySource)).toEqual([
      ['birthday', '100.00', '0.00', ''],
      ['welcome', '0.00', '10.00', '-1.0000'],
    ]);
    expect(pick((await report('firstTouch')).bySource)).toEqual([
      ['welcome', '100.00', '10.00', '9.0000'],
    ]);
    expect(pick((await report('linear')).bySource)).toEqual([
      ['birthday', '50.00', '0.00', ''],
      ['welcome', '50.00', '10.00', '4.0000'],
    ]);
    // Nobody opened or clicked those mails: counting only clicked touches, nothing is attributed.
    const clickedOnly = (await t.call('AttributionReport', {
      ctx: ctx(),
      model: 'lastTouch',
      windowDays: 30,
      minimumEngagement: 'clicked',
    })) as { bySource: { revenue: string }[]; unattributed: { amount: string }[] };
    expect(clickedOnly.bySource.map((r) => r.revenue)).toEqual(['0.00']);
    expect(clickedOnly.unattributed.map((u) => u.amount)).toEqual(['100.00']);
    const refused = await t.fail('AttributionReport', {
      ctx: ctx(),
      model: 'vibes',
      windowDays: 30,
    });
    expect(refused.detail.violations.map((v) => v.field)).toEqual(['model']);

    // A refund of 40.00 is netted from the attributed revenue (recorded once, redelivery or not);
    // the cancellation takes back the rest and the order earns nothing any more.
    const refund = {
      orderId: 'o1',
      customerId: 'anna',
      amount: '40.00',
      currency: 'EUR',
      refundedAt: '2026-07-15T02:00:00.000Z',
    };
    await publish('sales.Order-o1', 'sales.OrderRefunded', refund);
    await eventually(async () =>
      expect(pick((await report('firstTouch')).bySource)).toEqual([
        ['welcome', '60.00', '10.00', '5.0000'],
      ]),
    );
    await publish('sales.Order-o1', 'sales.OrderCancelled', {
      orderId: 'o1',
      customerId: 'anna',
      cancelledAt: '2026-07-15T03:00:00.000Z',
    });
    await eventually(async () =>
      expect(pick((await report('firstTouch')).bySource)).toEqual([
        ['welcome', '0.00', '10.00', '-1.0000'],
      ]),
    );
    const reversals = (await t.events()).filter((e) => e.type === 'marketing.OrderRevenueReversed');
    expect(reversals.map((e): unknown[] => [e.data.reversal, e.data.amount])).toEqual([
      ['refund', '40.00'],
      ['cancellation', '60.00'],
    ]);
  });
});

describe('the win-back journey', () => {
  const churn = (memberId: string, type: 'ChurnRiskRaised' | 'ChurnRiskEased') =>
    publish(`loyalty.Member-${memberId}`, `loyalty.${type}`, {
      memberId,
      score: type === 'ChurnRiskRaised' ? 70 : 10,
      band: type === 'ChurnRiskRaised' ? 'high' : 'low',
      previousBand: type === 'ChurnRiskRaised' ? 'low' : 'high',
      ...(type === 'ChurnRiskRaised' ? { factors: [] } : {}),
      assessedAt: clock.now().toISOString(),
    });
  const winBackMails = async (who: string) =>
    (await mailsTo(address(who))).filter((m) => m.Subject.startsWith('We miss you'));
  const exits = async (who: string) =>
    (await journeyEvents('marketing.JourneyExited', who))
      .filter((e) => e.data.journeyId === 'win-back')
      .map((e) => `${String(e.data.reason)}: ${String(e.data.detail)}`);

  it('mails on churn risk, ends when the risk eases, and otherwise branches to a reminder', async () => {
    clock.set('2026-07-20T10:00:00.000Z');
    await t.call('InstallReadyMadeJourney', { ctx: ctx(), kind: 'win-back' });
    await churn('dora', 'ChurnRiskRaised');
    await churn('emil', 'ChurnRiskRaised');
    await eventually(
      async () =>
        (await winBackMails('dora')).length === 1 && (await winBackMails('emil')).length === 1,
    );
    await churn('dora', 'ChurnRiskEased');
    await eventually(async () => (await exits('dora')).length === 1);
    expect(await exits('dora')).toEqual(['goal: loyalty.ChurnRiskEased']);

    // Fourteen days later: Emil bought nothing, so the branch sends the reminder and completes.
    clock.set('2026-08-03T10:01:00.000Z');
    await eventually(async () => (await exits('emil')).length === 1);
    expect(await exits('emil')).toEqual(['completed: no step left']);
    expect(await winBackMails('emil')).toHaveLength(2);
    expect(
      (await journeyEvents('marketing.JourneyBranchTaken', 'emil')).map(
        (e) => e.data.conditionHeld === true,
      ),
    ).toEqual([false]);
    expect(await winBackMails('dora')).toHaveLength(1);
  });
});

describe('the segment-entered trigger', () => {
  it('enrols a customer who enters the segment after the journey was published, once', async () => {
    const segmentId = `makers-${tag}`;
    const definition = {
      trigger: { kind: 'segmentEntered', segmentId },
      steps: [{ id: 'hello', kind: 'send', templateId: 'makers-hello', locale: 'en' }],
    };
    await t.call('CreateTemplate', {
      ctx: ctx(),
      templateId: 'makers-hello',
      name: 'Makers hello',
      versions: [
        {
          locale: 'TEMPLATE_LOCALE_EN',
          subject: 'Hello maker {{ customer.firstName }}',
          body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi <a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      ],
    });
    const unknown = await t.fail('PublishJourney', {
      ctx: ctx(),
      journeyId: 'makers',
      name: 'Makers',
      definitionJson: JSON.stringify(definition),
    });
    expect(unknown.detail.code).toBe('NOT_FOUND');

    await t.putCustomers([profile('gina', { demographics: { region: segmentId } })]);
    await t.call('DefineSegment', {
      ctx: ctx(),
      segmentId,
      name: 'Makers',
      ruleJson: JSON.stringify({ field: 'region', op: 'in', value: [segmentId] }),
    });
    // Gina is in the segment before the journey exists: the journey never reacts to its past.
    await eventually(async () =>
      (await t.events()).some(
        (e) => e.type === 'marketing.SegmentMembershipChanged' && e.data.customerId === 'gina',
      ),
    );
    clock.set('2026-08-03T10:05:00.000Z');
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'makers',
      name: 'Makers',
      definitionJson: JSON.stringify(definition),
    });
    clock.set('2026-08-03T10:06:00.000Z');
    await t.putCustomers([profile('hugo', { demographics: { region: segmentId } })]);
    const [mail] = await eventually(async () => {
      const mails = await mailsTo(address('hugo'));
      return mails.length > 0 && mails;
    });
    expect(mail!.Subject).toBe('Hello maker Hugo');
    const entered = (await journeyEvents('marketing.JourneyEntered')).filter(
      (e) => e.data.journeyId === 'makers',
    );
    expect(entered.map((e) => String(e.data.customerId))).toEqual(['hugo']);
    expect(await mailsTo(address('gina'))).toEqual([]);
  });
});

describe('quiet hours', () => {
  it("hold a journey send until they end in the customer's time zone", async () => {
    await t.putCustomers([profile('ivan')]);
    clock.set('2026-08-04T12:30:00.000Z');
    await register('ivan');
    // The welcome journey's one-minute wait ends inside the quiet hours: the send waits for 14:00.
    await eventually(
      async () => (await journeyEvents('marketing.JourneyWaitStarted', 'ivan')).length === 1,
    );
    clock.set('2026-08-04T12:32:00.000Z');
    const [held] = await eventually(async () => {
      const waits = await journeyEvents('marketing.JourneyWaitStarted', 'ivan');
      return waits.length === 2 && waits.slice(1);
    });
    expect(held!.data).toMatchObject({ stepId: 'welcome-mail', until: '2026-08-04T14:00:00.000Z' });
    expect(await mailsTo(address('ivan'))).toEqual([]);

    clock.set('2026-08-04T14:00:30.000Z');
    const [mail] = await eventually(async () => {
      const mails = await mailsTo(address('ivan'));
      return mails.length > 0 && mails;
    });
    expect(mail!.Subject).toBe('Welcome, Ivan');
  });

  it('hold an SMS journey step too, then send it through the channel port', async () => {
    await t.call('CreateTemplate', {
      ctx: ctx(),
      templateId: 'sms-hi',
      name: 'SMS hi',
      versions: [
        {
          locale: 'TEMPLATE_LOCALE_EN',
          subject: 'Hi {{ customer.firstName }}, welcome aboard',
          body: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      ],
    });
    clock.set('2026-08-05T12:29:00.000Z');
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'sms-welcome',
      name: 'SMS welcome',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'customers.CustomerRegistered' },
        steps: [{ id: 'sms-hi', kind: 'send', templateId: 'sms-hi', channel: 'sms' }],
      }),
    });
    const granted = { granted: true, source: 'app', since: '2026-01-01T00:00:00.000Z' };
    await t.putCustomers([
      profile('jana', {
        consents: { email: granted, sms: granted },
        contacts: {
          c1: { kind: 'email', email: address('jana'), addedAt: '2026-01-01T00:00:00.000Z' },
          c2: { kind: 'phone', phone: '+49 89 4242', addedAt: '2026-01-01T00:00:00.000Z' },
        },
      }),
    ]);
    clock.set('2026-08-05T12:30:00.000Z');
    await register('jana');
    const smsSteps = async (type: string) =>
      (await journeyEvents(type, 'jana')).filter((e) => e.data.journeyId === 'sms-welcome');
    const [held] = await eventually(async () => {
      const waits = await smsSteps('marketing.JourneyWaitStarted');
      return waits.length === 1 && waits;
    });
    expect(held!.data).toMatchObject({ stepId: 'sms-hi', until: '2026-08-05T14:00:00.000Z' });
    const sink = t.service.app
      .get<Connection>(MARKETING_MONGO)
      .db!.collection<SinkMessageDocument>(CHANNEL_SINK_COLLECTION);
    expect(await sink.countDocuments({ customerId: 'jana' })).toBe(0);

    clock.set('2026-08-05T14:00:30.000Z');
    const [sent] = await eventually(async () => {
      const sends = await smsSteps('marketing.JourneyMessageSent');
      return sends.length === 1 && sends;
    });
    expect(sent!.data).toMatchObject({ stepId: 'sms-hi', channel: 'sms' });
    expect(await sink.find({ customerId: 'jana' }, { projection: { _id: 0 } }).toArray()).toEqual([
      expect.objectContaining({
        channel: 'sms',
        to: '+49 89 4242',
        text: 'Hi Jana, welcome aboard',
      }),
    ]);
  });
});

describe('the inactivity trigger', () => {
  it('enrols a customer N days after their last activity, once, and a new order starts the count again', async () => {
    clock.set('2026-08-06T08:00:00.000Z');
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'dormant',
      name: 'Dormant customers',
      definitionJson: JSON.stringify({
        trigger: { kind: 'inactivity', days: 30 },
        steps: [{ id: 'miss-you', kind: 'exit', goal: 'noticed' }],
      }),
    });
    await t.putCustomers([profile('karl'), profile('lena')]);
    clock.set('2026-08-06T08:01:00.000Z');
    await register('karl');
    await register('lena');
    const entered = async (customerId: string) =>
      (await journeyEvents('marketing.JourneyEntered', customerId)).filter(
        (e) => e.data.journeyId === 'dormant',
      );
    // Lena orders ten days later: her 30 days start again from then.
    clock.set('2026-08-16T08:00:00.000Z');
    await publish('sales.Order-lena-1', 'sales.OrderPlaced', {
      orderId: 'lena-1',
      customerId: 'lena',
      items: [{ sku: 'SKU-2', category: 'books', quantity: 1, unitPrice: '20.00' }],
      amount: '20.00',
      currency: 'EUR',
      channel: 'online_store',
      placedAt: '2026-08-16T08:00:00.000Z',
    });
    // The trigger reactor has taken the order once Lena's timer moved; only then may time pass.
    await eventually(async () => {
      const [timer] = await t.query<{ due_at: Date }>(
        'SELECT due_at FROM timers.timers WHERE key = $1',
        ['journey-inactive:dormant:lena'],
      );
      expect(timer?.due_at.toISOString()).toBe('2026-09-15T08:00:00.000Z');
    });
    clock.set('2026-09-05T08:00:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await entered('karl')).toHaveLength(0);

    clock.set('2026-09-05T09:00:00.000Z');
    await eventually(async () => (await entered('karl')).length === 1);
    expect(await entered('lena')).toHaveLength(0);
    clock.set('2026-09-15T09:00:00.000Z');
    await eventually(async () => (await entered('lena')).length === 1);
    expect(await entered('karl')).toHaveLength(1);
  });
});

describe('a branch on engagement', () => {
  it('takes the engaged path for a customer who opened the journey mail, the other for one who did not', async () => {
    clock.set('2026-09-20T08:00:00.000Z');
    await t.putCustomers([profile('ferdinand'), profile('greta')]);
    await t.call('CreateTemplate', {
      ctx: ctx(),
      templateId: 'nudge',
      name: 'Nudge',
      versions: [
        { locale: 'TEMPLATE_LOCALE_EN', subject: 'Still there?', body: UNSUBSCRIBE_ONLY_BODY },
      ],
    });
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'nudge',
      name: 'Nudge on eased risk',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskEased' },
        steps: [
          { id: 'first-mail', kind: 'send', templateId: 'nudge' },
          { id: 'give-it-time', kind: 'wait', minutes: 60 },
          { id: 'opened', kind: 'branch', engagement: 'opened', then: 'engaged', else: 'reminder' },
          { id: 'engaged', kind: 'exit', goal: 'opened the mail' },
          { id: 'reminder', kind: 'send', templateId: 'nudge' },
        ],
      }),
    });
    for (const memberId of ['ferdinand', 'greta'])
      await publish(`loyalty.Member-${memberId}`, 'loyalty.ChurnRiskEased', {
        memberId,
        score: 10,
        band: 'low',
        previousBand: 'high',
        assessedAt: clock.now().toISOString(),
      });
    const nudges = async (who: string) =>
      (await journeyEvents('marketing.JourneyMessageSent', who)).filter(
        (e) => e.data.journeyId === 'nudge',
      );
    await eventually(
      async () => (await nudges('ferdinand')).length === 1 && (await nudges('greta')).length === 1,
    );
    // Fritz's mail client loads the tracking pixel.
    const token = signOpenToken(UNSUBSCRIBE_KEY, {
      tenantId: 'tenant-a',
      customerId: 'ferdinand',
      sourceKind: 'journey',
      sourceId: 'nudge',
    });
    await t.call('TrackEngagement', { ctx: ctx(), engagement: 'opened', token });

    clock.set('2026-09-20T09:01:00.000Z');
    const branch = async (who: string) =>
      (await journeyEvents('marketing.JourneyBranchTaken', who))
        .filter((e) => e.data.journeyId === 'nudge')
        .map((e): unknown => e.data.conditionHeld);
    await eventually(
      async () => (await branch('ferdinand')).length === 1 && (await branch('greta')).length === 1,
    );
    expect(await branch('ferdinand')).toEqual([true]);
    expect(await branch('greta')).toEqual([false]);
    await eventually(async () => (await nudges('greta')).length === 2);
    expect(await nudges('ferdinand')).toHaveLength(1);
    const exits = (await journeyEvents('marketing.JourneyExited', 'ferdinand')).filter(
      (e) => e.data.journeyId === 'nudge',
    );
    expect(exits.map((e): unknown => e.data.detail)).toEqual(['opened the mail']);

    // A branch tests a condition or an engagement, and only opened or clicked.
    const bad = await t.fail('PublishJourney', {
      ctx: ctx(),
      journeyId: 'nudge-bad',
      name: 'Bad',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskEased' },
        steps: [
          { id: 'b', kind: 'branch', engagement: 'read', then: 'x', else: 'x' },
          { id: 'x', kind: 'exit' },
        ],
      }),
    });
    expect(bad.detail.violations.map((v) => v.field)).toEqual([
      'definitionJson.steps[0].engagement',
    ]);
  });
});

describe('pausing a journey', () => {
  it('holds its sends while paused, enrols still, and sends once resumed', async () => {
    clock.set('2026-09-21T08:00:00.000Z');
    await t.putCustomers([profile('paula')]);
    await t.call('PublishJourney', {
      ctx: ctx(),
      journeyId: 'pausable',
      name: 'Pausable',
      definitionJson: JSON.stringify({
        trigger: { kind: 'event', eventType: 'loyalty.ChurnRiskEased' },
        steps: [{ id: 'mail', kind: 'send', templateId: 'nudge' }],
      }),
    });
    const paused = await t.call('PauseJourney', { ctx: ctx(), journeyId: 'pausable' });
    expect(paused.eventTypes).toEqual(['marketing.JourneyPaused']);
    expect((await t.call('PauseJourney', { ctx: ctx(), journeyId: 'pausable' })).replayed).toBe(
      true,
    );
    const unknown = await t.fail('PauseJourney', { ctx: ctx(), journeyId: 'nope' });
    expect(unknown.detail.code).toBe('NOT_FOUND');
    const listed = (await t.call('ListJourneys', { ctx: ctx() })) as {
      journeys: { journeyId: string; pausedAt: string }[];
    };
    expect(listed.journeys.find((j) => j.journeyId === 'pausable')?.pausedAt).toBe(
      '2026-09-21T08:00:00.000Z',
    );

    await publish('loyalty.Member-paula', 'loyalty.ChurnRiskEased', {
      memberId: 'paula',
      score: 10,
      band: 'low',
      previousBand: 'high',
      assessedAt: clock.now().toISOString(),
    });
    const ofPausable = async (type: string) =>
      (await journeyEvents(type, 'paula')).filter((e) => e.data.journeyId === 'pausable');
    const [held] = await eventually(async () => {
      const waits = await ofPausable('marketing.JourneyWaitStarted');
      return waits.length === 1 && waits;
    });
    expect(held!.data).toMatchObject({ stepId: 'mail', reason: 'JOURNEY_PAUSED' });
    expect(await ofPausable('marketing.JourneyMessageSent')).toEqual([]);

    await t.call('ResumeJourney', { ctx: ctx(), journeyId: 'pausable' });
    clock.set('2026-09-21T08:06:00.000Z');
    await eventually(async () => (await ofPausable('marketing.JourneyMessageSent')).length === 1);
  });
});
