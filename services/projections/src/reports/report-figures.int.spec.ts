// The reports context's new figures against the real servers, end to end below the gateway:
// events decided by the sales deciders (and marketing's published events) are stored in
// PostgreSQL, projected live by the real projections, and the standard reports run by the report
// engine in a viewer's record scope. Every expected figure is computed here from the scenario's
// own list of stage visits, forecasts and deliveries, not by the code under test.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { customersContracts } from '@crm/contracts/customers';
import { marketingContracts } from '@crm/contracts/marketing';
import { salesContracts } from '@crm/contracts/sales';
import {
  CommandHandler,
  PostgresEventStore,
  systemRuntime,
  type Decider,
  type DomainEvent,
} from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { ReadModelResolver, connectMongo, type ProjectionDefinition } from '@crm/read-models';
import { runProjection } from '@crm/read-models/testing';
import {
  DATASETS,
  ReportEngine,
  projectionsOf,
  standardReport,
  type ReportResult,
  type ReportViewer,
} from '@crm/reports';
import {
  forecastDecider,
  forecastStreamId,
  opportunityDecider,
  opportunityStreamId,
  quoteDecider,
  quoteStreamId,
  type QuoteCommand,
} from '@crm/sales-domain';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { REPORT_PROJECTIONS } from '.';
import { customer360Projection } from '../customers';
import { marketingCampaignsProjection } from '../marketing/marketing-campaigns.projection';
import { salesForecastsProjection, salesPipelineProjection, salesQuotesProjection } from '../sales';
import { CAMPAIGN_MESSAGE_BOUNCED } from './report-campaign-messages.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-report-figures';
const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let engine: ReportEngine;
const stops: (() => Promise<void>)[] = [];

function viewer(userId: string, roles: Role[], teamId: string | null): ReportViewer {
  const principal: Principal = { userId, tenantId: TENANT, roles, teamId };
  return { principal, teamMemberIds: [] };
}
const admin = viewer('admin', [Role.ADMIN], null);
const ann = viewer('ann', [Role.SALES_REP], 'team-a');

function startRunner(definition: ProjectionDefinition): void {
  stops.push(
    runProjection(definition, {
      connection,
      store,
      storeHead: new PostgresStoreHead(store.pool),
      logger: silentLogger,
      pollIntervalMs: 100,
    }),
  );
}

async function run<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<void> {
  await new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
    tenantId: TENANT,
    actor: { kind: 'user', userId: 'ann', roles: [] },
  });
}

// The scenario: each opportunity's path through the default pipeline (new → qualified →
// proposal …), the instant of each step and how it ended. The expected figures below are derived
// from this list alone.
type Step = { at: string; to: string } | { at: string; won: true } | { at: string; lost: true };
interface Path {
  id: string;
  owner: 'ann' | 'zed';
  amountMinor: number;
  openedAt: string;
  steps: Step[];
}
const PATHS: Path[] = [
  {
    id: 'opp-a',
    owner: 'ann',
    amountMinor: 1_000_00,
    openedAt: '2026-04-01T09:00:00.000Z',
    steps: [
      { at: '2026-04-03T09:00:00.000Z', to: 'qualified' },
      { at: '2026-04-08T09:00:00.000Z', to: 'proposal' },
      { at: '2026-04-18T09:00:00.000Z', won: true },
    ],
  },
  {
    id: 'opp-b',
    owner: 'ann',
    amountMinor: 700_00,
    openedAt: '2026-04-02T09:00:00.000Z',
    steps: [
      { at: '2026-04-06T09:00:00.000Z', to: 'qualified' },
      { at: '2026-04-07T09:00:00.000Z', lost: true },
    ],
  },
  {
    id: 'opp-c',
    owner: 'zed',
    amountMinor: 300_00,
    openedAt: '2026-05-01T09:00:00.000Z',
    steps: [],
  },
  {
    id: 'opp-d',
    owner: 'ann',
    amountMinor: 500_00,
    openedAt: '2026-04-01T09:00:00.000Z',
    steps: [
      { at: '2026-04-11T09:00:00.000Z', to: 'qualified' },
      { at: '2026-05-10T09:00:00.000Z', won: true },
    ],
  },
];

interface Visit {
  opp: string;
  owner: string;
  stage: string;
  days: number | null;
  end: 'moved' | 'won' | 'lost' | 'open';
}
/** The stage visits the paths imply. */
function visitsOf(paths: readonly Path[]): Visit[] {
  const visits: Visit[] = [];
  for (const path of paths) {
    let stage = 'new';
    let since = Date.parse(path.openedAt);
    for (const step of path.steps) {
      const at = Date.parse(step.at);
      const end = 'to' in step ? 'moved' : 'won' in step ? 'won' : 'lost';
      visits.push({ opp: path.id, owner: path.owner, stage, days: (at - since) / DAY, end });
      if ('to' in step) stage = step.to;
      since = at;
    }
    const last = path.steps[path.steps.length - 1];
    if (!last || 'to' in last)
      visits.push({ opp: path.id, owner: path.owner, stage, days: null, end: 'open' });
  }
  return visits;
}

const round = (n: number) => Math.round(n * 100) / 100;
const nearestRank = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil((p / 100) * values.length)) - 1]!;

/** funnelVelocity's rows as the definition in docs/reports.md states them. */
function expectedFunnel(visits: readonly Visit[]) {
  const stages = [...new Set(visits.map((v) => v.stage))].sort();
  return stages.map((stage) => {
    const here = visits.filter((v) => v.stage === stage);
    const opps = [...new Set(here.map((v) => v.opp))];
    const ended = here.filter((v) => v.days !== null).map((v) => v.days!);
    const left = opps.filter((o) => here.some((v) => v.opp === o && v.end !== 'open'));
    const movedOn = left.filter((o) =>
      here.some((v) => v.opp === o && (v.end === 'moved' || v.end === 'won')),
    );
    const lost = left.filter((o) => here.some((v) => v.opp === o && v.end === 'lost'));
    return {
      dimensions: [stage],
      values: [
        opps.length,
        left.length ? round((movedOn.length / left.length) * 100) : null,
        left.length ? round((lost.length / left.length) * 100) : null,
        ended.length ? round(ended.reduce((a, b) => a + b, 0) / ended.length) : null,
        ended.length ? round(nearestRank(ended, 90)) : null,
        here.filter((v) => v.end === 'open').length,
      ],
    };
  });
}

const FORECASTS = [
  { id: 'f-ann-q2', owner: 'ann', team: 'team-a', period: '2026-Q2', amountMinor: 2_000_00 },
  { id: 'f-ann-apr', owner: 'ann', team: 'team-a', period: '2026-04', amountMinor: 1_000_00 },
  { id: 'f-zed-q2', owner: 'zed', team: 'team-b', period: '2026-Q2', amountMinor: 300_00 },
];
/** Won amount (major units) and deals of an owner in a period, from the paths. */
interface WonFigures {
  readonly amount: number;
  readonly deals: number;
}
function wonIn(owner: string, from: string, to: string): WonFigures {
  const won = PATHS.filter((p) => p.owner === owner).flatMap((p) =>
    p.steps.filter((s) => 'won' in s && s.at.slice(0, 10) >= from && s.at.slice(0, 10) < to).length
      ? [p.amountMinor / 100]
      : [],
  );
  return { amount: won.reduce((a, b) => a + b, 0), deals: won.length };
}

/** forecastAccuracy's rows for the March submissions, given what each owner won in a period. */
function expectedAccuracy(won: (owner: string, from: string, to: string) => WonFigures) {
  return FORECASTS.map((f) => {
    const [from, to] =
      f.period === '2026-Q2' ? ['2026-04-01', '2026-07-01'] : ['2026-04-01', '2026-05-01'];
    const { amount, deals } = won(f.owner, from, to);
    const submitted = f.amountMinor / 100;
    return {
      dimensions: [f.period, f.owner, 'EUR'],
      values: [
        submitted,
        amount,
        deals,
        round((amount / submitted) * 100),
        round(amount - submitted),
      ],
    };
  }).sort((a, b) => a.dimensions.join().localeCompare(b.dimensions.join()));
}

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'report-figures' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    // Marketing's contracts include its bounce (marketing.CampaignMessageBounced, ADR 0320).
    eventTypes: storeEventTypes([
      ...salesContracts.events,
      ...marketingContracts.events,
      ...customersContracts.events,
    ]),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'report-figures' });
  connection = await connectMongo(mongoDb.url);
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
  });
  for (const projection of [
    ...REPORT_PROJECTIONS,
    salesPipelineProjection,
    salesForecastsProjection,
    marketingCampaignsProjection,
    salesQuotesProjection,
    customer360Projection,
  ])
    startRunner(projection);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

/** Runs a standard report once every read model it reads (joins too) applied every stored event. */
async function settled(
  pack: string,
  name: string,
  who: ReportViewer,
  window: { asOf?: string } = {},
): Promise<ReportResult> {
  const definition = standardReport(pack, name, window);
  const projections = projectionsOf(DATASETS[definition.dataset]!);
  const resolver = new ReadModelResolver(connection);
  return eventually(
    async () => {
      const result = await engine.run(definition, who);
      const applied = await Promise.all(projections.map((p) => resolver.appliedStorePosition(p)));
      const head = result.freshness.storeHead;
      return head > 0 && applied.every((position) => position >= head) && result;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

describe('reports over the reports context projections', () => {
  beforeAll(async () => {
    for (const path of PATHS) {
      const streamId = opportunityStreamId(path.id);
      await run(opportunityDecider, streamId, {
        type: 'OpenOpportunity',
        data: {
          opportunityId: path.id,
          name: path.id,
          customerId: 'cust-1',
          pipelineId: 'default',
          amountMinor: path.amountMinor,
          currency: 'EUR',
          expectedCloseOn: '2026-06-30',
          ownerId: path.owner,
          teamId: path.owner === 'ann' ? 'team-a' : 'team-b',
          now: path.openedAt,
        },
      });
      for (const step of path.steps) {
        const data = { opportunityId: path.id, now: step.at };
        await run(
          opportunityDecider,
          streamId,
          'to' in step
            ? { type: 'MoveOpportunityStage', data: { ...data, stageId: step.to } }
            : 'won' in step
              ? { type: 'WinOpportunity', data }
              : { type: 'LoseOpportunity', data: { ...data, reason: 'price' } },
        );
      }
    }
    for (const f of FORECASTS) {
      await run(forecastDecider, forecastStreamId(f.id), {
        type: 'SubmitForecast',
        data: {
          forecastId: f.id,
          period: f.period,
          ownerId: f.owner,
          teamId: f.team,
          currency: 'EUR',
          amountMinor: f.amountMinor,
          now: '2026-03-25T09:00:00.000Z',
        },
      });
    }
    await deliveries();
    await createQuotes();
    await customerSteps();
  });

  it('funnel velocity: per stage, who reached it, moved on, was lost, and the days spent, in scope', async () => {
    const visits = visitsOf(PATHS);
    const all = await settled('sales', 'funnelVelocity', admin);
    expect(all.rows).toEqual(expectedFunnel(visits));
    // A rep counts only his own opportunities (zed's open deal in `new` is not his).
    const own = await settled('sales', 'funnelVelocity', ann);
    expect(own.rows).toEqual(expectedFunnel(visits.filter((v) => v.owner === 'ann')));
    expect(own.rows.find((r) => r.dimensions[0] === 'new')?.values[5]).toBe(0);
  });

  it('funnel velocity as of an instant: the visits as they stood then, replayed from the stage events', async () => {
    const asOf = '2026-04-09T00:00:00.000Z';
    // Then: a was in proposal, b lost from qualified, d still new, c not opened yet.
    const then = PATHS.filter((p) => p.openedAt <= asOf).map((p) => ({
      ...p,
      steps: p.steps.filter((s) => s.at <= asOf),
    }));
    const result = await settled('sales', 'funnelVelocity', admin, { asOf });
    expect(result.asOf).toBe(asOf);
    expect(result.rows).toEqual(expectedFunnel(visitsOf(then)));
    expect(result.rows).not.toEqual((await settled('sales', 'funnelVelocity', admin)).rows);
    const byOwner = await settled('sales', 'timeInStageByOwner', ann, { asOf });
    expect(byOwner.rows.map((r) => r.dimensions)).toEqual([
      ['ann', 'new'],
      ['ann', 'proposal'],
      ['ann', 'qualified'],
    ]);
  });

  it('funnel by stage and win rate by owner as of an instant: stage and outcome replayed from the stage events', async () => {
    const asOf = '2026-04-09T00:00:00.000Z';
    const then = PATHS.filter((p) => p.openedAt <= asOf).map((p) => ({
      ...p,
      steps: p.steps.filter((s) => s.at <= asOf),
    }));
    const end = (p: Path) => p.steps.find((s) => !('to' in s));
    const stageOf = (p: Path) => p.steps.flatMap((s) => ('to' in s ? [s.to] : [])).pop() ?? 'new';
    const open = then.filter((p) => !end(p));
    const funnel = [...new Set(open.map(stageOf))].sort().map((stage) => ({
      dimensions: [stage],
      values: [open.filter((p) => stageOf(p) === stage).length],
    }));
    // By hand: a in proposal, d still new (b lost on 7 April, c opened in May).
    expect(funnel).toEqual([
      { dimensions: ['new'], values: [1] },
      { dimensions: ['proposal'], values: [1] },
    ]);
    expect((await settled('sales', 'funnelByStage', admin, { asOf })).rows).toEqual(funnel);
    const owners = [...new Set(then.map((p) => p.owner))].sort();
    const winRate = owners.map((owner) => {
      const mine = then.filter((p) => p.owner === owner);
      const closed = mine.filter((p) => end(p));
      const days = closed.map((p) =>
        Math.floor((Date.parse(end(p)!.at) - Date.parse(p.openedAt)) / DAY),
      );
      return {
        dimensions: [owner],
        values: [
          mine.length,
          closed.length
            ? round((closed.filter((p) => 'won' in end(p)!).length / closed.length) * 100)
            : null,
          days.length ? round(days.reduce((a, b) => a + b, 0) / days.length) : null,
        ],
      };
    });
    expect((await settled('sales', 'winRateByOwner', admin, { asOf })).rows).toEqual(winRate);
    expect(winRate).toEqual([{ dimensions: ['ann'], values: [3, 0, 5] }]);
  });

  it('forecast accuracy: each forecast against what its owner won in the period', async () => {
    const result = await settled('sales', 'forecastAccuracy', admin);
    const expected = expectedAccuracy(wonIn);
    expect(result.rows).toEqual(expected);
    // Ann's Q2: 1,500 won of 2,000 called.
    expect(expected[1]!.values).toEqual([2000, 1500, 2, 75, -500]);
    const own = await settled('sales', 'forecastAccuracy', ann);
    expect(own.rows.map((r) => r.dimensions[1])).toEqual(['ann', 'ann']);
  });

  it('forecast accuracy as of an instant: the submission of then against the deals won by then', async () => {
    // Ann calls her Q2 again in May, higher; as of 30 April her March call still stood.
    await run(forecastDecider, forecastStreamId('f-ann-q2'), {
      type: 'SubmitForecast',
      data: {
        forecastId: 'f-ann-q2',
        period: '2026-Q2',
        ownerId: 'ann',
        teamId: 'team-a',
        currency: 'EUR',
        amountMinor: 2_500_00,
        now: '2026-05-20T09:00:00.000Z',
      },
    });
    const asOf = '2026-04-30T00:00:00.000Z';
    /** Won by `asOf` in [from, to), from the paths alone. */
    const wonBy = (owner: string, from: string, to: string) => {
      const won = PATHS.filter((p) => p.owner === owner).flatMap((p) =>
        p.steps.some((s) => 'won' in s && s.at <= asOf && s.at >= from && s.at < to)
          ? [p.amountMinor / 100]
          : [],
      );
      return { amount: won.reduce((a, b) => a + b, 0), deals: won.length };
    };
    const expected = expectedAccuracy(wonBy); // against the March submissions
    const then = await eventually(
      async () => {
        const now = await settled('sales', 'forecastAccuracy', admin);
        const annQ2 = now.rows.find((r) => r.dimensions.join() === '2026-Q2,ann,EUR');
        return annQ2?.values[0] === 2500 && settled('sales', 'forecastAccuracy', admin, { asOf });
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(then.rows).toEqual(expected);
    // By hand: Ann's Q2 then: 2,000 called, only opp-a (1,000) won by 30 April; d won in May.
    expect(expected[1]!.values).toEqual([2000, 1000, 1, 50, -1000]);
  });

  it('forecasts by period as of an instant: the submission and adjustment standing then', async () => {
    // After ann's May resubmission (2,500), her manager adjusts her Q2 to 2,200 on 1 June.
    await run(forecastDecider, forecastStreamId('f-ann-q2'), {
      type: 'AdjustForecast',
      data: {
        forecastId: 'f-ann-q2',
        currency: 'EUR',
        amountMinor: 2_200_00,
        note: 'Slips',
        adjustedBy: 'mia',
        now: '2026-06-01T09:00:00.000Z',
      },
    });
    /** Submitted and the manager's figure per period as of an instant, from the lists above. */
    const expected = (asOf: string) => {
      const calls = [
        ...FORECASTS.map((f) => ({ ...f, at: '2026-03-25T09:00:00.000Z' })),
        { ...FORECASTS[0]!, amountMinor: 2_500_00, at: '2026-05-20T09:00:00.000Z' },
      ].filter((c) => c.at <= asOf);
      const latest = new Map(calls.map((c) => [c.id, c]));
      const adjusted = (id: string) =>
        id === 'f-ann-q2' && asOf >= '2026-06-01T09:00:00.000Z' ? 2200 : undefined;
      return [...new Set([...latest.values()].map((c) => c.period))].sort().map((period) => {
        const here = [...latest.values()].filter((c) => c.period === period);
        const submitted = here.reduce((sum, c) => sum + c.amountMinor / 100, 0);
        const manager = here.reduce((sum, c) => sum + (adjusted(c.id) ?? c.amountMinor / 100), 0);
        return { dimensions: [period, 'EUR'], values: [here.length, submitted, manager] };
      });
    };
    const now = await eventually(
      async () => {
        const result = await settled('sales', 'forecastByPeriod', admin);
        const q2 = result.rows.find((r) => r.dimensions[0] === '2026-Q2');
        return q2?.values[2] === 2500 && result;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(now.rows).toEqual(expected(NOW.toISOString()));
    for (const asOf of ['2026-04-30T00:00:00.000Z', '2026-05-25T00:00:00.000Z']) {
      const then = await settled('sales', 'forecastByPeriod', admin, { asOf });
      expect(then.rows).toEqual(expected(asOf));
    }
    // By hand: on 30 April Q2 stood at 2,000 + 300 called, nothing adjusted.
    expect(expected('2026-04-30T00:00:00.000Z')[1]!.values).toEqual([2, 2300, 2300]);
  });

  it('campaign delivery rates: bounces and unsubscribes of the messages sent, and as they stood asOf', async () => {
    const result = await settled('marketing', 'deliveryRates', admin);
    // 4 messages; cust-2 bounced, cust-3 unsubscribed through the link (cust-9 without a campaign).
    expect(result.rows).toEqual([{ dimensions: ['camp-1'], values: [4, 1, 25, 1, 25] }]);
    const before = await settled('marketing', 'deliveryRates', admin, {
      asOf: '2026-05-02T00:00:00.000Z',
    });
    expect(before.rows).toEqual([{ dimensions: ['camp-1'], values: [4, 1, 25, 0, 0] }]);
  });

  it('quote outcomes by owner as of an instant: status, approvals and decision of then, from the quote history', async () => {
    const now = await settled('sales', 'quoteOutcomesByOwner', admin);
    expect(now.rows).toEqual(expectedQuoteOutcomes(NOW.toISOString()));
    const atNow = await settled('sales', 'quoteOutcomesByOwner', admin, {
      asOf: NOW.toISOString(),
    });
    expect(atNow.rows).toEqual(now.rows);
    for (const asOf of ['2026-05-04T12:00:00.000Z', '2026-05-15T00:00:00.000Z']) {
      const then = await settled('sales', 'quoteOutcomesByOwner', admin, { asOf });
      expect(then.rows).toEqual(expectedQuoteOutcomes(asOf));
    }
    // By hand: on 4 May ann's q2 still needed approval (revised on the 5th), nothing was decided.
    expect(expectedQuoteOutcomes('2026-05-04T12:00:00.000Z')).toEqual([
      { dimensions: ['ann'], values: [2, null, null, 50] },
      { dimensions: ['zed'], values: [1, null, null, 0] },
    ]);
    // Ann's scope: her own quotes only, as of then too.
    const own = await settled('sales', 'quoteOutcomesByOwner', ann, {
      asOf: '2026-05-15T00:00:00.000Z',
    });
    expect(own.rows).toEqual(
      expectedQuoteOutcomes('2026-05-15T00:00:00.000Z').filter((r) => r.dimensions[0] === 'ann'),
    );
  });

  it('quote approval turnaround by owner, now and as of an instant, from the dated approvals', async () => {
    const now = await settled('sales', 'quoteApprovalTurnaround', admin);
    expect(now.rows).toEqual(expectedApprovals(NOW.toISOString()));
    // By hand: ann's q5 approved 48 h after its creation, zed's q4 30 h after.
    expect(now.rows).toEqual([
      { dimensions: ['ann'], values: [1, 1, 48, 48, 48] },
      { dimensions: ['zed'], values: [1, 1, 30, 30, 30] },
    ]);
    for (const asOf of ['2026-05-04T12:00:00.000Z', '2026-05-21T00:00:00.000Z']) {
      const then = await settled('sales', 'quoteApprovalTurnaround', admin, { asOf });
      expect(then.rows).toEqual(expectedApprovals(asOf));
    }
    // On 4 May ann's q2 (30 % off, revised on the 5th) awaited its approval.
    expect(expectedApprovals('2026-05-04T12:00:00.000Z')[0]).toEqual({
      dimensions: ['ann'],
      values: [1, 0, null, null, null],
    });
    const definition = standardReport('sales', 'quoteApprovalTurnaround');
    const drill = await engine.drillDown(definition, ['zed'], admin);
    expect(drill.records.find((r) => r.id === 'q4')).toMatchObject({
      approvalRequestedAt: '2026-06-10T09:00:00.000Z',
      approvedAt: '2026-06-11T15:00:00.000Z',
    });
    // Ann's scope: her own quotes only.
    const own = await settled('sales', 'quoteApprovalTurnaround', ann);
    expect(own.rows).toEqual(
      expectedApprovals(NOW.toISOString()).filter((r) => r.dimensions[0] === 'ann'),
    );
  });

  it('customers by lifecycle and owner as of an instant: the status and owner of then', async () => {
    const now = await settled('customers', 'byLifecycle', admin);
    expect(now.rows).toEqual(expectedCustomersBy(NOW.toISOString(), 'status'));
    const atNow = await settled('customers', 'byLifecycle', admin, { asOf: NOW.toISOString() });
    expect(atNow.rows).toEqual(now.rows);
    for (const asOf of ['2026-03-03T00:00:00.000Z', '2026-04-15T00:00:00.000Z']) {
      const then = await settled('customers', 'byLifecycle', admin, { asOf });
      expect(then.rows).toEqual(expectedCustomersBy(asOf, 'status'));
    }
    // By hand: on 15 April c-1 had become active, c-2 was still active, c-3 (merged in May) a prospect.
    expect(expectedCustomersBy('2026-04-15T00:00:00.000Z', 'status')).toEqual([
      { dimensions: ['active'], values: [2] },
      { dimensions: ['prospect'], values: [1] },
    ]);
    const byOwner = (who: ReportViewer, asOf: string) =>
      engine.run(
        { dataset: 'customers', dimensions: ['owner'], measures: ['customers'], asOf },
        who,
      );
    const asOf = '2026-04-15T00:00:00.000Z';
    expect((await byOwner(admin, asOf)).rows).toEqual(expectedCustomersBy(asOf, 'owner'));
    // Ann's scope: the customers she owns now (c-2 became hers in May), as they stood then.
    expect((await byOwner(ann, asOf)).rows).toEqual(expectedCustomersBy(asOf, 'owner', 'ann'));
  });

  it('campaign results as of an instant: audience, sent and skipped by reason counted then', async () => {
    const now = await settled('marketing', 'campaignResults', admin);
    expect(now.rows).toEqual(expectedCampaignResults(NOW.toISOString()));
    // asOf now agrees with the live counters of marketing's campaign read model.
    const atNow = await settled('marketing', 'campaignResults', admin, {
      asOf: NOW.toISOString(),
    });
    expect(atNow.rows).toEqual(now.rows);
    for (const asOf of [
      '2026-04-30T12:00:00.000Z',
      '2026-05-01T07:59:00.000Z',
      '2026-05-01T08:10:00.000Z',
    ]) {
      const then = await settled('marketing', 'campaignResults', admin, { asOf });
      expect(then.rows).toEqual(expectedCampaignResults(asOf));
    }
    // By hand: at 08:10 the audience was resolved, 4 sent, only the no-consent skip had happened.
    expect(expectedCampaignResults('2026-05-01T08:10:00.000Z')[0]!.values).toEqual([
      6, 4, 1, 1, 0, 0, 0,
    ]);
    // Before its creation the campaign is no row.
    const before = await settled('marketing', 'campaignResults', admin, {
      asOf: '2026-04-29T00:00:00.000Z',
    });
    expect(before.rows).toEqual([]);
  });
});

// Quotes: each one's creation (discount over 20 % needs a manager's approval), revisions, sending
// and the customer's decision. quoteOutcomesByOwner's figures are derived from this list alone.
type QuoteStep =
  | { at: string; kind: 'revise'; discount: number }
  | { at: string; kind: 'approve' | 'send' | 'accept' | 'reject' | 'expire' };
interface QuotePath {
  id: string;
  owner: 'ann' | 'zed';
  createdAt: string;
  discount: number;
  validUntil: string;
  steps: QuoteStep[];
}
const QUOTES: QuotePath[] = [
  {
    id: 'q1',
    owner: 'ann',
    createdAt: '2026-05-01T09:00:00.000Z',
    discount: 0,
    validUntil: '2026-07-31T00:00:00.000Z',
    steps: [
      { at: '2026-05-02T09:00:00.000Z', kind: 'send' },
      { at: '2026-05-10T09:00:00.000Z', kind: 'accept' },
    ],
  },
  {
    id: 'q2',
    owner: 'ann',
    createdAt: '2026-05-03T09:00:00.000Z',
    discount: 30,
    validUntil: '2026-07-31T00:00:00.000Z',
    steps: [
      { at: '2026-05-05T09:00:00.000Z', kind: 'revise', discount: 10 },
      { at: '2026-05-06T09:00:00.000Z', kind: 'send' },
      { at: '2026-06-01T09:00:00.000Z', kind: 'reject' },
    ],
  },
  {
    id: 'q3',
    owner: 'zed',
    createdAt: '2026-05-04T09:00:00.000Z',
    discount: 0,
    validUntil: '2026-05-20T00:00:00.000Z',
    steps: [
      { at: '2026-05-05T09:00:00.000Z', kind: 'send' },
      { at: '2026-05-21T00:00:00.000Z', kind: 'expire' },
    ],
  },
  {
    id: 'q4',
    owner: 'zed',
    createdAt: '2026-06-10T09:00:00.000Z',
    discount: 25,
    validUntil: '2026-07-31T00:00:00.000Z',
    steps: [{ at: '2026-06-11T15:00:00.000Z', kind: 'approve' }],
  },
  {
    id: 'q5',
    owner: 'ann',
    createdAt: '2026-05-20T09:00:00.000Z',
    discount: 40,
    validUntil: '2026-07-31T00:00:00.000Z',
    steps: [
      { at: '2026-05-22T09:00:00.000Z', kind: 'approve' },
      { at: '2026-05-23T09:00:00.000Z', kind: 'send' },
      { at: '2026-05-25T09:00:00.000Z', kind: 'accept' },
    ],
  },
];

/**
 * quoteApprovalTurnaround's rows as docs/reports.md defines them, as they stood at `asOf`: per
 * owner, the quotes whose current version (discount over 20 %) needed an approval, those approved,
 * and the hours from writing that version to its approval (average, median, 90th percentile).
 */
function expectedApprovals(asOf: string) {
  const quotes = QUOTES.filter((q) => q.createdAt <= asOf).map((q) => {
    const steps = q.steps.filter((step) => step.at <= asOf);
    const revision = steps.filter((step) => step.kind === 'revise').pop();
    const discount = revision && 'discount' in revision ? revision.discount : q.discount;
    const requestedAt = revision?.at ?? q.createdAt;
    const approval = steps.find((step) => step.kind === 'approve' && step.at >= requestedAt);
    const needed = discount > 20;
    return {
      owner: q.owner,
      needed,
      hours:
        needed && approval ? (Date.parse(approval.at) - Date.parse(requestedAt)) / 3_600_000 : null,
    };
  });
  return [...new Set(quotes.map((q) => q.owner))].sort().map((owner) => {
    const own = quotes.filter((q) => q.owner === owner);
    const hours = own.flatMap((q) => (q.hours === null ? [] : [q.hours]));
    return {
      dimensions: [owner],
      values: [
        own.filter((q) => q.needed).length,
        hours.length,
        hours.length ? round(hours.reduce((a, b) => a + b, 0) / hours.length) : null,
        hours.length ? round(nearestRank(hours, 50)) : null,
        hours.length ? round(nearestRank(hours, 90)) : null,
      ],
    };
  });
}

/** quoteOutcomesByOwner's rows as docs/reports.md defines them, as they stood at `asOf`. */
function expectedQuoteOutcomes(asOf: string) {
  const quotes = QUOTES.filter((q) => q.createdAt <= asOf).map((q) => {
    const steps = q.steps.filter((step) => step.at <= asOf);
    const revision = steps.filter((step) => step.kind === 'revise').pop();
    const decision = steps.find((step) => ['accept', 'reject', 'expire'].includes(step.kind));
    return {
      owner: q.owner,
      discount: revision && 'discount' in revision ? revision.discount : q.discount,
      decision: decision?.kind,
      days: decision ? Math.floor((Date.parse(decision.at) - Date.parse(q.createdAt)) / DAY) : null,
    };
  });
  return [...new Set(quotes.map((q) => q.owner))].sort().map((owner) => {
    const own = quotes.filter((q) => q.owner === owner);
    const decided = own.filter((q) => q.decision);
    const days = decided.map((q) => q.days!);
    return {
      dimensions: [owner],
      values: [
        own.length,
        decided.length
          ? round((decided.filter((q) => q.decision === 'accept').length / decided.length) * 100)
          : null,
        days.length ? round(days.reduce((a, b) => a + b, 0) / days.length) : null,
        round((own.filter((q) => q.discount > 20).length / own.length) * 100),
      ],
    };
  });
}

async function createQuotes(): Promise<void> {
  const line = (discountPercent: number) => [
    { name: 'Seats', category: 'licence', quantity: 10, unitPriceMinor: 100_00, discountPercent },
  ];
  for (const q of QUOTES) {
    const run_ = (command: QuoteCommand) => run(quoteDecider, quoteStreamId(q.id), command);
    await run_({
      type: 'CreateQuote',
      data: {
        quoteId: q.id,
        opportunityId: `opp-${q.id}`,
        customerId: 'cust-1',
        currency: 'EUR',
        lines: line(q.discount),
        validUntil: q.validUntil,
        ownerId: q.owner,
        teamId: q.owner === 'ann' ? 'team-a' : 'team-b',
        now: q.createdAt,
      },
    });
    let version = 1;
    for (const step of q.steps) {
      const data = { quoteId: q.id, now: step.at };
      switch (step.kind) {
        case 'revise':
          version += 1;
          await run_({
            type: 'ReviseQuote',
            data: { ...data, lines: line(step.discount), validUntil: q.validUntil },
          });
          break;
        case 'approve':
          await run_({
            type: 'ApproveQuote',
            data: { ...data, version, approverId: 'mia', approverRoles: ['sales_manager'] },
          });
          break;
        case 'send':
          await run_({ type: 'SendQuote', data });
          break;
        case 'accept':
          await run_({ type: 'AcceptQuote', data: { ...data, version } });
          break;
        case 'reject':
          await run_({ type: 'RejectQuote', data: { ...data, reason: 'price' } });
          break;
        case 'expire':
          await run_({ type: 'ExpireQuote', data });
          break;
      }
    }
  }
}

// Customers: registration (with its status), owner assignments, lifecycle moves and merges into
// another, each at its instant. byLifecycle's figures are derived from this list alone.
type CustomerStep =
  | { customer: string; at: string; registered: 'prospect' | 'active' }
  | { customer: string; at: string; owner: 'ann' | 'zed' }
  | { customer: string; at: string; status: 'prospect' | 'active' | 'inactive' }
  | { customer: string; at: string; mergedInto: string };
const CUSTOMER_STEPS: CustomerStep[] = [
  { customer: 'c-1', at: '2026-03-01T09:00:00.000Z', registered: 'prospect' },
  { customer: 'c-1', at: '2026-03-02T09:00:00.000Z', owner: 'ann' },
  { customer: 'c-2', at: '2026-03-05T09:00:00.000Z', registered: 'active' },
  { customer: 'c-2', at: '2026-03-06T09:00:00.000Z', owner: 'zed' },
  { customer: 'c-3', at: '2026-04-01T09:00:00.000Z', registered: 'prospect' },
  { customer: 'c-3', at: '2026-04-02T09:00:00.000Z', owner: 'ann' },
  { customer: 'c-1', at: '2026-04-10T09:00:00.000Z', status: 'active' },
  { customer: 'c-2', at: '2026-05-01T09:00:00.000Z', status: 'inactive' },
  { customer: 'c-3', at: '2026-05-15T09:00:00.000Z', mergedInto: 'c-1' },
  { customer: 'c-4', at: '2026-05-20T09:00:00.000Z', registered: 'prospect' },
  { customer: 'c-2', at: '2026-05-25T09:00:00.000Z', owner: 'ann' },
];

/** Each customer's status and owner at `asOf` (merged away by then: gone), from the list above. */
function customersThen(asOf: string) {
  const then = new Map<string, { status: string; owner: string }>();
  for (const step of CUSTOMER_STEPS.filter((s) => s.at <= asOf)) {
    const was = then.get(step.customer);
    if ('registered' in step) then.set(step.customer, { status: step.registered, owner: '(none)' });
    else if (!was) continue;
    else if ('owner' in step) then.set(step.customer, { ...was, owner: step.owner });
    else if ('status' in step) then.set(step.customer, { ...was, status: step.status });
    else then.delete(step.customer);
  }
  return then;
}

/** The customer's owner now (the customer record scope reads it). */
const ownerNow = (customer: string) =>
  CUSTOMER_STEPS.flatMap((s) => (s.customer === customer && 'owner' in s ? [s.owner] : [])).pop();

/** Customers per status or owner at `asOf`, of those `viewer` owns now (all without). */
function expectedCustomersBy(asOf: string, by: 'status' | 'owner', viewer?: string) {
  const seen = [...customersThen(asOf)]
    .filter(([id]) => !viewer || ownerNow(id) === viewer)
    .map(([, c]) => c);
  return [...new Set(seen.map((c) => c[by]))].sort().map((value) => ({
    dimensions: [value],
    values: [seen.filter((c) => c[by] === value).length],
  }));
}

async function customerSteps(): Promise<void> {
  for (const step of CUSTOMER_STEPS) {
    const streamId = `customers.Customer-${step.customer}`;
    const customerId = step.customer;
    const [type, data] =
      'registered' in step
        ? [
            'customers.CustomerRegistered',
            {
              customerId,
              kind: 'company',
              company: { legalName: customerId },
              status: step.registered,
            },
          ]
        : 'owner' in step
          ? [
              'customers.OwnerAssigned',
              {
                customerId,
                ownerUserId: step.owner,
                teamId: step.owner === 'ann' ? 'team-a' : 'team-b',
              },
            ]
          : 'status' in step
            ? [
                'customers.LifecycleStatusChanged',
                {
                  customerId,
                  from: customersThen(step.at).get(customerId)?.status ?? 'prospect',
                  to: step.status,
                },
              ]
            : ['customers.CustomerMergedInto', { customerId, survivorCustomerId: step.mergedInto }];
    await store.append(streamId, [
      {
        eventId: uuidv7(),
        type,
        tenantId: TENANT,
        occurredAt: step.at,
        actor: { kind: 'user', userId: 'admin', roles: [] },
        correlationId: uuidv7(),
        causationId: uuidv7(),
        data,
      },
    ]);
  }
}

// Campaign camp-1: created 30 April, sending started 1 May 07:55 for 6 recipients; 4 messages
// sent 1 May 08:00 (below), and these recipients skipped. Its results are derived from this alone.
const CAMPAIGN_CREATED_AT = '2026-04-30T09:00:00.000Z';
const SENDING_STARTED_AT = '2026-05-01T07:55:00.000Z';
const AUDIENCE = 6;
const MESSAGES_SENT_AT = '2026-05-01T08:00:00.000Z';
const SENT_TO = ['cust-1', 'cust-2', 'cust-3', 'cust-4'];
const SKIPS = [
  { customer: 'cust-5', reason: 'NO_CONSENT', at: '2026-05-01T07:58:00.000Z' },
  { customer: 'cust-6', reason: 'NO_EMAIL', at: '2026-05-01T08:30:00.000Z' },
];

/** campaignResults' row of camp-1 as docs/reports.md defines it, as it stood at `asOf`. */
function expectedCampaignResults(asOf: string) {
  const skipped = SKIPS.filter((s) => s.at <= asOf);
  const reason = (r: string) => skipped.filter((s) => s.reason === r).length;
  return [
    {
      dimensions: ['camp-1'],
      values: [
        SENDING_STARTED_AT <= asOf ? AUDIENCE : 0,
        MESSAGES_SENT_AT <= asOf ? SENT_TO.length : 0,
        skipped.length,
        reason('NO_CONSENT'),
        reason('UNSUBSCRIBED'),
        reason('NO_EMAIL'),
        reason('MERGE_FIELD_MISSING'),
      ],
    },
  ];
}

async function deliveries(): Promise<void> {
  const append = async (type: string, streamId: string, data: Record<string, unknown>) => {
    await store.append(streamId, [
      {
        eventId: uuidv7(),
        type,
        tenantId: TENANT,
        occurredAt: NOW.toISOString(),
        actor: { kind: 'system', name: 'marketing' },
        correlationId: uuidv7(),
        causationId: uuidv7(),
        data,
      },
    ]);
  };
  await append('marketing.CampaignCreated', 'marketing.Campaign-camp-1', {
    campaignId: 'camp-1',
    name: 'May news',
    segmentId: 'seg-1',
    templateId: 'tpl-1',
    locale: 'en',
    createdAt: CAMPAIGN_CREATED_AT,
  });
  await append('marketing.CampaignSendingStarted', 'marketing.Campaign-camp-1', {
    campaignId: 'camp-1',
    audienceSize: AUDIENCE,
    startedAt: SENDING_STARTED_AT,
  });
  for (const customer of SENT_TO) {
    await append('marketing.CampaignMessageSent', 'marketing.Campaign-camp-1', {
      campaignId: 'camp-1',
      customerId: customer,
      messageId: `<${customer}@crm.test>`,
      sentAt: MESSAGES_SENT_AT,
    });
  }
  for (const skip of SKIPS) {
    await append('marketing.CampaignRecipientSkipped', 'marketing.Campaign-camp-1', {
      campaignId: 'camp-1',
      customerId: skip.customer,
      reason: skip.reason,
      detail: 'test',
      skippedAt: skip.at,
    });
  }
  await append(CAMPAIGN_MESSAGE_BOUNCED, 'marketing.Campaign-camp-1', {
    campaignId: 'camp-1',
    customerId: 'cust-2',
    messageId: '<cust-2@crm.test>',
    kind: 'hard',
    bouncedAt: '2026-05-01T08:05:00.000Z',
  });
  for (const [customer, campaignId] of [
    ['cust-3', 'camp-1'],
    ['cust-9', undefined],
  ] as const) {
    await append('marketing.CustomerUnsubscribed', `marketing.Subscription-${customer}`, {
      customerId: customer,
      channel: 'email',
      ...(campaignId ? { campaignId } : {}),
      unsubscribedAt: '2026-05-03T10:00:00.000Z',
    });
  }
}
