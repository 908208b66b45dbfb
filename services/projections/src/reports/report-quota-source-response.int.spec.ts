// Quota attainment, win rate by lead source and first-response percentiles against the real
// servers, end to end below the gateway: sales' deciders and the desk's published ticket events are
// stored in PostgreSQL, projected live by the real projections (the reports context's quota
// settings and first replies among them), and the standard reports run by the report engine in a
// viewer's record scope. Every expected figure is computed here from the scenario's own lists.
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { salesContracts } from '@crm/contracts/sales';
import { serviceDeskContracts } from '@crm/contracts/service-desk';
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
  leadDecider,
  leadStreamId,
  opportunityDecider,
  opportunityStreamId,
  quotaDecider,
  quotaStreamId,
} from '@crm/sales-domain';
import { articleDecider, articleStreamId, type ArticleCommand } from '@crm/service-desk-domain';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { REPORT_PROJECTIONS } from '.';
import { salesLeadsProjection, salesPipelineProjection } from '../sales';
import { knowledgeBaseProjection } from '../service-desk/knowledge-base.projection';
import { ticketQueueProjection } from '../service-desk/ticket-queue.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-report-quotas';
const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
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

async function run<S, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
): Promise<void> {
  await new CommandHandler({ decider, store, runtime: systemRuntime }).handle(streamId, command, {
    tenantId: TENANT,
    actor: { kind: 'user', userId: 'mia', roles: [] },
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
const nearestRank = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil((p / 100) * values.length)) - 1]!;
const teamOf = (owner: string) => (owner === 'ann' ? 'team-a' : 'team-b');

// Leads and the opportunities converted from them (or opened without one), and how each ended.
const LEADS = [
  { id: 'lead-1', source: 'web_form' as const, owner: 'ann' },
  { id: 'lead-2', source: 'web_form' as const, owner: 'zed' },
  { id: 'lead-3', source: 'import' as const, owner: 'ann' },
];
// What happened to the leads after their capture on 20 March.
const LEAD_STEPS = [
  { lead: 'lead-1', at: '2026-03-22T09:00:00.000Z', type: 'QualifyLead' as const },
  { lead: 'lead-1', at: '2026-04-01T08:00:00.000Z', type: 'ConvertLead' as const },
  { lead: 'lead-3', at: '2026-04-20T09:00:00.000Z', type: 'AssignLead' as const, to: 'zed' },
];

/** Leads per source and converted % as of an instant, and per owner, from the lists above. */
function leadsThen(asOf: string) {
  const stateOf = (id: string, owner: string) => {
    const steps = LEAD_STEPS.filter((s) => s.lead === id && s.at <= asOf);
    return {
      converted: steps.some((s) => s.type === 'ConvertLead'),
      owner: steps.filter((s) => s.type === 'AssignLead').pop()?.to ?? owner,
    };
  };
  const leads = LEADS.map((l) => ({ ...l, ...stateOf(l.id, l.owner) }));
  const bySource = [...new Set(leads.map((l) => l.source))].sort().map((source) => {
    const here = leads.filter((l) => l.source === source);
    return {
      dimensions: [source],
      values: [here.length, round((here.filter((l) => l.converted).length / here.length) * 100)],
    };
  });
  const byOwner = [...new Set(leads.map((l) => l.owner))].sort().map((owner) => ({
    dimensions: [owner],
    values: [leads.filter((l) => l.owner === owner).length],
  }));
  return { bySource, byOwner };
}

interface Deal {
  id: string;
  owner: string;
  lead?: string;
  amountMinor: number;
  openedAt: string;
  end?: { at: string; won: boolean };
}
const DEALS: Deal[] = [
  {
    id: 'opp-1',
    owner: 'ann',
    lead: 'lead-1',
    amountMinor: 1_000_00,
    openedAt: '2026-04-01T09:00:00.000Z',
    end: { at: '2026-04-11T09:00:00.000Z', won: true },
  },
  {
    id: 'opp-2',
    owner: 'zed',
    lead: 'lead-2',
    amountMinor: 400_00,
    openedAt: '2026-04-02T09:00:00.000Z',
    end: { at: '2026-04-05T09:00:00.000Z', won: false },
  },
  {
    id: 'opp-3',
    owner: 'ann',
    lead: 'lead-3',
    amountMinor: 2_500_00,
    openedAt: '2026-04-03T09:00:00.000Z',
    end: { at: '2026-05-20T09:00:00.000Z', won: true },
  },
  {
    id: 'opp-4',
    owner: 'ann',
    amountMinor: 300_00,
    openedAt: '2026-04-04T09:00:00.000Z',
    end: { at: '2026-04-08T09:00:00.000Z', won: false },
  },
  {
    id: 'opp-5',
    owner: 'ann',
    lead: 'lead-3',
    amountMinor: 700_00,
    openedAt: '2026-04-05T09:00:00.000Z',
  },
  {
    id: 'opp-6',
    owner: 'zed',
    lead: 'lead-2',
    amountMinor: 900_00,
    openedAt: '2026-04-06T09:00:00.000Z',
    end: { at: '2026-06-01T09:00:00.000Z', won: true },
  },
];
// New lines change an open deal's amount (every deal expects to close on 30 June, in Q2).
const AMOUNT_CHANGES = [{ deal: 'opp-5', at: '2026-05-10T09:00:00.000Z', amountMinor: 1_200_00 }];
// Ann's Q2 quota is lowered in May; zed's is set once.
const QUOTAS = [
  { id: 'q-ann', owner: 'ann', amountMinor: 5_000_00, at: '2026-03-01T09:00:00.000Z' },
  { id: 'q-zed', owner: 'zed', amountMinor: 1_000_00, at: '2026-03-01T09:00:00.000Z' },
  { id: 'q-ann', owner: 'ann', amountMinor: 4_000_00, at: '2026-05-15T09:00:00.000Z' },
];
const FORECASTS = [{ id: 'f-ann', owner: 'ann', amountMinor: 3_000_00 }];

/** winRateBySource's rows as docs/reports.md defines them, from the lists above. */
function expectedWinRate(deals: readonly Deal[], asOf?: string, visibleLeads = LEADS) {
  const sourceOf = (d: Deal) => visibleLeads.find((l) => l.id === d.lead)?.source ?? '(none)';
  const seen = deals
    .filter((d) => !asOf || d.openedAt <= asOf)
    .map((d) => (asOf && d.end && d.end.at > asOf ? { ...d, end: undefined } : d));
  return [...new Set(seen.map(sourceOf))].sort().map((source) => {
    const here = seen.filter((d) => sourceOf(d) === source);
    const closed = here.filter((d) => d.end);
    const days = closed.map((d) =>
      Math.floor((Date.parse(d.end!.at) - Date.parse(d.openedAt)) / DAY),
    );
    return {
      dimensions: [source],
      values: [
        here.length,
        closed.length
          ? round((closed.filter((d) => d.end!.won).length / closed.length) * 100)
          : null,
        days.length ? round(days.reduce((a, b) => a + b, 0) / days.length) : null,
      ],
    };
  });
}

/** quotaAttainment's rows (Q2, EUR): the quota in force, won in Q2, attainment, forecast, %. */
function expectedAttainment(asOf = NOW.toISOString()) {
  const owners = [...new Set(QUOTAS.map((q) => q.owner))].sort();
  return owners.map((owner) => {
    const quota = QUOTAS.filter((q) => q.owner === owner && q.at <= asOf).pop()!.amountMinor / 100;
    const won = DEALS.filter((d) => d.owner === owner && d.end?.won && d.end.at <= asOf)
      .map((d) => d.amountMinor / 100)
      .reduce((a, b) => a + b, 0);
    const forecast = FORECASTS.find((f) => f.owner === owner);
    const called = forecast ? forecast.amountMinor / 100 : null;
    return {
      dimensions: ['2026-Q2', owner, 'EUR'],
      values: [
        quota,
        won,
        round((won / quota) * 100),
        called ?? 0,
        called === null ? null : round((called / quota) * 100),
      ],
    };
  });
}

/** pipelineAgainstQuota's rows (Q2, per team, EUR) as they stood at `asOf`, from the lists above. */
function expectedPipelineAgainstQuota(asOf = NOW.toISOString()) {
  const teams = [...new Set(QUOTAS.map((q) => teamOf(q.owner)))].sort();
  return teams.map((team) => {
    const owners = [...new Set(QUOTAS.map((q) => q.owner))].filter((o) => teamOf(o) === team);
    const deals = DEALS.filter((d) => owners.includes(d.owner) && d.openedAt <= asOf);
    const quota = owners
      .map((o) => QUOTAS.filter((q) => q.owner === o && q.at <= asOf).pop()!.amountMinor / 100)
      .reduce((a, b) => a + b, 0);
    const won = deals
      .filter((d) => d.end?.won && d.end.at <= asOf)
      .reduce((sum, d) => sum + d.amountMinor / 100, 0);
    const amountThen = (d: Deal) =>
      (AMOUNT_CHANGES.filter((c) => c.deal === d.id && c.at <= asOf).pop()?.amountMinor ??
        d.amountMinor) / 100;
    const open = deals
      .filter((d) => !d.end || d.end.at > asOf)
      .reduce((sum, d) => sum + amountThen(d), 0);
    const forecast = FORECASTS.filter((f) => owners.includes(f.owner)).reduce(
      (sum, f) => sum + f.amountMinor / 100,
      0,
    );
    return {
      dimensions: ['2026-Q2', team, 'EUR'],
      values: [
        quota,
        won,
        round((won / quota) * 100),
        forecast,
        open,
        round(((won + open) / quota) * 100),
      ],
    };
  });
}

// Knowledge-base articles per locale: written, published, the questions each answered without a
// ticket (deflections), retired. deflectionByArticle's figures are derived from this list alone.
const ARTICLE_STEPS: { article: string; locale: string; at: string; step: ArticleStep }[] = [
  { article: 'kb-1', locale: 'en', at: '2026-06-01T09:00:00.000Z', step: 'write' },
  { article: 'kb-1', locale: 'en', at: '2026-06-02T09:00:00.000Z', step: 'publish' },
  { article: 'kb-1', locale: 'en', at: '2026-06-03T09:00:00.000Z', step: 'deflect' },
  { article: 'kb-1', locale: 'de', at: '2026-06-04T09:00:00.000Z', step: 'write' },
  { article: 'kb-1', locale: 'de', at: '2026-06-05T09:00:00.000Z', step: 'publish' },
  { article: 'kb-1', locale: 'en', at: '2026-06-06T09:00:00.000Z', step: 'deflect' },
  { article: 'kb-1', locale: 'de', at: '2026-06-07T09:00:00.000Z', step: 'deflect' },
  { article: 'kb-2', locale: 'en', at: '2026-06-10T09:00:00.000Z', step: 'write' },
  { article: 'kb-1', locale: 'en', at: '2026-06-12T09:00:00.000Z', step: 'deflect' },
  { article: 'kb-1', locale: 'en', at: '2026-06-20T09:00:00.000Z', step: 'retire' },
];
type ArticleStep = 'write' | 'publish' | 'deflect' | 'retire';

/** deflectionByArticle's rows (article locales written, deflections) as they stood at `asOf`. */
function expectedDeflections(asOf = NOW.toISOString()) {
  const seen = ARTICLE_STEPS.filter((s) => s.at <= asOf);
  return [...new Set(seen.map((s) => s.article))].sort().map((article) => {
    const here = seen.filter((s) => s.article === article);
    return {
      dimensions: [article],
      values: [
        new Set(here.filter((s) => s.step === 'write').map((s) => s.locale)).size,
        here.filter((s) => s.step === 'deflect').length,
      ],
    };
  });
}

// Tickets, when each opened and the instants of its agents' public replies.
const TICKETS = [
  { id: 't-1', channel: 'email', openedAt: '2026-06-01T09:00:00.000Z', replies: [2, 30] },
  { id: 't-2', channel: 'email', openedAt: '2026-06-02T09:00:00.000Z', replies: [5] },
  { id: 't-3', channel: 'email', openedAt: '2026-06-03T09:00:00.000Z', replies: [] as number[] },
  { id: 't-4', channel: 'chat', openedAt: '2026-06-04T09:00:00.000Z', replies: [0.5, 1] },
  { id: 't-5', channel: 'email', openedAt: '2026-06-05T09:00:00.000Z', replies: [26] },
];

// What happened to some tickets later: t-1 resolved on 3 June and reopened on 8 June, t-2 made
// urgent on 10 June (the queue keeps only where they stand now).
const LATER_FACTS = [
  {
    ticket: 't-1',
    type: 'service-desk.TicketResolved',
    at: '2026-06-03T09:00:00.000Z',
    data: { resolution: 'Sent a guide' },
  },
  { ticket: 't-1', type: 'service-desk.TicketReopened', at: '2026-06-08T09:00:00.000Z', data: {} },
  {
    ticket: 't-2',
    type: 'service-desk.TicketPriorityChanged',
    at: '2026-06-10T09:00:00.000Z',
    data: { priority: 'urgent' },
  },
];

/** firstResponseByChannel's rows from the list: first reply hours by nearest rank. */
function expectedFirstResponse(asOf = NOW.toISOString()) {
  const opened = TICKETS.filter((t) => t.openedAt <= asOf);
  return [...new Set(opened.map((t) => t.channel))].sort().map((channel) => {
    const here = opened.filter((t) => t.channel === channel);
    const firsts = here.flatMap((t) =>
      t.replies.length && Date.parse(t.openedAt) + t.replies[0]! * HOUR <= Date.parse(asOf)
        ? [t.replies[0]!]
        : [],
    );
    return {
      dimensions: [channel],
      values: [
        here.length,
        round((firsts.length / here.length) * 100),
        firsts.length ? round(nearestRank(firsts, 50)) : null,
        firsts.length ? round(nearestRank(firsts, 90)) : null,
      ],
    };
  });
}

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'report-quotas' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes([...salesContracts.events, ...serviceDeskContracts.events]),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'report-quotas' });
  connection = await connectMongo(mongoDb.url);
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
  });
  const projections: ProjectionDefinition[] = [
    ...REPORT_PROJECTIONS,
    salesPipelineProjection,
    salesLeadsProjection,
    ticketQueueProjection,
    knowledgeBaseProjection,
  ];
  for (const definition of projections)
    stops.push(
      runProjection(definition, {
        connection,
        store,
        storeHead: new PostgresStoreHead(store.pool),
        logger: silentLogger,
        pollIntervalMs: 100,
      }),
    );
  await seed();
});

afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

async function seed(): Promise<void> {
  for (const { article, locale, at, step } of ARTICLE_STEPS) {
    const data = { articleId: article, locale, at };
    const command: ArticleCommand =
      step === 'write'
        ? {
            type: 'WriteArticleVersion',
            data: { ...data, title: article, body: 'How to', tags: [], visibility: 'public' },
          }
        : step === 'publish'
          ? { type: 'PublishArticle', data }
          : step === 'deflect'
            ? { type: 'RecordArticleDeflection', data }
            : { type: 'RetireArticle', data: { ...data, reason: 'outdated' } };
    await run(articleDecider, articleStreamId(article), command);
  }
  for (const lead of LEADS)
    await run(leadDecider, leadStreamId(lead.id), {
      type: 'CaptureLead',
      data: {
        leadId: lead.id,
        source: lead.source,
        contact: { name: 'Someone' },
        ownerId: lead.owner,
        teamId: teamOf(lead.owner),
        now: '2026-03-20T09:00:00.000Z',
      },
    });
  for (const step of LEAD_STEPS) {
    const data = { leadId: step.lead, now: step.at };
    await run(
      leadDecider,
      leadStreamId(step.lead),
      step.type === 'QualifyLead'
        ? { type: 'QualifyLead', data }
        : step.type === 'ConvertLead'
          ? { type: 'ConvertLead', data: { ...data, customerId: 'cust-1', opportunityId: 'opp-1' } }
          : {
              type: 'AssignLead',
              data: { ...data, ownerId: step.to, teamId: teamOf(step.to), strategy: 'manual' },
            },
    );
  }
  for (const deal of DEALS) {
    const streamId = opportunityStreamId(deal.id);
    await run(opportunityDecider, streamId, {
      type: 'OpenOpportunity',
      data: {
        opportunityId: deal.id,
        name: deal.id,
        customerId: 'cust-1',
        ...(deal.lead && { leadId: deal.lead }),
        pipelineId: 'default',
        amountMinor: deal.amountMinor,
        currency: 'EUR',
        expectedCloseOn: '2026-06-30',
        ownerId: deal.owner,
        teamId: teamOf(deal.owner),
        now: deal.openedAt,
      },
    });
    for (const change of AMOUNT_CHANGES.filter((c) => c.deal === deal.id))
      await run(opportunityDecider, streamId, {
        type: 'SetOpportunityLines',
        data: {
          opportunityId: deal.id,
          lines: [
            {
              name: 'Seats',
              category: 'licence',
              quantity: 1,
              unitPriceMinor: change.amountMinor,
              discountPercent: 0,
              recurring: false,
            },
          ],
          now: change.at,
        },
      });
    if (deal.end) {
      const data = { opportunityId: deal.id, now: deal.end.at };
      await run(
        opportunityDecider,
        streamId,
        deal.end.won
          ? { type: 'WinOpportunity', data }
          : { type: 'LoseOpportunity', data: { ...data, reason: 'price' } },
      );
    }
  }
  for (const quota of QUOTAS)
    await run(quotaDecider, quotaStreamId(quota.id), {
      type: 'SetQuota',
      data: {
        quotaId: quota.id,
        period: '2026-Q2',
        ownerId: quota.owner,
        teamId: teamOf(quota.owner),
        currency: 'EUR',
        amountMinor: quota.amountMinor,
        setBy: 'mia',
        now: quota.at,
      },
    });
  for (const f of FORECASTS)
    await run(forecastDecider, forecastStreamId(f.id), {
      type: 'SubmitForecast',
      data: {
        forecastId: f.id,
        period: '2026-Q2',
        ownerId: f.owner,
        teamId: teamOf(f.owner),
        currency: 'EUR',
        amountMinor: f.amountMinor,
        now: '2026-03-25T09:00:00.000Z',
      },
    });
  await tickets();
}

/** The desk's published ticket events, as its service stores them. */
async function tickets(): Promise<void> {
  for (const ticket of TICKETS) {
    const streamId = `service-desk.Ticket-${ticket.id}`;
    const event = (type: string, at: string, data: Record<string, unknown>) => ({
      eventId: uuidv7(),
      type,
      tenantId: TENANT,
      occurredAt: at,
      actor: { kind: 'system' as const, name: 'service-desk' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
      data: { ticketId: ticket.id, at, ...data },
    });
    const opened = Date.parse(ticket.openedAt);
    await store.append(streamId, [
      event('service-desk.TicketOpened', ticket.openedAt, {
        channel: ticket.channel,
        subject: 'Help',
        body: 'Please help.',
        priority: 'normal',
        type: 'question',
        tags: [],
        dataSubjectId: ticket.id,
      }),
      ...ticket.replies.map((hours) =>
        event('service-desk.AgentReplied', new Date(opened + hours * HOUR).toISOString(), {
          agentId: 'agent-1',
          body: 'On it.',
          dataSubjectId: ticket.id,
        }),
      ),
      ...LATER_FACTS.filter((f) => f.ticket === ticket.id).map((f) => event(f.type, f.at, f.data)),
    ]);
  }
}

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

describe('quota attainment, win rate by lead source and first response', () => {
  it('win rate by the source of the lead each opportunity came from, in scope and as of an instant', async () => {
    const all = await settled('sales', 'winRateBySource', admin);
    expect(all.rows).toEqual(expectedWinRate(DEALS));
    // By hand: no lead 1 deal, lost; import 2 deals, 1 won of 1 closed; web_form 3, 2 won of 3.
    expect(all.rows.map((r) => r.values.slice(0, 2))).toEqual([
      [1, 0],
      [2, 100],
      [3, 66.67],
    ]);
    const own = await settled('sales', 'winRateBySource', ann);
    // Her leads now: lead-3 went to zed on 20 April, so its deals show no source to her.
    const annsLeads = LEADS.filter((l) => l.id === 'lead-1');
    expect(own.rows).toEqual(
      expectedWinRate(
        DEALS.filter((d) => d.owner === 'ann'),
        undefined,
        annsLeads,
      ),
    );
    const asOf = '2026-04-30T00:00:00.000Z';
    const then = await settled('sales', 'winRateBySource', admin, { asOf });
    expect(then.rows).toEqual(expectedWinRate(DEALS, asOf));
    expect(then.rows).not.toEqual(all.rows);
  });

  it('quota attainment: the quota in force against won and forecast, per owner and per team', async () => {
    const result = await settled('sales', 'quotaAttainment', admin);
    expect(result.rows).toEqual(expectedAttainment());
    // By hand: ann won 1,000 + 2,500 of a 4,000 quota (87.5 %); zed 900 of 1,000.
    expect(result.rows.map((r) => r.values[2])).toEqual([87.5, 90]);
    // A team adds up its members' quotas; won ÷ quota over the sums, open pipeline beside it.
    const teams = await settled('sales', 'pipelineAgainstQuota', admin);
    expect(teams.rows).toEqual([
      { dimensions: ['2026-Q2', 'team-a', 'EUR'], values: [4000, 3500, 87.5, 3000, 1200, 117.5] },
      { dimensions: ['2026-Q2', 'team-b', 'EUR'], values: [1000, 900, 90, 0, 0, 90] },
    ]);
    const own = await settled('sales', 'quotaAttainment', ann);
    expect(own.rows.map((r) => r.dimensions[1])).toEqual(['ann']);
  });

  it('quota attainment as of an instant: the quota set by then against the deals won by then', async () => {
    const asOf = '2026-05-01T00:00:00.000Z';
    const result = await settled('sales', 'quotaAttainment', admin, { asOf });
    expect(result.rows).toEqual(expectedAttainment(asOf));
    // By hand: ann's quota was still 5,000 and only opp-1 (1,000) won: 20 %.
    expect(result.rows[0]!.values.slice(0, 3)).toEqual([5000, 1000, 20]);
  });

  it('pipeline against quota as of an instant: the deals open then, at their amount of then', async () => {
    const now = await settled('sales', 'pipelineAgainstQuota', admin);
    expect(now.rows).toEqual(expectedPipelineAgainstQuota());
    const atNow = await settled('sales', 'pipelineAgainstQuota', admin, {
      asOf: NOW.toISOString(),
    });
    expect(atNow.rows).toEqual(now.rows);
    for (const asOf of ['2026-05-01T00:00:00.000Z', '2026-05-12T00:00:00.000Z']) {
      const then = await settled('sales', 'pipelineAgainstQuota', admin, { asOf });
      expect(then.rows).toEqual(expectedPipelineAgainstQuota(asOf));
    }
    // By hand: on 1 May ann's opp-3 (2,500, won 20 May) and opp-5 (700, 1,200 from 10 May) were
    // open, 1,000 won, against a quota of 5,000; zed's opp-6 (900) open, nothing won of 1,000.
    expect(expectedPipelineAgainstQuota('2026-05-01T00:00:00.000Z')).toEqual([
      { dimensions: ['2026-Q2', 'team-a', 'EUR'], values: [5000, 1000, 20, 3000, 3200, 84] },
      { dimensions: ['2026-Q2', 'team-b', 'EUR'], values: [1000, 0, 0, 0, 900, 90] },
    ]);
  });

  it('first-response percentiles per channel from the first public agent reply, and as of an instant', async () => {
    const result = await settled('serviceDesk', 'firstResponseByChannel', admin);
    expect(result.rows).toEqual(expectedFirstResponse());
    // By hand: e-mail first replies 2, 5, 26 h (t-3 none): median 5, p90 26; 3 of 4 responded.
    expect(result.rows.find((r) => r.dimensions[0] === 'email')!.values).toEqual([4, 75, 5, 26]);
    const asOf = '2026-06-05T12:00:00.000Z';
    const then = await settled('serviceDesk', 'firstResponseByChannel', admin, { asOf });
    expect(then.rows).toEqual(expectedFirstResponse(asOf));
    expect(then.rows).not.toEqual(result.rows);
  });

  it('tickets as of an instant: the priority and resolution of then, from the ticket history', async () => {
    // Now: t-2 is urgent, t-1 reopened (no resolution); 6 June: all normal, t-1 resolved after 48 h.
    const now = await settled('serviceDesk', 'slaAndResolution', admin);
    expect(now.rows).toEqual([
      { dimensions: ['normal'], values: [4, null, null, null] },
      { dimensions: ['urgent'], values: [1, null, null, null] },
    ]);
    const then = await settled('serviceDesk', 'slaAndResolution', admin, {
      asOf: '2026-06-06T00:00:00.000Z',
    });
    expect(then.rows).toEqual([{ dimensions: ['normal'], values: [5, null, 48, 48] }]);
    const backlog = await settled('serviceDesk', 'backlogByAge', admin, {
      asOf: '2026-06-06T00:00:00.000Z',
    });
    // Open then: t-2 (3.6 days), t-3 (2.6), t-4 (1.6), t-5 (0.6); t-1 resolved.
    expect(backlog.rows).toEqual([
      { dimensions: ['0-1d'], values: [1] },
      { dimensions: ['1-3d'], values: [2] },
      { dimensions: ['3-7d'], values: [1] },
      { dimensions: ['done'], values: [1] },
    ]);
  });

  it('deflections by article as of an instant: the locales written and the deflections by then', async () => {
    const now = await settled('serviceDesk', 'deflectionByArticle', admin);
    expect(now.rows).toEqual(expectedDeflections());
    const atNow = await settled('serviceDesk', 'deflectionByArticle', admin, {
      asOf: NOW.toISOString(),
    });
    expect(atNow.rows).toEqual(now.rows);
    for (const asOf of ['2026-06-03T12:00:00.000Z', '2026-06-08T00:00:00.000Z']) {
      const then = await settled('serviceDesk', 'deflectionByArticle', admin, { asOf });
      expect(then.rows).toEqual(expectedDeflections(asOf));
    }
    // By hand: on 8 June kb-1 had two locales and 3 deflections; kb-2 was not written yet.
    expect(expectedDeflections('2026-06-08T00:00:00.000Z')).toEqual([
      { dimensions: ['kb-1'], values: [2, 3] },
    ]);
  });

  it('leads as of an instant: the status and owner of then, from the lead history', async () => {
    const now = await settled('sales', 'leadsBySource', admin);
    expect(now.rows).toEqual(leadsThen(NOW.toISOString()).bySource);
    const asOf = '2026-03-31T00:00:00.000Z';
    const then = await settled('sales', 'leadsBySource', admin, { asOf });
    expect(then.rows).toEqual(leadsThen(asOf).bySource);
    // By hand: lead-1 converted on 1 April, so none was converted on 31 March.
    expect(then.rows.map((r) => r.values[1])).toEqual([0, 0]);
    expect(now.rows.map((r) => r.values[1])).toEqual([0, 50]);
    const byOwner = (at?: string) =>
      engine.run(
        {
          dataset: 'leads',
          dimensions: ['owner'],
          measures: ['leads'],
          ...(at && { asOf: at }),
        },
        admin,
      );
    expect((await byOwner('2026-04-10T00:00:00.000Z')).rows).toEqual(
      leadsThen('2026-04-10T00:00:00.000Z').byOwner,
    );
    expect((await byOwner()).rows).toEqual(leadsThen(NOW.toISOString()).byOwner);
  });
});
