/* eslint-disable @typescript-eslint/no-unsafe-argument --
   proto-loader responses and stored events are untyped at runtime; the specs assert their shape. */
// Contracts, quotas and the pipeline as of a past instant over real gRPC and PostgreSQL, with a
// clock the test moves: a contract starts from an accepted quote only; its renewal falls due N days
// before its end through a durable timer and opens the renewal opportunity once; renewed, it
// expires at the new end, not the old one; terminated, its timers go. The pipeline replayed from
// the log answers what was committed at an earlier instant, with the quota then in force.
import { status } from '@grpc/grpc-js';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  ctx,
  manager,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';
import { SalesTimers } from './timers/sales-timers.wiring';
import { contractExpiryKey, contractRenewalKey } from './timers/sales-timers';

jest.setTimeout(90_000);

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
let nowMs = T0;
const runtime: RuntimeDependencies = { now: () => new Date(nowMs), newId: () => uuidv7() };
const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

const REP = rep('rep-1', 'team-a');
const OTHER_REP = rep('rep-9', 'team-b');
const MANAGER = manager('mgr-1', 'team-a', ['rep-1']);
const OTHER_MANAGER = manager('mgr-2', 'team-b', ['rep-9']);

let t: SalesTestService;
let timers: SalesTimers;
beforeAll(async () => {
  t = await startSalesTestService('sales-contracts', runtime);
  timers = t.service.app.get(SalesTimers);
});
afterAll(async () => {
  await t?.stop();
});
// A test that fails with the clock moved must not leave the next one in the future.
afterEach(() => {
  nowMs = T0;
});

const eventsOf = async (streamId: string) =>
  (await t.events()).filter((e) => e.stream_id === streamId);
const count = async () => (await t.events()).length;

async function timerDue(key: string): Promise<string | undefined> {
  const timer = await timers.timers.get('tenant-a', key);
  return timer?.status === 'scheduled' ? timer.dueAt.toISOString() : timer?.status;
}

async function openOpportunity(amount = '1200.00', expectedCloseOn = '2026-03-31') {
  const opened = await t.call(
    'OpenOpportunity',
    {
      ctx: ctx(),
      name: 'Support plan',
      customerId: 'cust-1',
      amount,
      currency: 'EUR',
      expectedCloseOn,
    },
    REP,
  );
  return opened.createdId as string;
}

async function acceptedQuote(): Promise<string> {
  const opportunityId = await openOpportunity();
  const { createdId: quoteId } = await t.call(
    'CreateQuote',
    {
      ctx: ctx(),
      opportunityId,
      lines: [
        {
          name: 'Support',
          category: 'services',
          quantity: 12,
          unitPrice: '100.00',
          discountPercent: 0,
        },
      ],
      validUntil: at(20 * DAY),
    },
    REP,
  );
  await t.call('SendQuote', { ctx: ctx(), quoteId }, REP);
  await t.call('AcceptQuote', { ctx: ctx(), quoteId, version: 1 }, REP);
  return quoteId as string;
}

describe('contracts over gRPC', () => {
  it('start from an accepted quote only, once, in the quote owner’s scope', async () => {
    const opportunityId = await openOpportunity();
    const { createdId: draft } = await t.call(
      'CreateQuote',
      {
        ctx: ctx(),
        opportunityId,
        lines: [
          {
            name: 'Support',
            category: 'services',
            quantity: 1,
            unitPrice: '10.00',
            discountPercent: 0,
          },
        ],
        validUntil: at(20 * DAY),
      },
      REP,
    );
    const terms = { ctx: ctx(), startsAt: at(0), endsAt: at(365 * DAY), renewalNoticeDays: 30 };
    const before = await count();
    expect(await t.fail('StartContract', { ...terms, quoteId: draft }, REP)).toMatchObject({
      detail: { code: 'INVALID_TRANSITION' },
    });
    const quoteId = await acceptedQuote();
    const afterAccept = await count();
    expect(await t.fail('StartContract', { ...terms, quoteId }, OTHER_REP)).toMatchObject({
      code: status.NOT_FOUND,
    });
    expect(
      await t.fail(
        'StartContract',
        { ...terms, quoteId, endsAt: at(0), renewalNoticeDays: 400 },
        REP,
      ),
    ).toMatchObject({
      code: status.INVALID_ARGUMENT,
      detail: {
        violations: expect.arrayContaining([
          expect.objectContaining({ field: 'endsAt' }),
          expect.objectContaining({ field: 'renewalNoticeDays' }),
        ]),
      },
    });
    expect(await count()).toBe(afterAccept);
    expect(afterAccept).toBeGreaterThan(before);

    const started = await t.call('StartContract', { ...terms, quoteId }, REP);
    const again = await t.fail('StartContract', { ...terms, quoteId }, REP);
    expect(again).toMatchObject({ detail: { code: 'ALREADY_EXISTS' } });
    const [event] = await eventsOf(`sales.Contract-${started.createdId}`);
    expect(event).toMatchObject({
      type: 'sales.ContractStarted',
      data: {
        quoteId,
        customerId: 'cust-1',
        amount: '1200.00',
        currency: 'EUR',
        ownerId: 'rep-1',
        teamId: 'team-a',
        renewalNoticeDays: 30,
      },
    });
  });

  it('falls due for renewal 30 days before its end, opening one renewal opportunity; renewed, it expires at the new end', async () => {
    const quoteId = await acceptedQuote();
    const { createdId: contractId } = await t.call(
      'StartContract',
      { ctx: ctx(), quoteId, startsAt: at(0), endsAt: at(100 * DAY), renewalNoticeDays: 30 },
      REP,
    );
    await eventually(async () => {
      expect(await timerDue(contractRenewalKey(contractId))).toBe(at(70 * DAY));
      expect(await timerDue(contractExpiryKey(contractId))).toBe(at(100 * DAY));
    });

    nowMs = T0 + 70 * DAY + 60_000;
    await timers.worker.drain();
    await timers.worker.drain();
    const due = await eventually(async () => {
      const stream = await eventsOf(`sales.Contract-${contractId}`);
      return stream.find((e) => e.type === 'sales.ContractRenewalDue') ?? false;
    });
    expect(due?.data).toMatchObject({ contractId, endsAt: at(100 * DAY) });
    const renewalId = due?.data.renewalOpportunityId as string;
    const renewal = await eventsOf(`sales.Opportunity-${renewalId}`);
    expect(renewal).toHaveLength(1);
    expect(renewal[0]).toMatchObject({
      type: 'sales.OpportunityOpened',
      data: {
        customerId: 'cust-1',
        amount: '1200.00',
        ownerId: 'rep-1',
        expectedCloseOn: at(100 * DAY).slice(0, 10),
      },
      actor: expect.objectContaining({ name: 'sales.timers' }),
    });

    await t.call('RenewContract', { ctx: ctx(), contractId, endsAt: at(465 * DAY) }, REP);
    // Both timers move with the renewal (the scheduler reacts to it): wait for both before the
    // clock jumps past them.
    await eventually(async () => {
      expect(await timerDue(contractExpiryKey(contractId))).toBe(at(465 * DAY));
      expect(await timerDue(contractRenewalKey(contractId))).toBe(at(435 * DAY));
    });
    nowMs = T0 + 100 * DAY + 60_000;
    await timers.worker.drain();
    expect((await eventsOf(`sales.Contract-${contractId}`)).map((e) => e.type)).not.toContain(
      'sales.ContractExpired',
    );
    nowMs = T0 + 465 * DAY + 60_000;
    await timers.worker.drain();
    await timers.worker.drain();
    // The service's own worker loop may claim a timer before the drain does (SKIP LOCKED).
    await eventually(async () => {
      const types = (await eventsOf(`sales.Contract-${contractId}`)).map((e) => e.type);
      expect(types).toContain('sales.ContractExpired');
      expect(types.filter((type) => type === 'sales.ContractRenewalDue')).toHaveLength(2);
    });
    nowMs = T0;
  });

  it('is terminated by a manager with a reason, which cancels its timers; a rep may not', async () => {
    const quoteId = await acceptedQuote();
    const { createdId: contractId } = await t.call(
      'StartContract',
      { ctx: ctx(), quoteId, startsAt: at(0), endsAt: at(300 * DAY), renewalNoticeDays: 10 },
      REP,
    );
    expect(
      await t.fail('TerminateContract', { ctx: ctx(), contractId, reason: 'x' }, REP),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(
      await t.fail('TerminateContract', { ctx: ctx(), contractId, reason: 'x' }, OTHER_MANAGER),
    ).toMatchObject({ code: status.NOT_FOUND });
    await t.call('TerminateContract', { ctx: ctx(), contractId, reason: 'Site closed' }, MANAGER);
    await eventually(async () => {
      expect(await timerDue(contractRenewalKey(contractId))).toBe('cancelled');
      expect(await timerDue(contractExpiryKey(contractId))).toBe('cancelled');
    });
  });
});

describe('quota and the pipeline as of a past instant', () => {
  it('replays what was committed at an instant, with the quota then, in the caller’s scope', async () => {
    const period = '2026-Q2';
    nowMs = T0 + 1 * DAY;
    expect(
      await t.fail(
        'SetQuota',
        { ctx: ctx(), period, ownerId: 'rep-1', amount: '5000.00', currency: 'EUR' },
        OTHER_MANAGER,
      ),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    await t.call(
      'SetQuota',
      { ctx: ctx(), period, ownerId: 'rep-1', amount: '5000.00', currency: 'EUR' },
      MANAGER,
    );
    const opportunityId = await openOpportunity('2000.00', '2026-05-15');
    await t.call(
      'MoveOpportunityStage',
      { ctx: ctx(), opportunityId, stageId: 'negotiation' },
      REP,
    );
    const committedAt = at(1 * DAY + 1000);
    nowMs = T0 + 5 * DAY;
    await t.call('LoseOpportunity', { ctx: ctx(), opportunityId, reason: 'Budget cut' }, REP);
    await t.call(
      'SetQuota',
      { ctx: ctx(), period, ownerId: 'rep-1', amount: '8000.00', currency: 'EUR' },
      MANAGER,
    );

    type Replayed = { opportunities: { opportunityId: string }[]; quotas: unknown[] };
    const then = (await t.call(
      'PipelineAsOf',
      { ctx: ctx(), asOf: committedAt, period },
      MANAGER,
    )) as Replayed;
    expect(then.opportunities.find((o) => o.opportunityId === opportunityId)).toMatchObject({
      stageId: 'negotiation',
      forecastCategory: 'commit',
      status: 'open',
      amount: '2000.00',
      openedAt: at(1 * DAY),
      stageEnteredAt: at(1 * DAY),
    });
    expect(then.quotas).toEqual([expect.objectContaining({ ownerId: 'rep-1', amount: '5000.00' })]);

    const now = (await t.call(
      'PipelineAsOf',
      { ctx: ctx(), asOf: at(5 * DAY), period },
      MANAGER,
    )) as Replayed;
    expect(now.opportunities.find((o) => o.opportunityId === opportunityId)).toMatchObject({
      status: 'lost',
    });
    expect(now.quotas).toEqual([expect.objectContaining({ amount: '8000.00' })]);

    const outsider = await t.call(
      'PipelineAsOf',
      { ctx: ctx(), asOf: committedAt, period },
      OTHER_MANAGER,
    );
    expect(outsider.opportunities).toEqual([]);
    expect(outsider.quotas).toEqual([]);
    expect(
      await t.fail('PipelineAsOf', { ctx: ctx(), asOf: at(30 * DAY), period: '2026-Q5' }, MANAGER),
    ).toMatchObject({ code: status.INVALID_ARGUMENT });
    nowMs = T0;
  });
});
