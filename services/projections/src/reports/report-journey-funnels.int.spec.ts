// Journey funnels in reports, on the real servers: journey participation events are stored in
// PostgreSQL, marketing's own funnel projection (the read model behind the console's journey
// funnel) builds its documents in MongoDB, and the marketing pack's standard reports read them
// through the report engine. Every expected figure is computed here from the scenario's list of
// enrolment paths; asOf and a window are refused (the funnel read model dates nothing).
import { Role, type Principal } from '@crm/access-policy';
import { storeEventTypes } from '@crm/contracts';
import { marketingContracts } from '@crm/contracts/marketing';
import { PostgresEventStore, type NewEvent } from '@crm/event-sourcing';
import { journeyParticipationStreamId } from '@crm/marketing-domain';
import { PostgresStoreHead, silentLogger } from '@crm/messaging';
import { ReadModelResolver, connectMongo } from '@crm/read-models';
import { runProjection } from '@crm/read-models/testing';
import {
  DATASETS,
  InvalidReportError,
  ReportEngine,
  projectionsOf,
  standardReport,
  type ReportResult,
  type ReportViewer,
} from '@crm/reports';
import {
  createThrowawayMongoDatabase,
  createThrowawayPostgresDatabase,
  eventually,
  type ThrowawayDatabase,
} from '@crm/testing';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import { marketingJourneyFunnelsProjection } from '../marketing/marketing-journey-funnels.projection';

jest.setTimeout(120_000);

const TENANT = 'tenant-journey-funnels';
const NOW = new Date('2026-06-30T12:00:00Z');
const AT = '2026-06-01T09:00:00.000Z';
let pg: ThrowawayDatabase;
let mongoDb: ThrowawayDatabase;
let store: PostgresEventStore;
let connection: Connection;
let engine: ReportEngine;
let stop: (() => Promise<void>) | undefined;

const principal = (roles: Role[]): Principal => ({
  userId: 'u1',
  tenantId: TENANT,
  roles,
  teamId: null,
});
const marketer: ReportViewer = { principal: principal([Role.MARKETER]), teamMemberIds: [] };
const other: ReportViewer = {
  principal: { ...principal([Role.ADMIN]), tenantId: 'another-tenant' },
  teamMemberIds: [],
};

// Each enrolment's path: what happened at each step, and how it ended (absent: still in it).
type Pass =
  { step: string; sent: true } | { step: string; skipped: true } | { step: string; held: boolean };
interface Enrolment {
  journey: string;
  version: number;
  customer: string;
  passes: Pass[];
  exit?: 'goal' | 'completed';
}
const ENROLMENTS: Enrolment[] = [
  {
    journey: 'welcome',
    version: 1,
    customer: 'anna',
    passes: [
      { step: 'welcome-mail', sent: true },
      { step: 'check-order', held: true },
    ],
    exit: 'goal',
  },
  {
    journey: 'welcome',
    version: 1,
    customer: 'bob',
    passes: [
      { step: 'welcome-mail', sent: true },
      { step: 'check-order', held: false },
    ],
    exit: 'completed',
  },
  {
    journey: 'welcome',
    version: 1,
    customer: 'cara',
    passes: [{ step: 'welcome-mail', skipped: true }],
  },
  {
    journey: 'welcome',
    version: 2,
    customer: 'dan',
    passes: [{ step: 'welcome-mail', sent: true }],
  },
  { journey: 'win-back', version: 1, customer: 'eve', passes: [], exit: 'goal' },
];

const round = (n: number) => Math.round(n * 100) / 100;
const versionsOf = () =>
  [...new Set(ENROLMENTS.map((e) => `${e.journey}|${e.version}`))].sort().map((key) => {
    const [journey, version] = key.split('|') as [string, string];
    return {
      journey,
      version,
      enrolments: ENROLMENTS.filter((e) => `${e.journey}|${e.version}` === key),
    };
  });

/** journeyFunnels' rows as docs/reports.md defines them. */
function expectedFunnels() {
  return versionsOf().map(({ journey, version, enrolments }) => {
    const entered = enrolments.length;
    const converted = enrolments.filter((e) => e.exit === 'goal').length;
    const completed = enrolments.filter((e) => e.exit === 'completed').length;
    return {
      dimensions: [journey, version],
      values: [
        entered,
        completed,
        converted,
        entered - completed - converted,
        round((converted / entered) * 100),
      ],
    };
  });
}

/** journeySteps' rows: per version and step reached, passed / sent / skipped / held / not held / deferred. */
function expectedSteps() {
  return versionsOf().flatMap(({ journey, version, enrolments }) => {
    const passes = enrolments.flatMap((e) => e.passes);
    return [...new Set(passes.map((p) => p.step))].sort().map((step) => {
      const here = passes.filter((p) => p.step === step);
      return {
        dimensions: [journey, version, step],
        values: [
          here.length,
          here.filter((p) => 'sent' in p).length,
          here.filter((p) => 'skipped' in p).length,
          here.filter((p) => 'held' in p && p.held).length,
          here.filter((p) => 'held' in p && !p.held).length,
          0,
        ],
      };
    });
  });
}

function eventsOf(e: Enrolment): NewEvent[] {
  const ref = { journeyId: e.journey, customerId: e.customer, enrolment: 1, version: e.version };
  const event = (type: string, data: object): NewEvent => ({
    eventId: uuidv7(),
    type,
    tenantId: TENANT,
    occurredAt: AT,
    actor: { kind: 'system', name: 'journeys' },
    correlationId: uuidv7(),
    causationId: uuidv7(),
    data: { ...ref, ...data },
  });
  const steps = e.passes.map((p, i) => {
    const at = { stepId: p.step, nextStepId: e.passes[i + 1]?.step ?? null };
    if ('sent' in p)
      return event('marketing.JourneyMessageSent', {
        ...at,
        templateId: 'tpl',
        messageId: `m-${e.customer}-${p.step}`,
        channel: 'email',
        sentAt: AT,
      });
    if ('skipped' in p)
      return event('marketing.JourneyMessageSkipped', {
        ...at,
        reason: 'NO_CONSENT',
        detail: 'test',
        skippedAt: AT,
      });
    return event('marketing.JourneyBranchTaken', { ...at, conditionHeld: p.held, takenAt: AT });
  });
  return [
    event('marketing.JourneyEntered', {
      entryKey: `event:${e.customer}`,
      firstStepId: e.passes[0]?.step ?? 'end',
      enteredAt: AT,
    }),
    ...steps,
    ...(e.exit
      ? [event('marketing.JourneyExited', { reason: e.exit, detail: 'test', exitedAt: AT })]
      : []),
  ];
}

beforeAll(async () => {
  pg = await createThrowawayPostgresDatabase({ prefix: 'journey-funnels' });
  store = await PostgresEventStore.create({
    connectionString: pg.url,
    eventTypes: storeEventTypes(marketingContracts.events),
    pollIntervalMs: 100,
  });
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'journey-funnels' });
  connection = await connectMongo(mongoDb.url);
  engine = new ReportEngine({
    connection,
    storeHead: new PostgresStoreHead(store.pool),
    clock: () => NOW,
  });
  stop = runProjection(marketingJourneyFunnelsProjection, {
    connection,
    store,
    storeHead: new PostgresStoreHead(store.pool),
    logger: silentLogger,
    pollIntervalMs: 100,
  });
  for (const e of ENROLMENTS)
    await store.append(journeyParticipationStreamId(e.journey, e.customer), eventsOf(e));
});

afterAll(async () => {
  await stop?.();
  await connection?.close();
  await store?.close();
  await mongoDb?.drop();
  await pg?.drop();
}, 60_000);

/** Runs a standard report once the funnel read model applied every stored event. */
async function settled(name: string, who: ReportViewer): Promise<ReportResult> {
  const definition = standardReport('marketing', name);
  const resolver = new ReadModelResolver(connection);
  const [projection] = projectionsOf(DATASETS[definition.dataset]!);
  return eventually(
    async () => {
      const result = await engine.run(definition, who);
      const applied = await resolver.appliedStorePosition(projection!);
      return result.freshness.storeHead > 0 && applied >= result.freshness.storeHead && result;
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

describe('journey funnels in the marketing pack, from the funnel read model', () => {
  it('journeyFunnels: entered, completed, converted, active and converted % per journey version', async () => {
    const result = await settled('journeyFunnels', marketer);
    expect(result.rows).toEqual(expectedFunnels());
    expect(result.freshness.projection).toBe('marketing-journey-funnels');
    // Another tenant sees none of them.
    expect((await engine.run(standardReport('marketing', 'journeyFunnels'), other)).rows).toEqual(
      [],
    );
  });

  it('journeySteps: per step, went through, sent, skipped, condition held or not', async () => {
    const result = await settled('journeySteps', marketer);
    expect(result.rows).toEqual(expectedSteps());
  });

  it('drills down to the funnel record of a journey version', async () => {
    await settled('journeyFunnels', marketer);
    const drill = await engine.drillDown(
      standardReport('marketing', 'journeyFunnels'),
      ['welcome', '1'],
      marketer,
    );
    expect(drill.records).toEqual([
      { journey: 'welcome', version: 1, entered: 3, completed: 1, converted: 1 },
    ]);
  });

  it('refuses asOf and a window: the funnel read model dates nothing', () => {
    const asOf = () => engine.validate(standardReport('marketing', 'journeyFunnels', { asOf: AT }));
    expect(asOf).toThrow(InvalidReportError);
    expect(asOf).toThrow(/history of journey is not dated/);
    expect(() =>
      engine.validate({ ...standardReport('marketing', 'journeySteps'), from: AT }),
    ).toThrow('from: journeySteps rows are not dated: ask without a window or period');
  });
});
