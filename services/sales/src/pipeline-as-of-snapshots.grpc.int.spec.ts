// The pipeline as of a past instant from positional snapshots (ADR 0326), over real gRPC and
// PostgreSQL with a clock the test moves: the first query replays the log and stores the fold up
// to the last event decided by its instant; later queries start from it and give the same answer
// as a full replay, for the same instant, a later one and an earlier one (which cannot use it).
import type { RuntimeDependencies } from '@crm/event-sourcing';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { SALES_PG_POOL } from './sales.tokens';
import { ctx, startSalesTestService, type SalesTestService } from '../test/sales-test-service';

jest.setTimeout(90_000);

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T09:00:00.000Z');
let nowMs = T0;
const runtime: RuntimeDependencies = { now: () => new Date(nowMs), newId: () => uuidv7() };
const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-asof-snapshots', runtime, {
    CRM_SALES_PIPELINE_SNAPSHOT_EVERY: '2',
  });
});
afterAll(async () => {
  await t?.stop();
});

type Replayed = {
  opportunities: { opportunityId: string; stageId: string; status: string }[];
};
const open = async (name: string) =>
  (
    await t.call('OpenOpportunity', {
      ctx: ctx(),
      name,
      customerId: 'cust-1',
      amount: '1000.00',
      currency: 'EUR',
      expectedCloseOn: '2026-03-31',
    })
  ).createdId as string;
const asOf = async (instant: string) => {
  const replayed = (await t.call('PipelineAsOf', { ctx: ctx(), asOf: instant })) as Replayed;
  return replayed.opportunities
    .map((o) => [o.opportunityId, o.stageId, o.status])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
};
const snapshots = async () =>
  (
    await t.service.app
      .get<symbol, Pool>(SALES_PG_POOL)
      .query<{ position: string; covers_until: Date }>(
        'SELECT position, covers_until FROM sales_forecast.pipeline_as_of_snapshots ORDER BY position',
      )
  ).rows.map((r) => r.covers_until.toISOString());

describe('pipeline as of a past instant from positional snapshots', () => {
  it('answers from a snapshot exactly as the full replay does, before and after it', async () => {
    const a = await open('A');
    const b = await open('B');
    const c = await open('C');
    nowMs = T0 + DAY;
    await t.call('MoveOpportunityStage', { ctx: ctx(), opportunityId: a, stageId: 'negotiation' });
    nowMs = T0 + 2 * DAY;
    await t.call('LoseOpportunity', { ctx: ctx(), opportunityId: b, reason: 'Budget cut' });
    const d = await open('D');
    nowMs = T0 + 5 * DAY;

    const dayOne = at(DAY + 3_600_000);
    const expectedDayOne = [
      [a, 'negotiation', 'open'],
      [b, 'new', 'open'],
      [c, 'new', 'open'],
    ].sort(([x], [y]) => String(x).localeCompare(String(y)));
    // The first query replays the log and keeps the fold up to the stage change (its last event
    // decided by then), not the loss after it.
    expect(await asOf(dayOne)).toEqual(expectedDayOne);
    expect(await snapshots()).toEqual([at(DAY)]);

    // From the snapshot: the same instant, a later one (the tail after it) and an earlier one.
    expect(await asOf(dayOne)).toEqual(expectedDayOne);
    const later = await asOf(at(3 * DAY));
    expect(later).toEqual(
      [
        [a, 'negotiation', 'open'],
        [b, 'new', 'lost'],
        [c, 'new', 'open'],
        [d, 'new', 'open'],
      ].sort(([x], [y]) => String(x).localeCompare(String(y))),
    );
    expect(await asOf(at(3_600_000))).toEqual(
      [
        [a, 'new', 'open'],
        [b, 'new', 'open'],
        [c, 'new', 'open'],
      ].sort(([x], [y]) => String(x).localeCompare(String(y))),
    );

    // Without any snapshot the log gives the same answers.
    await t.service.app
      .get<symbol, Pool>(SALES_PG_POOL)
      .query('DELETE FROM sales_forecast.pipeline_as_of_snapshots');
    expect(await asOf(at(3 * DAY))).toEqual(later);
  });
});
