// Reports grouped on the MongoDB server (docs/adr/0260) give the very figures the Node engine
// gives, on the same rows of the real MongoDB-wire server: every standard report, for a tenant-wide
// viewer and for scoped ones (scope is the first $match on both paths), plus custom definitions
// that reach every server expression (averages, percentiles, quarter periods, filters). The rows
// are generated with awkward cases on purpose: missing and empty fields, amounts that do not
// parse, tickets without a policy or with a breach, customers whose region comes from an address.
import { Role, type Principal } from '@crm/access-policy';
import { PostgresEventStore } from '@crm/event-sourcing';
import { PostgresStoreHead } from '@crm/messaging';
import { connectMongo } from '@crm/read-models';
import { CUSTOMER_360_MODEL, CUSTOMER_360_PROJECTION } from '@crm/customers-read-models';
import { LOYALTY_MEMBER_MODEL, LOYALTY_MEMBER_PROJECTION } from '@crm/loyalty-read-models';
import {
  SALES_LEADS_MODEL,
  SALES_LEADS_PROJECTION,
  SALES_OPPORTUNITIES_MODEL,
  SALES_PIPELINE_PROJECTION,
} from '@crm/sales-read-models';
import {
  MARKETING_CAMPAIGNS_MODEL,
  MARKETING_CAMPAIGNS_PROJECTION,
  MARKETING_JOURNEY_FUNNELS_MODEL,
  MARKETING_JOURNEY_FUNNELS_PROJECTION,
} from '@crm/marketing-read-models';
import {
  SALES_FORECASTS_MODEL,
  SALES_FORECASTS_PROJECTION,
  SALES_QUOTES_MODEL,
  SALES_QUOTES_PROJECTION,
  SALES_ORDERS_MODEL,
  SALES_ORDERS_PROJECTION,
} from '@crm/sales-read-models';
import {
  KNOWLEDGE_BASE_MODEL,
  KNOWLEDGE_BASE_PROJECTION,
  NPS_MODEL,
  SATISFACTION_MODEL,
  SATISFACTION_PROJECTION,
  TICKET_QUEUE_MODEL,
  TICKET_QUEUE_PROJECTION,
} from '@crm/service-desk-read-models';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import type { ReportDefinition } from '../definition/report-definition';
import { STANDARD_PACKS, standardReport } from '../packs/standard-packs';
import {
  REPORT_CAMPAIGN_MESSAGES_MODEL,
  REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  REPORT_FORECAST_SUBMISSIONS_MODEL,
  REPORT_FORECAST_SUBMISSIONS_PROJECTION,
  REPORT_OPPORTUNITY_STAGES_MODEL,
  REPORT_OPPORTUNITY_STAGES_PROJECTION,
  REPORT_QUOTAS_MODEL,
  REPORT_QUOTAS_PROJECTION,
  REPORT_QUOTE_HISTORY_MODEL,
  REPORT_QUOTE_HISTORY_PROJECTION,
  REPORT_TICKET_HISTORY_MODEL,
  REPORT_TICKET_HISTORY_PROJECTION,
} from '../read-models/report-read-models';
import { serveTestReadModel } from '../testing/serve-read-model';
import { ReportRollups } from '../rollups/report-rollups';
import { ReportEngine } from './report-engine';
import { reportScopeFilter, type ReportViewer } from './report-scope';
import { DATASETS } from '../datasets/catalogue';

const TENANT = 'tenant-server-grouping';
const NOW = new Date('2026-06-30T12:00:00Z');
const ROWS = 240;

/** Deterministic pseudo-random choices (mulberry32), so a failure reproduces. */
function chooser(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!,
    int: (max: number) => Math.floor(next() * max),
  };
}
const rnd = chooser(16);

/** An ISO instant `days` (fractional) before NOW. */
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const OWNERS = ['ann', 'bob', 'zed', undefined, ''];
const teamOf = (owner: string | undefined) => (owner === 'zed' ? 'team-b' : 'team-a');

function customers() {
  return Array.from({ length: ROWS }, (_, i) => {
    const created = ago(rnd.int(700) + rnd.int(24) / 24);
    const channels = Object.fromEntries(
      Array.from({ length: rnd.int(3) }, (_, c) => {
        const channel = rnd.pick(['web', 'store', 'phone', 'partner']);
        // Ties on the recording instant exercise the (recordedAt, channel) order.
        const recordedAt = rnd.pick([created, ago(rnd.int(300))]);
        return [`${channel}-${c}`, { channel, recordedAt }];
      }),
    );
    const addressId = `a${i}`;
    return {
      _id: `c${i}`,
      tenantId: i % 17 === 0 ? 'another-tenant' : TENANT,
      kind: rnd.pick(['person', 'company']),
      status: rnd.pick(['prospect', 'active', 'active', 'inactive', 'merged', 'erased']),
      ownerUserId: rnd.pick(OWNERS),
      teamId: 'team-a',
      ...(rnd.int(3) === 0 ? { demographics: { region: rnd.pick(['north', 'south', '']) } } : {}),
      contacts: {
        [addressId]: {
          kind: 'address',
          address: rnd.pick([{ region: 'east' }, { countryCode: 'FR' }, {}]),
        },
      },
      ...(rnd.int(2) === 0 ? { primaryContacts: { address: addressId } } : {}),
      channels,
      ...(rnd.int(3) > 0 ? { purchases: { count: rnd.int(9) } } : {}),
      createdAt: created,
      updatedAt: created,
      version: 1,
    };
  });
}

function leads() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(OWNERS);
    return {
      _id: `l${i}`,
      tenantId: TENANT,
      source: rnd.pick(['web', 'event', 'referral', '', undefined]),
      status: rnd.pick(['open', 'qualified', 'disqualified', 'converted']),
      ...(owner !== undefined ? { ownerId: owner } : {}),
      teamId: teamOf(owner),
      capturedAt: ago(rnd.int(500) + rnd.int(24) / 24),
      version: 1,
    };
  });
}

function opportunities() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(['ann', 'bob', 'zed']);
    const status = rnd.pick(['open', 'open', 'won', 'lost'] as const);
    const openedDaysAgo = 30 + rnd.int(400) + rnd.int(24) / 24;
    return {
      _id: `o${i}`,
      tenantId: TENANT,
      ownerId: owner,
      teamId: teamOf(owner),
      pipelineId: rnd.pick(['default', 'renewals']),
      stageId: status === 'open' ? rnd.pick(['qualify', 'proposal', 'negotiate']) : 'closed',
      forecastCategory: rnd.pick(['pipeline', 'commit', 'best-case']),
      amount: rnd.pick(['100.00', '2500.50', '17.25', 'not a number', '0']),
      currency: rnd.pick(['EUR', 'USD']),
      status,
      stageEnteredAt: ago(rnd.int(60) + rnd.int(24) / 24),
      openedAt: ago(openedDaysAgo),
      ...(status !== 'open' ? { closedAt: ago(openedDaysAgo - rnd.int(29) - 0.3) } : {}),
      version: 1,
    };
  });
}

function tickets() {
  return Array.from({ length: ROWS }, (_, i) => {
    const status = rnd.pick(['new', 'open', 'pending', 'resolved', 'closed']);
    // Around every band boundary (1, 3, 7 and 30 days).
    const openedDaysAgo = rnd.pick([0, 1, 3, 7, 30]) + rnd.int(48) / 24 - 0.5;
    const assignee = rnd.pick(['agent', 'other', undefined]);
    const underPolicy = rnd.int(4) > 0;
    return {
      _id: `t${i}`,
      tenantId: TENANT,
      status,
      priority: rnd.pick(['low', 'normal', 'high', 'urgent']),
      channel: rnd.pick(['email', 'web', 'phone']),
      type: 'question',
      ...(rnd.int(2) === 0 ? { teamId: 'support' } : {}),
      ...(assignee ? { assigneeId: assignee } : {}),
      ...(underPolicy
        ? {
            slaPolicyId: 'standard',
            sla: {
              firstResponse: {
                dueAt: ago(openedDaysAgo - 1),
                ...(rnd.int(3) === 0 ? { breachedAt: ago(1) } : {}),
              },
              resolution: {
                dueAt: ago(openedDaysAgo - 3),
                ...(rnd.int(4) === 0 ? { breachedAt: ago(1) } : {}),
              },
            },
          }
        : {}),
      openedAt: ago(openedDaysAgo),
      ...(status === 'resolved' || status === 'closed'
        ? { resolvedAt: ago(openedDaysAgo - rnd.int(100) / 24) }
        : {}),
      version: 1,
    };
  });
}

function orders() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(OWNERS);
    return {
      _id: `or${i}`,
      tenantId: TENANT,
      ...(owner !== undefined ? { ownerId: owner } : {}),
      teamId: teamOf(owner),
      customerId: `c${i}`,
      items: [],
      amountMinor: rnd.int(100_000),
      refundedMinor: 0,
      currency: rnd.pick(['EUR', 'USD']),
      channel: rnd.pick(['web', 'store']),
      status: 'placed',
      placedAt: ago(rnd.int(400) + rnd.int(24) / 24),
      version: 1,
    };
  });
}

function members() {
  return Array.from({ length: ROWS }, (_, i) => ({
    _id: `m${i}`,
    tenantId: TENANT,
    programId: 'p',
    customerId: `c${i}`,
    ...(rnd.int(4) > 0 ? { tier: rnd.pick(['bronze', 'silver', 'gold']) } : {}),
    source: rnd.pick(['manual', 'automatic']),
    // Counters are absent until their first $inc.
    ...(rnd.int(5) > 0 ? { availablePoints: rnd.int(5000) } : {}),
    ...(rnd.int(3) > 0 ? { reservedPoints: rnd.int(300) } : {}),
    ...(rnd.int(4) > 0 ? { earnedPoints: rnd.int(9000) } : {}),
    ...(rnd.int(2) > 0 ? { redeemedPoints: rnd.int(3000) } : {}),
    ...(rnd.int(2) > 0 ? { expiredPoints: rnd.int(500) } : {}),
    ...(rnd.int(3) > 0
      ? { churnBand: rnd.pick(['low', 'medium', 'high']), churnScore: rnd.int(100) }
      : {}),
    enrolledAt: ago(rnd.int(400)),
    version: 1,
  }));
}

function quotes() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(['ann', 'bob', 'zed']);
    const status = rnd.pick(['draft', 'sent', 'accepted', 'rejected', 'expired']);
    const createdDaysAgo = rnd.int(200) + rnd.int(24) / 24;
    return {
      _id: `q${i}`,
      tenantId: TENANT,
      ownerId: owner,
      teamId: teamOf(owner),
      opportunityId: 'o',
      customerId: 'c',
      currency: rnd.pick(['EUR', 'USD']),
      quoteVersion: 1,
      lines: [],
      amount: rnd.pick(['990.00', '12.50', 'oops']),
      validUntil: '2026-12-31',
      approvalReasons: rnd.pick([[], ['discount'], undefined]),
      approvedVersion: null,
      awaitingApproval: false,
      status,
      createdAt: ago(createdDaysAgo),
      ...(['accepted', 'rejected', 'expired'].includes(status)
        ? { decidedAt: ago(createdDaysAgo - rnd.int(20) - 0.5) }
        : {}),
      version: 1,
    };
  });
}

/**
 * Each quote's history: its one version (with the quote's approval reasons) and, for two in three
 * of those needing one, the final approval some hours later. Drawn from no random source.
 */
function quoteHistories(docs: readonly Record<string, unknown>[]) {
  return docs.map((doc, i) => {
    const createdAt = doc.createdAt as string;
    const reasons = (doc.approvalReasons as string[] | undefined) ?? [];
    const approvedAt = new Date(Date.parse(createdAt) + ((i % 7) + 1) * 3_600_000).toISOString();
    return {
      _id: doc._id,
      tenantId: TENANT,
      ownerId: doc.ownerId,
      teamId: doc.teamId,
      facts: {
        '1': { kind: 'version', at: createdAt, amount: doc.amount, approvalReasons: reasons },
        ...(reasons.length > 0 && i % 3 !== 0
          ? { '2': { kind: 'approval', at: approvedAt, final: true } }
          : {}),
      },
      version: 2,
    };
  });
}

/** Journey funnels: a few journey versions with their counters (drawn from no random source). */
function journeyFunnels() {
  return ['welcome|1', 'welcome|2', 'win-back|1'].map((key, i) => {
    const [journeyId, version] = key.split('|') as [string, string];
    return {
      _id: `${TENANT}|${key}`,
      tenantId: TENANT,
      journeyId,
      version: Number(version),
      entered: 10 + i,
      completed: 3,
      converted: 2 + i,
      steps: { 'welcome-mail': { passed: 9, sent: 8, skipped: 1 }, check: { passed: 4 + i } },
    };
  });
}

/** A quota of Q2 per owner (fixed: drawn from no random source, so the other fixtures keep theirs). */
function quotas() {
  return ['ann', 'bob', 'zed'].map((owner) => ({
    _id: `q-${owner}`,
    tenantId: TENANT,
    ownerId: owner,
    teamId: teamOf(owner),
    period: '2026-Q2',
    currency: 'EUR',
    amount: '5000.00',
    setAt: ago(100),
    firstSetAt: ago(100),
    settings: { 1: { at: ago(100), amount: '5000.00' } },
    version: 1,
  }));
}

/** A first agent reply for every other ticket, a day ago. */
function ticketHistories() {
  return Array.from({ length: ROWS / 2 }, (_, i) => ({
    _id: `t${i * 2}`,
    tenantId: TENANT,
    facts: { 3: { kind: 'replied', at: ago(1), agentId: 'agent' } },
    version: 3,
  }));
}

function forecasts() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(['ann', 'bob', 'zed']);
    return {
      _id: `f${i}`,
      tenantId: TENANT,
      ownerId: owner,
      teamId: teamOf(owner),
      period: rnd.pick(['2026-Q1', '2026-Q2', '2026-Q3']),
      currency: rnd.pick(['EUR', 'USD']),
      submitted: rnd.pick(['1000.00', '2500.25', '0']),
      ...(rnd.int(2) === 0 ? { adjusted: rnd.pick(['900.00', 'x']) } : {}),
      submittedAt: ago(rnd.int(90)),
      submissionCount: 1,
      version: 1,
    };
  });
}

function csatAnswers() {
  return Array.from({ length: ROWS }, (_, i) => ({
    _id: `${TENANT}:t${i}:s${i}`,
    tenantId: TENANT,
    ticketId: `t${i}`,
    surveyId: `s${i}`,
    score: 1 + rnd.int(5),
    ...(rnd.int(4) > 0 ? { agentId: rnd.pick(['agent', 'other']) } : {}),
    ...(rnd.int(2) === 0 ? { teamId: 'support' } : {}),
    answeredAt: ago(rnd.int(200)),
  }));
}

function npsAnswers() {
  return Array.from({ length: ROWS }, (_, i) => ({
    _id: `${TENANT}:c${i}:n${i}`,
    tenantId: TENANT,
    customerId: `c${i}`,
    surveyId: `n${i}`,
    score: rnd.int(11),
    answeredAt: ago(rnd.int(200)),
  }));
}

function articles() {
  // 20 articles in two locales.
  return Array.from({ length: 40 }, (_, i) => ({
    _id: `${TENANT}:a${i % 20}:${i < 20 ? 'en' : 'de'}`,
    tenantId: TENANT,
    articleId: `a${i % 20}`,
    locale: i < 20 ? 'en' : 'de',
    status: rnd.pick(['draft', 'published', 'retired']),
    draft: { version: 1, title: 't', body: 'b', tags: [], visibility: 'public' },
    ...(rnd.int(3) > 0 ? { deflections: rnd.int(40) } : {}),
    updatedAt: ago(rnd.int(100)),
  }));
}

function campaigns() {
  return Array.from({ length: ROWS / 4 }, (_, i) => {
    const sent = rnd.int(3) > 0;
    const skipped = Object.fromEntries(
      ['NO_CONSENT', 'UNSUBSCRIBED', 'NO_EMAIL', 'MERGE_FIELD_MISSING']
        .filter(() => sent && rnd.int(2) === 0)
        .map((reason) => [reason, 1 + rnd.int(9)]),
    );
    return {
      _id: `${TENANT}|k${i}`,
      tenantId: TENANT,
      campaignId: `k${i}`,
      name: `Campaign ${i}`,
      segmentId: rnd.pick(['vip', 'all']),
      templateId: 'tpl',
      locale: rnd.pick(['en', 'de', '']),
      status: sent ? 'sent' : rnd.pick(['draft', 'scheduled', 'cancelled']),
      ...(sent
        ? {
            audienceSize: 100 + rnd.int(50),
            sentCount: 80 + rnd.int(20),
            skippedCount: Object.values(skipped).reduce((a, b) => a + b, 0),
            skipped,
          }
        : {}),
      createdAt: ago(rnd.int(100)),
      version: 1,
    };
  });
}

/** The reports context's stage visits: one document per opportunity, as the projection writes. */
function opportunityStages() {
  return Array.from({ length: ROWS }, (_, i) => {
    const owner = rnd.pick(['ann', 'bob', 'zed']);
    const status = rnd.pick(['open', 'won', 'lost'] as const);
    const current = rnd.pick(['qualify', 'proposal']);
    const enteredDaysAgo = 5 + rnd.int(40);
    const visits = (stageId: string) => ({
      stageId,
      entered: 1 + rnd.int(2),
      movedOut: rnd.int(2),
      movedOutMs: rnd.int(20) * 86_400_000,
    });
    return {
      _id: `s${i}`,
      tenantId: TENANT,
      ownerId: owner,
      teamId: teamOf(owner),
      pipelineId: 'default',
      openedAt: ago(60 + rnd.int(100)),
      status,
      currentStageId: current,
      currentEnteredAt: ago(enteredDaysAgo),
      ...(status !== 'open' ? { closedAt: ago(enteredDaysAgo - rnd.int(5)) } : {}),
      stages: {
        qualify: { ...visits('qualify'), ...(status === 'lost' ? { lost: 1 } : {}) },
        ...(current === 'proposal'
          ? { proposal: { ...visits('proposal'), ...(status === 'won' ? { won: 1 } : {}) } }
          : {}),
      },
      version: 1,
    };
  });
}

/** The reports context's campaign deliveries: one document per message. */
function campaignMessages() {
  return Array.from({ length: ROWS }, (_, i) => ({
    _id: `${TENANT}|m${i % 7}|c${i}`,
    tenantId: TENANT,
    campaignId: `m${i % 7}`,
    customerId: `c${i}`,
    // A few documents only an unsubscribe created: not messages.
    ...(rnd.int(20) === 0 ? {} : { sentAt: ago(10 + rnd.int(50)) }),
    ...(rnd.int(8) === 0
      ? { bouncedAt: ago(rnd.int(9)), ...(rnd.int(2) ? { bounceKind: 'hard' } : {}) }
      : {}),
    ...(rnd.int(10) === 0 ? { unsubscribedAt: ago(rnd.int(9)) } : {}),
    version: 1,
  }));
}

function viewer(userId: string, roles: Role[], teamId: string | null, team: string[] = []) {
  const principal: Principal = { userId, tenantId: TENANT, roles, teamId };
  return { principal, teamMemberIds: team } satisfies ReportViewer;
}
const VIEWERS: Record<string, ReportViewer> = {
  admin: viewer('admin', [Role.ADMIN], null),
  rep: viewer('ann', [Role.SALES_REP], 'team-a'),
  manager: viewer('mia', [Role.SALES_MANAGER], 'team-a', ['mia', 'ann', 'bob']),
  agent: viewer('agent', [Role.SERVICE_AGENT], 'support'),
};

let mongoDb: ThrowawayDatabase;
let pgDb: ThrowawayDatabase;
let connection: Connection;
let store: PostgresEventStore;
let onServer: ReportEngine;
let inNode: ReportEngine;
let rollups: ReportRollups;
let precomputed: ReportEngine;

const collectionOf = (model: string) => `${model}_grouping_test`;

async function serve(
  projection: string,
  model: string,
  docs: Record<string, unknown>[],
  otherModels: Record<string, string> = {},
) {
  const collection = collectionOf(model);
  await serveTestReadModel(connection, {
    projection,
    model,
    collection,
    storeCheckpoint: 0,
    otherModels,
  });
  await connection.db!.collection(collection).insertMany(docs);
}

beforeAll(async () => {
  [mongoDb, pgDb] = await Promise.all([
    createThrowawayMongoDatabase({ prefix: 'reports_grouping' }),
    createThrowawayPostgresDatabase({ prefix: 'reports_grouping' }),
  ]);
  connection = await connectMongo(mongoDb.url);
  store = await PostgresEventStore.create({
    connectionString: pgDb.url,
    eventTypes: [{ type: 'reports.ProbeRecorded', schemaVersion: 1 }],
    migrate: true,
  });
  await serve(CUSTOMER_360_PROJECTION, CUSTOMER_360_MODEL, customers());
  await serve(SALES_LEADS_PROJECTION, SALES_LEADS_MODEL, leads());
  await serve(SALES_PIPELINE_PROJECTION, SALES_OPPORTUNITIES_MODEL, opportunities());
  await serve(TICKET_QUEUE_PROJECTION, TICKET_QUEUE_MODEL, tickets());
  await serve(LOYALTY_MEMBER_PROJECTION, LOYALTY_MEMBER_MODEL, members());
  const quoteDocs = quotes();
  await serve(SALES_QUOTES_PROJECTION, SALES_QUOTES_MODEL, quoteDocs);
  await serve(SALES_FORECASTS_PROJECTION, SALES_FORECASTS_MODEL, forecasts());
  // The NPS answers are a second collection of the same projection: one alias for both.
  await serve(SATISFACTION_PROJECTION, SATISFACTION_MODEL, csatAnswers(), {
    [NPS_MODEL]: collectionOf(NPS_MODEL),
  });
  const nps: Record<string, unknown>[] = npsAnswers();
  await connection.db!.collection(collectionOf(NPS_MODEL)).insertMany(nps);
  await serve(KNOWLEDGE_BASE_PROJECTION, KNOWLEDGE_BASE_MODEL, articles());
  await serve(MARKETING_CAMPAIGNS_PROJECTION, MARKETING_CAMPAIGNS_MODEL, campaigns());
  await serve(SALES_ORDERS_PROJECTION, SALES_ORDERS_MODEL, orders());
  await serve(
    REPORT_OPPORTUNITY_STAGES_PROJECTION,
    REPORT_OPPORTUNITY_STAGES_MODEL,
    opportunityStages(),
  );
  await serve(
    REPORT_FORECAST_SUBMISSIONS_PROJECTION,
    REPORT_FORECAST_SUBMISSIONS_MODEL,
    forecasts(),
  );
  await serve(
    REPORT_CAMPAIGN_MESSAGES_PROJECTION,
    REPORT_CAMPAIGN_MESSAGES_MODEL,
    campaignMessages(),
  );
  await serve(REPORT_QUOTAS_PROJECTION, REPORT_QUOTAS_MODEL, quotas());
  await serve(REPORT_TICKET_HISTORY_PROJECTION, REPORT_TICKET_HISTORY_MODEL, ticketHistories());
  await serve(
    REPORT_QUOTE_HISTORY_PROJECTION,
    REPORT_QUOTE_HISTORY_MODEL,
    quoteHistories(quoteDocs),
  );
  await serve(
    MARKETING_JOURNEY_FUNNELS_PROJECTION,
    MARKETING_JOURNEY_FUNNELS_MODEL,
    journeyFunnels(),
  );
  const deps = { connection, storeHead: new PostgresStoreHead(store.pool), clock: () => NOW };
  onServer = new ReportEngine(deps);
  inNode = new ReportEngine({ ...deps, grouping: 'node' });
  rollups = new ReportRollups({ connection, clock: () => NOW });
  precomputed = new ReportEngine({ ...deps, rollups });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await store?.close();
  await Promise.all([mongoDb?.drop(), pgDb?.drop()]);
}, 30_000);

/** The standard reports whose parts are only declared in Node (grouped there on both engines). */
const GROUPED_IN_NODE = [
  'customers/byValueTier',
  'customers/rfmGrid',
  'sales/revenueByMonth',
  'sales/funnelVelocity',
  'sales/timeInStageByOwner',
  'sales/forecastAccuracy',
  'sales/winRateBySource',
  'sales/quotaAttainment',
  'sales/pipelineAgainstQuota',
  'serviceDesk/firstResponseByChannel',
  'sales/quoteApprovalTurnaround',
  'marketing/journeyFunnels',
  'marketing/journeySteps',
];

const STANDARD = Object.entries(STANDARD_PACKS).flatMap(([pack, reports]) =>
  Object.keys(reports).map((name) => [`${pack}/${name}`, standardReport(pack, name)] as const),
);

async function expectSameFigures(definition: ReportDefinition, who: ReportViewer) {
  const [server, node] = await Promise.all([
    onServer.run(definition, who),
    inNode.run(definition, who),
  ]);
  expect(server).toEqual(node);
  return server;
}

describe('the server groups what the engine would, with the same figures', () => {
  it.each(STANDARD)('%s is grouped on the server unless declared in Node only', (id, def) => {
    expect(onServer.groupedOn(def)).toBe(GROUPED_IN_NODE.includes(id) ? 'node' : 'server');
    expect(inNode.groupedOn(def)).toBe('node');
  });

  it.each(STANDARD.flatMap(([id, def]) => Object.keys(VIEWERS).map((v) => [id, v, def] as const)))(
    '%s for the %s: identical figures',
    async (_id, who, def) => {
      const result = await expectSameFigures(def, VIEWERS[who]!);
      if (who === 'admin') expect(result.rowCount).toBeGreaterThan(0);
    },
  );

  it('scope is applied before grouping: a rep counts fewer opportunities than the admin', async () => {
    const def = standardReport('sales', 'outcomes');
    const [all, own] = await Promise.all([
      onServer.run(def, VIEWERS['admin']!),
      onServer.run(def, VIEWERS['rep']!),
    ]);
    expect(own.rowCount).toBeGreaterThan(0);
    expect(own.rowCount).toBeLessThan(all.rowCount);
  });

  const custom: [string, ReportDefinition][] = [
    [
      'averages per pipeline and quarter, amounts per currency',
      {
        dataset: 'opportunities',
        dimensions: ['pipeline', 'period'],
        timeGrain: 'quarter',
        measures: ['opportunities', 'amount', 'daysToClose', 'daysInStage', 'won'],
      },
    ],
    [
      'filters on two dimensions, one value looking like a field path',
      {
        dataset: 'opportunities',
        dimensions: ['currency'],
        measures: ['opportunities', 'amount'],
        filters: [
          { dimension: 'status', values: ['won', '$status'] },
          { dimension: 'forecastCategory', values: ['commit', 'pipeline'] },
        ],
      },
    ],
    [
      'tickets per team and backlog age with percentiles in a window',
      {
        dataset: 'tickets',
        dimensions: ['team', 'backlogAge'],
        measures: ['tickets', 'slaMet', 'resolutionHoursP50', 'resolutionHoursP90'],
        from: '2026-05-01T00:00:00Z',
        to: '2026-07-01T00:00:00Z',
      },
    ],
    [
      'customers per region, owner and day, purchases',
      {
        dataset: 'customers',
        dimensions: ['region', 'owner', 'period'],
        timeGrain: 'year',
        measures: ['customers', 'purchases'],
        filters: [{ dimension: 'kind', values: ['company'] }],
      },
    ],
    [
      'leads per team and day',
      {
        dataset: 'leads',
        dimensions: ['team', 'period'],
        timeGrain: 'day',
        measures: ['leads', 'conversionRate'],
      },
    ],
    [
      'loyalty members per enrolment, every counter',
      {
        dataset: 'loyaltyMembers',
        dimensions: ['enrolment'],
        measures: ['members', 'debtPoints', 'earnedPoints', 'liabilityPoints'],
      },
    ],
  ];

  it.each(custom)('%s', async (_name, def) => {
    expect(onServer.groupedOn(def)).toBe('server');
    const result = await expectSameFigures(def, VIEWERS['admin']!);
    expect(result.rowCount).toBeGreaterThan(0);
  });

  it('a filter value that looks like a field path matches only that literal string', async () => {
    const result = await onServer.run(
      {
        dataset: 'opportunities',
        dimensions: [],
        measures: ['opportunities'],
        filters: [{ dimension: 'status', values: ['$status'] }],
      },
      VIEWERS['admin']!,
    );
    expect(result.rowCount).toBe(0);
  });

  it('CSAT as of an instant: the answers given by then, as counted by hand from the stored answers', async () => {
    const asOf = ago(60);
    const stored = await connection
      .db!.collection(collectionOf(SATISFACTION_MODEL))
      .find({ tenantId: TENANT, answeredAt: { $lte: asOf } })
      .toArray();
    const months = new Map<string, number[]>();
    for (const a of stored) {
      const month = String(a['answeredAt']).slice(0, 7);
      months.set(month, [...(months.get(month) ?? []), Number(a['score'])]);
    }
    const r2 = (n: number) => Math.round(n * 100) / 100;
    const expected = [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, scores]) => ({
        dimensions: [month],
        values: [
          scores.length,
          r2((scores.filter((s) => s >= 4).length / scores.length) * 100),
          r2(scores.reduce((x, y) => x + y, 0) / scores.length),
        ],
      }));
    const result = await onServer.run(
      standardReport('serviceDesk', 'csatTrend', { asOf }),
      VIEWERS['admin']!,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(result.rows).toEqual(expected);
    expect(result.rowCount).toBeLessThan(
      (await onServer.run(standardReport('serviceDesk', 'csatTrend'), VIEWERS['admin']!)).rowCount,
    );
  }, 30_000);

  it('asOf is grouped in Node (rows are seen through the dataset at that instant)', () => {
    const def = standardReport('sales', 'outcomes', { asOf: '2026-03-01T00:00:00Z' });
    expect(onServer.groupedOn(def)).toBe('node');
  });
});

describe('pre-aggregated standard reports (ADR 0330) give the figures the rows give', () => {
  /** Every standard report whose figures add up across groups and do not move within a day. */
  const ROLLED_UP = [
    'customers/byRegion',
    'customers/byValueTier',
    'customers/byAcquisitionChannel',
    'customers/byLifecycle',
    'customers/growth',
    'customers/rfmGrid',
    'sales/funnelByStage',
    'sales/winRateByOwner',
    'sales/outcomes',
    'sales/leadsBySource',
    'sales/leadsBySourceOverTime',
    'sales/quoteOutcomesByOwner',
    'sales/forecastByPeriod',
    'serviceDesk/csatTrend',
    'serviceDesk/csatByAgent',
    'serviceDesk/npsTrend',
    'serviceDesk/deflectionByArticle',
    'loyalty/liabilityAndFlows',
    'loyalty/tierMix',
    'loyalty/churnBands',
    'loyalty/churnCohorts',
    'marketing/campaignResults',
    'marketing/deliveryRates',
    'marketing/journeyFunnels',
  ];

  beforeAll(async () => {
    expect(await rollups.refreshDue(0)).toEqual(ROLLED_UP);
  }, 60_000);

  it('pre-aggregates exactly the reports that add up (no percentile, join, rate or day-bound figure)', () => {
    expect(rollups.ids()).toEqual(ROLLED_UP);
  });

  it.each(ROLLED_UP.flatMap((id) => Object.keys(VIEWERS).map((v) => [id, v] as const)))(
    '%s for the %s: the figures of the rows, in the viewer scope',
    async (id, who) => {
      const [pack, name] = id.split('/') as [string, string];
      const def = standardReport(pack, name);
      const [fromGroups, fromRows] = await Promise.all([
        precomputed.run(def, VIEWERS[who]!),
        inNode.run(def, VIEWERS[who]!),
      ]);
      // A viewer who sees no record of the dataset gets the empty report of the rows path.
      const sees = reportScopeFilter(DATASETS[def.dataset]!.scope, VIEWERS[who]!) !== null;
      expect(fromGroups.precomputedAt).toBe(sees ? NOW.toISOString() : undefined);
      const { precomputedAt: _, ...figures } = fromGroups;
      expect(figures).toEqual(fromRows);
    },
    30_000,
  );

  it('a report that must include a later position, or runs in another month, reads the rows', async () => {
    const def = standardReport('customers', 'byLifecycle');
    const later = await precomputed.run(def, VIEWERS['admin']!, { atLeastPosition: 1 });
    expect(later.precomputedAt).toBeUndefined();
    const nextMonth = new ReportEngine({
      connection,
      storeHead: new PostgresStoreHead(store.pool),
      clock: () => new Date('2026-07-01T00:00:00Z'),
      rollups,
    });
    expect((await nextMonth.run(def, VIEWERS['admin']!)).precomputedAt).toBeUndefined();
  }, 30_000);

  it('nothing is recomputed while the read model applied nothing new', async () => {
    expect(await rollups.refreshDue(0)).toEqual([]);
  });
});
