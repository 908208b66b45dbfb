// The sales read models against the real servers: events decided by the sales deciders and stored
// in PostgreSQL are projected live into the lead queue, the pipeline board and orders; the queries
// answer within the caller's record scope; and a rebuild from the log equals the live documents.
import { Role, salesScopeOf, scopeIncludes, type SalesScope } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import {
  CommandHandler,
  PostgresEventStore,
  systemRuntime,
  type Decider,
  type DomainEvent,
} from '@crm/event-sourcing';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import {
  ProjectionRunner,
  ReadModelResolver,
  connectMongo,
  defineProjection,
  type ProjectionDefinition,
} from '@crm/read-models';
import { snapshotServing, withoutRuntimeFields } from '@crm/read-models/testing';
import {
  leadDecider,
  leadStreamId,
  opportunityDecider,
  opportunityStreamId,
  orderDecider,
  orderStreamId,
  activityDecider,
  activityStreamId,
  quoteDecider,
  quoteStreamId,
  type QuoteCommand,
  DEFAULT_LEAD_SCORING_MODEL,
  leadScoreDecider,
  leadScoreStreamId,
  scoreLead,
  forecastDecider,
  forecastStreamId,
  DEFAULT_PIPELINE,
} from '@crm/sales-domain';
import {
  SALES_BOARD_PLACEMENTS_MODEL,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
  SalesReadModelQueries,
  boardPlacementBucketId,
  orderStatusOf,
  type BoardPlacementsDocument,
  type OpportunityDocument,
} from '@crm/sales-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { SALES_PROJECTIONS, salesPipelineProjection } from '.';

jest.setTimeout(120_000);

const TENANT = 'tenant-sales-rm';
const NOW = '2026-03-01T09:00:00.000Z';
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let queries: SalesReadModelQueries;
const stops: (() => Promise<void>)[] = [];

function startRunner(definition: ProjectionDefinition): void {
  const runner = new ProjectionRunner(definition, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  const abort = new AbortController();
  const done = runner.run(abort.signal);
  stops.push(async () => {
    abort.abort();
    await done;
  });
}

async function run<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<void> {
  await new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
    tenantId: TENANT,
    actor: { kind: 'user', userId: 'rep-1', roles: [] },
  });
}

const capture = (leadId: string, ownerId: string, teamId: string) =>
  run(leadDecider, leadStreamId(leadId), {
    type: 'CaptureLead',
    data: {
      leadId,
      source: 'web_form',
      contact: { name: 'Someone' },
      companyName: `Company ${leadId}`,
      ownerId,
      teamId,
      now: NOW,
    },
  });
const open = (opportunityId: string, ownerId: string, teamId: string, amountMinor: number) =>
  run(opportunityDecider, opportunityStreamId(opportunityId), {
    type: 'OpenOpportunity',
    data: {
      opportunityId,
      name: `Deal ${opportunityId}`,
      customerId: 'cust-1',
      pipelineId: 'default',
      amountMinor,
      currency: 'EUR',
      expectedCloseOn: '2026-06-30',
      ownerId,
      teamId,
      now: NOW,
    },
  });

const rep1 = salesScopeOf(
  { userId: 'rep-1', tenantId: TENANT, roles: [Role.SALES_REP], teamId: 'team-a' },
  [],
);
const managerB = salesScopeOf(
  { userId: 'boss-b', tenantId: TENANT, roles: [Role.SALES_MANAGER], teamId: 'team-b' },
  ['boss-b', 'rep-3'],
);
const admin = salesScopeOf(
  { userId: 'admin', tenantId: TENANT, roles: [Role.ADMIN], teamId: null },
  [],
);

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'sales-rm' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes(salesContracts.events),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'sales-rm' });
  connection = await connectMongo(mongoDb.url);
  queries = new SalesReadModelQueries(connection);
  for (const projection of SALES_PROJECTIONS) startRunner(projection);
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

describe('sales read models', () => {
  it('show each caller the leads, pipeline and orders of their scope; a rebuild equals the live run', async () => {
    await capture('lead-1', 'rep-1', 'team-a');
    await capture('lead-2', 'rep-3', 'team-b');
    await run(leadDecider, leadStreamId('lead-2'), {
      type: 'DisqualifyLead',
      data: { leadId: 'lead-2', reason: 'spam', now: NOW },
    });
    await run(leadDecider, leadStreamId('lead-1'), {
      type: 'ConvertLead',
      data: { leadId: 'lead-1', customerId: 'cust-1', opportunityId: 'opp-1', now: NOW },
    });
    await open('opp-1', 'rep-1', 'team-a', 1_000_00);
    await open('opp-2', 'rep-1', 'team-a', 250_50);
    await open('opp-3', 'rep-3', 'team-b', 99_99);
    await run(opportunityDecider, opportunityStreamId('opp-2'), {
      type: 'MoveOpportunityStage',
      data: { opportunityId: 'opp-2', stageId: 'proposal', now: '2026-03-02T09:00:00.000Z' },
    });
    await run(opportunityDecider, opportunityStreamId('opp-1'), {
      type: 'WinOpportunity',
      data: { opportunityId: 'opp-1', now: NOW },
    });
    await run(orderDecider, orderStreamId('order-1'), {
      type: 'PlaceOrder',
      data: {
        orderId: 'order-1',
        customerId: 'cust-1',
        opportunityId: 'opp-1',
        lines: [{ category: 'engines', quantity: 1, unitPriceMinor: 1_000_00 }],
        currency: 'EUR',
        channel: 'offline_store',
        ownerId: 'rep-1',
        teamId: 'team-a',
        now: NOW,
      },
    });
    for (const amountMinor of [400_00, 600_00]) {
      await run(orderDecider, orderStreamId('order-1'), {
        type: 'RefundOrder',
        data: { orderId: 'order-1', amountMinor, now: NOW },
      });
    }

    await quotesAndActivities();

    // The store's gap-free reads wait for every older transaction of the (shared) PostgreSQL
    // cluster to finish, so the deadline is generous.
    await eventually(
      async () => {
        const [order] = await queries.orders(TENANT, admin);
        expect(order?.refundedMinor).toBe(1_000_00);
        // Every projection has caught up (each runs at its own pace).
        expect(await queries.leads(TENANT, admin, ['converted', 'disqualified'])).toHaveLength(2);
        expect(await queries.quotes(TENANT, admin, { statuses: ['sent'] })).toHaveLength(1);
        expect(await queries.activities(TENANT, admin, { statuses: ['completed'] })).toHaveLength(
          1,
        );
        expect((await queries.lead(TENANT, admin, 'lead-1'))?.scoredAt).toBe(NOW);
        expect((await queries.forecastSubmissions(TENANT, admin, '2026-Q2'))[0]?.adjusted).toBe(
          '110.00',
        );
        // The board too (it may still be building its first collection under load).
        const board = (await queries.openOpportunities(TENANT, admin, 'default')).map((o) => o._id);
        expect(board).toContain('opp-2');
        expect(board).not.toContain('opp-1');
      },
      { timeoutMs: 60_000 },
    );
    expect(
      (await queries.leads(TENANT, admin, ['converted', 'disqualified'])).map((l) => [
        l._id,
        l.status,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['lead-1', 'converted'],
        ['lead-2', 'disqualified'],
      ]),
    );
    expect(
      (await queries.leads(TENANT, rep1, ['converted', 'disqualified'])).map((l) => l._id),
    ).toEqual(['lead-1']);
    // The last score sits on the lead in the queue (fit: company 20 + web form 10; no history: 50 %).
    expect((await queries.lead(TENANT, rep1, 'lead-1'))?.score).toBe(30);
    expect((await queries.lead(TENANT, rep1, 'lead-1'))?.winProbability).toBe(50);

    // The won deal left the board; the rep sees only their own open one, in its stage.
    expect(
      (await queries.openOpportunities(TENANT, rep1, 'default')).map((o) => [
        o._id,
        o.stageId,
        o.probability,
        o.amount,
      ]),
    ).toEqual([['opp-2', 'proposal', 50, '250.50']]);
    const openB = await queries.openOpportunities(TENANT, managerB, 'default');
    expect(openB.map((o) => o._id)).toEqual(['opp-3']);

    const [order] = await queries.orders(TENANT, rep1, 'cust-1');
    expect(order).toMatchObject({ _id: 'order-1', opportunityId: 'opp-1', amount: '1000.00' });
    expect(orderStatusOf(order!)).toBe('refunded');
    expect(await queries.orders(TENANT, managerB)).toEqual([]);

    // A forecast's opportunities: open ones closing in the quarter, won ones closed in it, in scope.
    const ids = (docs: { _id: string }[]) => docs.map((d) => d._id).sort();
    expect(
      ids(await queries.forecastOpportunities(TENANT, admin, '2026-04-01', '2026-07-01')),
    ).toEqual(['opp-2', 'opp-3']);
    expect(
      ids(await queries.forecastOpportunities(TENANT, rep1, '2026-01-01', '2026-04-01')),
    ).toEqual(['opp-1']);
    expect(
      await queries.forecastOpportunities(TENANT, managerB, '2026-01-01', '2026-04-01'),
    ).toEqual([]);

    const [forecast] = await queries.forecastSubmissions(TENANT, rep1, '2026-Q2');
    expect(forecast).toMatchObject({
      _id: 'fc-1',
      submitted: '120.00',
      submissionCount: 2,
      adjusted: '110.00',
      adjustmentNote: 'trim',
    });
    expect(await queries.forecastSubmissions(TENANT, managerB, '2026-Q2')).toEqual([]);

    // The approvers' queue: a manager sees their team's quote waiting; the rep's approved one left it.
    expect(
      (await queries.quotes(TENANT, admin, { awaitingApproval: true })).map((q) => q._id),
    ).toEqual(['quote-b']);
    expect(await queries.quotes(TENANT, rep1, { awaitingApproval: true })).toEqual([]);
    const [sentQuote] = await queries.quotes(TENANT, rep1, { statuses: ['sent'] });
    expect(sentQuote).toMatchObject({
      _id: 'quote-a',
      quoteVersion: 2,
      approvedVersion: 2,
      amount: '140.00',
      status: 'sent',
    });
    expect(await queries.quote(TENANT, managerB, 'quote-a')).toBeNull();
    // My activities: open, soonest first; the calendar window cuts by due instant.
    expect(
      (await queries.activities(TENANT, rep1, { ownerId: 'rep-1' })).map((a) => [a._id, a.dueAt]),
    ).toEqual([
      ['act-2', '2026-03-03T09:00:00.000Z'],
      ['act-1', '2026-03-05T09:00:00.000Z'],
    ]);
    expect(
      (
        await queries.activities(TENANT, admin, {
          dueFrom: '2026-03-04T00:00:00Z',
          dueBefore: '2026-03-06T00:00:00Z',
          statuses: ['open', 'completed'],
        })
      ).map((a) => a._id),
    ).toEqual(['act-3', 'act-1']);
    expect(
      (await queries.activities(TENANT, admin, { statuses: ['completed'] })).map((a) => [
        a._id,
        a.outcome,
      ]),
    ).toEqual([['act-3', 'done']]);

    const live = await Promise.all(
      SALES_PROJECTIONS.map((p) => snapshotServing(connection, p.name)),
    );
    for (const projection of SALES_PROJECTIONS)
      startRunner(defineProjection({ ...projection, version: projection.version + 1 }));
    await eventually(
      async () => {
        const aliases = connection.db!.collection<{ _id: string; version: number }>(
          'projection_aliases',
        );
        for (const projection of SALES_PROJECTIONS) {
          expect((await aliases.findOne({ _id: projection.name }))?.version).toBe(
            projection.version + 1,
          );
        }
      },
      { timeoutMs: 60_000 },
    );
    const rebuilt = await Promise.all(
      SALES_PROJECTIONS.map((p) => snapshotServing(connection, p.name)),
    );
    expect(rebuilt.map(withoutRuntimeFields)).toEqual(live.map(withoutRuntimeFields));
  });

  it('gives the board each column’s count and totals over all its opportunities, and the first cards', async () => {
    // More open deals than one query returns (SALES_QUERY_LIMIT = 500): the totals must not stop there.
    const managerZ = salesScopeOf(
      { userId: 'boss-z', tenantId: TENANT, roles: [Role.SALES_MANAGER], teamId: 'team-z' },
      ['boss-z', 'rep-9'],
    );
    const ids = Array.from({ length: 520 }, (_, i) => `z-${String(i).padStart(3, '0')}`);
    for (const id of ids) await open(id, 'rep-9', 'team-z', 1_00);
    await run(opportunityDecider, opportunityStreamId('z-000'), {
      type: 'MoveOpportunityStage',
      data: { opportunityId: 'z-000', stageId: 'proposal', now: NOW },
    });
    await run(opportunityDecider, opportunityStreamId('z-001'), {
      type: 'WinOpportunity',
      data: { opportunityId: 'z-001', now: NOW },
    });
    const columns = await eventually(
      async () => {
        const board = await queries.pipelineColumns(
          TENANT,
          managerZ,
          'default',
          ['new', 'proposal'],
          5,
        );
        expect(board[0]?.count).toBe(518);
        expect(board[1]?.count).toBe(1);
        return board;
      },
      { timeoutMs: 90_000 },
    );
    expect(
      columns.map((c) => [c.stageId, c.count, c.totals, c.opportunities.map((o) => o._id)]),
    ).toEqual([
      [
        'new',
        518,
        [{ currency: 'EUR', amountMinor: 518_00 }],
        ['z-002', 'z-003', 'z-004', 'z-005', 'z-006'],
      ],
      ['proposal', 1, [{ currency: 'EUR', amountMinor: 1_00 }], ['z-000']],
    ]);
    // Another team's manager sees none of them.
    const other = await queries.pipelineColumns(TENANT, managerB, 'default', ['new'], 5);
    expect(other[0]?.opportunities.map((o) => o._id)).not.toContain('z-002');
    await expect(
      queries.pipelineColumns(TENANT, managerZ, 'default', ['new'], 501),
    ).rejects.toThrow('perStage');
  });

  it('sums each caller’s own board from the placements: moves, new lines, won, lost and reopened', async () => {
    const deal = (id: string, command: { type: string; data?: object }) =>
      run(opportunityDecider, opportunityStreamId(id), {
        type: command.type,
        data: { opportunityId: id, now: NOW, ...command.data },
      } as never);
    await open('y-1', 'rep-1', 'team-a', 10_00);
    await open('y-2', 'rep-3', 'team-b', 20_00);
    await open('y-3', 'rep-1', 'team-a', 30_00);
    await open('y-4', 'rep-3', 'team-b', 40_00);
    await deal('y-1', { type: 'MoveOpportunityStage', data: { stageId: 'proposal' } });
    await deal('y-2', {
      type: 'SetOpportunityLines',
      data: {
        lines: [
          {
            name: 'Seats',
            category: 'licence',
            quantity: 3,
            unitPriceMinor: 25_00,
            discountPercent: 0,
            recurring: false,
          },
        ],
      },
    });
    await deal('y-3', { type: 'LoseOpportunity', data: { reason: 'budget' } });
    await deal('y-3', { type: 'ReopenOpportunity' });
    await deal('y-4', { type: 'WinOpportunity' });
    const stageIds = DEFAULT_PIPELINE.stages.map((s) => s.stageId);
    const resolver = new ReadModelResolver(connection);
    // What the board must say: grouped here from the opportunities' own documents.
    const expected = async (scope: SalesScope) => {
      const opportunities = await resolver.collection(
        SALES_PIPELINE_PROJECTION,
        SALES_OPPORTUNITIES_MODEL,
      );
      const open = (
        (await opportunities
          .find({ tenantId: TENANT, pipelineId: 'default', status: 'open' })
          .toArray()) as unknown as OpportunityDocument[]
      ).filter((o) => scopeIncludes(scope, { ownerUserId: o.ownerId, teamId: o.teamId }));
      return stageIds.map((stageId) => {
        const inStage = open.filter((o) => o.stageId === stageId);
        return {
          stageId,
          count: inStage.length,
          total: inStage.reduce((sum, o) => sum + (o.amountMinor ?? 0), 0),
          shown: inStage
            .sort(
              (a, b) =>
                a.expectedCloseOn.localeCompare(b.expectedCloseOn) || a._id.localeCompare(b._id),
            )
            .slice(0, 3)
            .map((o) => o._id),
        };
      });
    };
    const boardOf = async (scope: SalesScope) =>
      (await queries.pipelineColumns(TENANT, scope, 'default', stageIds, 3)).map((c) => ({
        stageId: c.stageId,
        count: c.count,
        total: c.totals.reduce((sum, t) => sum + t.amountMinor, 0),
        shown: c.opportunities.map((o) => o._id),
      }));
    // Eventually: an event's two documents are written apart, so one may be seen before the other.
    await eventually(
      async () => {
        expect((await queries.opportunity(TENANT, admin, 'y-4'))?.status).toBe('won');
        expect((await queries.opportunity(TENANT, admin, 'y-3'))?.status).toBe('open');
        for (const scope of [rep1, managerB, admin]) {
          expect(await boardOf(scope)).toEqual(await expected(scope));
        }
      },
      { timeoutMs: 60_000 },
    );
    // The rep's board holds their own deals only: y-1 moved, y-3 back after it was lost.
    const rep = await boardOf(rep1);
    const cell = (stageId: string) => rep.find((c) => c.stageId === stageId)!;
    expect(cell('proposal').shown).toContain('y-1');
    expect(rep.flatMap((c) => c.shown)).toContain('y-3');
    expect(rep.flatMap((c) => c.shown)).not.toContain('y-2');
    // The manager of team b: y-2 at its lines' amount (75.00), y-4 (won) gone.
    const team = await boardOf(managerB);
    expect(team.flatMap((c) => c.shown)).toContain('y-2');
    expect(team.flatMap((c) => c.shown)).not.toContain('y-4');
    expect(team.reduce((sum, c) => sum + c.total, 0)).toBeGreaterThanOrEqual(75_00);
    // y-3's placement lost its fields with the loss; the board completed it from its document.
    const placements = await resolver.collection(
      SALES_PIPELINE_PROJECTION,
      SALES_BOARD_PLACEMENTS_MODEL,
    );
    const bucket = (await placements.findOne({
      _id: boardPlacementBucketId(TENANT, 'y-3') as never,
    })) as unknown as BoardPlacementsDocument;
    expect(bucket.open?.['y-3']).toEqual({ stageId: 'new' });
    // A rebuild from the log gives the same placements as the live run (loss and reopen included).
    const live = await snapshotServing(connection, SALES_PIPELINE_PROJECTION);
    const next = salesPipelineProjection.version + 2; // the first test's rebuild serves version + 1
    startRunner(defineProjection({ ...salesPipelineProjection, version: next }));
    await eventually(
      async () => {
        const aliases = connection.db!.collection<{ _id: string; version: number }>(
          'projection_aliases',
        );
        expect((await aliases.findOne({ _id: SALES_PIPELINE_PROJECTION }))?.version).toBe(next);
      },
      { timeoutMs: 60_000 },
    );
    const rebuilt = await snapshotServing(connection, SALES_PIPELINE_PROJECTION);
    expect(rebuilt[SALES_BOARD_PLACEMENTS_MODEL]?.length).toBeGreaterThan(0);
    expect(withoutRuntimeFields(rebuilt)).toEqual(withoutRuntimeFields(live));
  });
});

/** Two quotes (one approved and sent in version 2, one waiting for approval) and three activities. */
async function quotesAndActivities(): Promise<void> {
  const quote = (quoteId: string, command: Omit<QuoteCommand, 'data'> & { data: object }) =>
    run(quoteDecider, quoteStreamId(quoteId), {
      ...command,
      data: { quoteId, now: NOW, ...command.data },
    } as QuoteCommand);
  const lines = [
    {
      name: 'Engine',
      category: 'engines',
      quantity: 2,
      unitPriceMinor: 100_00,
      discountPercent: 30,
    },
  ];
  for (const [quoteId, ownerId, teamId] of [
    ['quote-a', 'rep-1', 'team-a'],
    ['quote-b', 'rep-3', 'team-b'],
  ] as const) {
    await quote(quoteId, {
      type: 'CreateQuote',
      data: {
        opportunityId: 'opp-2',
        customerId: 'cust-1',
        currency: 'EUR',
        ownerId,
        teamId,
        lines,
        validUntil: '2026-03-31T09:00:00.000Z',
      },
    });
  }
  await quote('quote-a', {
    type: 'ApproveQuote',
    data: { version: 1, approverId: 'boss-a', approverRoles: ['sales_manager'] },
  });
  await quote('quote-a', {
    type: 'ReviseQuote',
    data: { lines, validUntil: '2026-03-30T09:00:00.000Z' },
  });
  await quote('quote-a', {
    type: 'ApproveQuote',
    data: { version: 2, approverId: 'boss-a', approverRoles: ['sales_manager'] },
  });
  await quote('quote-a', { type: 'SendQuote', data: {} });

  const schedule = (activityId: string, dueAt: string) =>
    run(activityDecider, activityStreamId(activityId), {
      type: 'ScheduleActivity',
      data: {
        activityId,
        kind: 'task',
        subject: `Task ${activityId}`,
        about: { kind: 'opportunity', id: 'opp-2' },
        dueAt,
        ownerId: 'rep-1',
        teamId: 'team-a',
        now: NOW,
      },
    });
  await schedule('act-1', '2026-03-05T09:00:00.000Z');
  await schedule('act-2', '2026-03-03T09:00:00.000Z');
  await schedule('act-3', '2026-03-04T09:00:00.000Z');
  await run(activityDecider, activityStreamId('act-3'), {
    type: 'CompleteActivity',
    data: { activityId: 'act-3', outcome: 'done', now: NOW },
  });
  for (const amountMinor of [100_00, 120_00]) {
    await run(forecastDecider, forecastStreamId('fc-1'), {
      type: 'SubmitForecast',
      data: {
        forecastId: 'fc-1',
        period: '2026-Q2',
        ownerId: 'rep-1',
        teamId: 'team-a',
        currency: 'EUR',
        amountMinor,
        now: NOW,
      },
    });
  }
  await run(forecastDecider, forecastStreamId('fc-1'), {
    type: 'AdjustForecast',
    data: {
      forecastId: 'fc-1',
      currency: 'EUR',
      amountMinor: 110_00,
      note: 'trim',
      adjustedBy: 'boss-a',
      now: NOW,
    },
  });
  const attributes = { source: 'web_form', company: 'yes', email: 'no', phone: 'no' };
  await run(leadScoreDecider, leadScoreStreamId('lead-1'), {
    type: 'RecordLeadScore',
    data: {
      leadId: 'lead-1',
      result: scoreLead(
        DEFAULT_LEAD_SCORING_MODEL,
        attributes,
        [],
        { pipelineId: 'default', outcomes: [] },
        NOW,
      ),
      now: NOW,
    },
  });
}
