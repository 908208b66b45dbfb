/* eslint-disable @typescript-eslint/no-unsafe-return --
   stored events are untyped at runtime; the spec asserts their shape. */
// Routing of leads captured through the API and the CSV import (issue 11), over real gRPC and
// PostgreSQL: a rep captures a lead for their team and the team's strategy assigns it (under the
// router's identity, so the rep need not be allowed to assign colleagues); territory routes by
// country, sticky gives a known contact back to their rep; a team's stream is loaded from its
// snapshot plus the tail once it is long; a rep's load drops when a lead of theirs closes
// (qualified, disqualified, converted or erased) or a manager moves it to someone else (ADR 0482),
// so load-based routing gives them the next one.
import { status } from '@grpc/grpc-js';
import { Pool } from 'pg';
import {
  ctx,
  manager,
  rep,
  startSalesTestService,
  type SalesTestService,
} from '../test/sales-test-service';
import { eventually } from '@crm/testing';
import { SalesApplication } from './application/sales.application';
import { SalesTimers } from './timers/sales-timers.wiring';

jest.setTimeout(90_000);

const MANAGER = manager('mgr-1', 'team-a', ['rep-fr', 'rep-de', 'rep-x']);
const REP = rep('rep-x', 'team-a');
const REPS = [
  { repId: 'rep-fr', territories: ['FR', 'BE'] },
  { repId: 'rep-de', territories: ['DE'] },
].map((r) => ({ ...r, capacity: 1000, absent: false, optedOut: false }));

let t: SalesTestService;
beforeAll(async () => {
  t = await startSalesTestService('sales-routing', undefined, {
    CRM_SALES_TEAM_SNAPSHOT_EVERY: '5',
  });
});
afterAll(async () => {
  await t?.stop();
});

const defineTeam = (strategy: string, teamId = 'team-a') =>
  t.call(
    'DefineSalesTeam',
    { ctx: ctx(), teamId, strategy, reps: REPS, rules: [], territoryField: '' },
    teamId === 'team-a' ? MANAGER : undefined,
  );
/** The lead's events; `leadId` as the untyped gRPC answer gives it. */
const leadEvents = async (leadId: unknown) =>
  (await t.events()).filter((e) => e.stream_id === `sales.Lead-${String(leadId)}`);
const capture = (email: string, fields: Record<string, string>, caller = REP) =>
  t.call(
    'CaptureLead',
    {
      ctx: ctx(),
      source: 'LEAD_SOURCE_API',
      contact: { name: 'Marie Curie', email },
      route: true,
      fields,
    },
    caller,
  );

describe('routing of API and import captures', () => {
  it('routes an API capture through its team’s territories, as the router', async () => {
    await defineTeam('territory');
    const fr = await capture('marie@example.com', { country: 'FR' });
    const de = await capture('lise@example.com', { country: 'DE' });
    const us = await capture('grace@example.com', { country: 'US' });

    const frEvents = await leadEvents(fr.createdId);
    expect(frEvents.map((e) => e.type)).toEqual(['sales.LeadCaptured', 'sales.LeadAssigned']);
    expect(frEvents[0]).toMatchObject({ data: { ownerId: null, teamId: 'team-a' } });
    expect(frEvents[1]).toMatchObject({
      data: { ownerId: 'rep-fr', strategy: 'territory' },
      actor: { kind: 'system', name: 'sales.lead-router' },
    });
    expect((await leadEvents(de.createdId))[1]).toMatchObject({ data: { ownerId: 'rep-de' } });
    expect((await leadEvents(us.createdId))[1]).toMatchObject({
      type: 'sales.LeadAssignmentFailed',
      data: { reason: 'no_territory_matched', strategy: 'territory' },
    });
    // The answer's position covers the assignment (read your own writes; a fresh store's
    // positions count its events from 1).
    const all = await t.events();
    const assignedAt = all.findIndex((e) => e === all.find((a) => a.type === 'sales.LeadAssigned'));
    expect(Number(fr.globalPosition)).toBe(assignedAt + 1);
  });

  it('gives a known contact back to their rep with the sticky strategy', async () => {
    await defineTeam('sticky', 'team-a');
    const first = await capture('ada@example.com', {});
    const owner = (await leadEvents(first.createdId))[1]?.data.ownerId as string;
    expect(['rep-fr', 'rep-de']).toContain(owner);
    for (let i = 0; i < 3; i += 1) {
      const again = await capture(' ADA@example.com', {});
      const events = await leadEvents(again.createdId);
      expect(events.map((e) => e.type)).toEqual([
        'sales.LeadCaptured',
        'sales.LeadDuplicateDetected',
        'sales.LeadAssigned',
      ]);
      expect(events[2]).toMatchObject({ data: { ownerId: owner, strategy: 'sticky' } });
    }
  });

  it('recognises a known customer: a duplicate of a converted lead names its customer and rep', async () => {
    await defineTeam('sticky', 'team-a');
    const first = await capture('hedy@example.com', {});
    const owner = (await leadEvents(first.createdId))[1]?.data.ownerId as string;
    await t.call('ConvertLead', {
      ctx: ctx(),
      leadId: first.createdId,
      customerId: 'cust-hedy',
      opportunityName: 'Frequency hopping',
      amount: '100.00',
      currency: 'EUR',
      expectedCloseOn: '2027-06-30',
    });
    const again = await capture('hedy@example.com', {});
    const events = await leadEvents(again.createdId);
    expect(events[1]).toMatchObject({
      type: 'sales.LeadDuplicateDetected',
      data: { duplicateOfLeadId: first.createdId, customerId: 'cust-hedy' },
    });
    expect(events[2]).toMatchObject({ data: { ownerId: owner, strategy: 'sticky' } });
  });

  it('routes every imported row, country as the territory', async () => {
    await defineTeam('territory', 'team-a');
    const imported = await t.call(
      'ImportLeads',
      {
        ctx: ctx('import-routed'),
        csv: 'name,email,country\nAnna,anna@example.com,DE\nBert,bert@example.com,BE\nCleo,,\n',
        route: true,
      },
      REP,
    );
    const assigned = await Promise.all(
      (imported.leadIds as string[]).map(async (id) => {
        const last = (await leadEvents(id)).at(-1);
        return [last?.type, last?.data.ownerId ?? last?.data.reason];
      }),
    );
    expect(assigned).toEqual([
      ['sales.LeadAssigned', 'rep-de'],
      ['sales.LeadAssigned', 'rep-fr'],
      ['sales.LeadAssignmentFailed', 'no_territory_matched'],
    ]);
    // Sent again with the same key, nothing is captured or routed twice.
    const before = (await t.events()).length;
    await t.call(
      'ImportLeads',
      {
        ctx: ctx('import-routed'),
        csv: 'name,email,country\nAnna,anna@example.com,DE\nBert,bert@example.com,BE\nCleo,,\n',
        route: true,
      },
      REP,
    );
    expect((await t.events()).length).toBe(before);
  });

  it('refuses a routed capture naming an owner, or with no team to route through', async () => {
    const withOwner = await t.fail(
      'CaptureLead',
      {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'X' },
        ownerId: 'rep-fr',
        route: true,
      },
      MANAGER,
    );
    expect(withOwner.code).toBe(status.INVALID_ARGUMENT);
    expect(withOwner.detail.violations.map((v) => v.field)).toEqual(['ownerId']);
    const noTeam = await t.fail('CaptureLead', {
      ctx: ctx(),
      source: 'LEAD_SOURCE_API',
      contact: { name: 'X' },
      route: true,
    });
    expect(noTeam.detail.violations.map((v) => v.field)).toEqual(['teamId']);
  });

  it('loads a long team stream from its snapshot and routes on from there', async () => {
    await defineTeam('round_robin', 'team-b');
    const app = t.service.app.get(SalesApplication);
    const owners: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const lead = await t.call('CaptureLead', {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: `Lead ${i}` },
        teamId: 'team-b',
        route: true,
      });
      owners.push((await leadEvents(lead.createdId))[1]?.data.ownerId as string);
    }
    await app.snapshotsWritten();
    expect(owners).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'rep-de' : 'rep-fr')));
    const pool = new Pool({ connectionString: t.database.url, max: 1 });
    try {
      const { rows } = await pool.query<{ stream_version: string }>(
        `SELECT stream_version FROM snapshots.aggregate_snapshots WHERE stream_id = $1`,
        ['sales.SalesTeam-team-b'],
      );
      // 1 definition + 12 routings: the newest snapshot is at a multiple of 5.
      expect(rows.map((r) => Number(r.stream_version))).toEqual([10]);
    } finally {
      await pool.end();
    }
  });

  it('takes a closed lead off its rep’s load, once, so a full rep takes the next lead', async () => {
    await t.call('DefineSalesTeam', {
      ctx: ctx(),
      teamId: 'team-load',
      strategy: 'weighted',
      reps: ['rep-a', 'rep-b'].map((repId) => ({
        repId,
        capacity: 1,
        absent: false,
        optedOut: false,
      })),
      rules: [],
      territoryField: '',
    });
    const captureFor = async (email: string) => {
      const { createdId } = await t.call('CaptureLead', {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'Lise Meitner', email },
        route: true,
        teamId: 'team-load',
      });
      return (await leadEvents(createdId)).at(-1);
    };
    const first = await captureFor('one@example.com');
    const second = await captureFor('two@example.com');
    expect(await captureFor('three@example.com')).toMatchObject({
      type: 'sales.LeadAssignmentFailed',
      data: { reason: 'all_at_capacity' },
    });
    const firstRep = first?.data.ownerId as string;
    expect([firstRep, second?.data.ownerId].sort()).toEqual(['rep-a', 'rep-b']);

    // The first rep's lead closes: qualified, then disqualified (one release, not two).
    await t.call('QualifyLead', { ctx: ctx(), leadId: first?.data.leadId });
    await t.call('DisqualifyLead', { ctx: ctx(), leadId: first?.data.leadId, reason: 'no budget' });
    const releases = async () =>
      (await t.events()).filter(
        (e) => e.type === 'sales.LeadReleased' && e.stream_id === 'sales.SalesTeam-team-load',
      );
    await eventually(async () => expect(await releases()).toHaveLength(1));
    expect((await releases())[0]).toMatchObject({
      data: { leadId: first?.data.leadId, repId: firstRep, reason: 'qualified' },
      actor: { kind: 'system', name: 'sales.lead-load-release' },
    });
    expect(await captureFor('four@example.com')).toMatchObject({
      type: 'sales.LeadAssigned',
      data: { ownerId: firstRep },
    });
    const { loadRelease } = t.service.app.get(SalesTimers);
    await eventually(async () => expect((await loadRelease.status()).lag).toBe(0));
    expect(await releases()).toHaveLength(1);
  });

  it('takes a lead a manager moves to another rep off the routed rep’s load (ADR 0482)', async () => {
    await t.call('DefineSalesTeam', {
      ctx: ctx(),
      teamId: 'team-move',
      strategy: 'weighted',
      reps: ['rep-m', 'rep-n'].map((repId) => ({
        repId,
        capacity: 1,
        absent: false,
        optedOut: false,
      })),
      rules: [],
      territoryField: '',
    });
    const captureFor = async (email: string) => {
      const { createdId } = await t.call('CaptureLead', {
        ctx: ctx(),
        source: 'LEAD_SOURCE_API',
        contact: { name: 'Emmy Noether', email },
        route: true,
        teamId: 'team-move',
      });
      return (await leadEvents(createdId)).at(-1);
    };
    const first = await captureFor('m1@example.com');
    const second = await captureFor('m2@example.com');
    expect(await captureFor('m3@example.com')).toMatchObject({
      data: { reason: 'all_at_capacity' },
    });
    const releases = async () =>
      (await t.events()).filter(
        (e) => e.type === 'sales.LeadReleased' && e.stream_id === 'sales.SalesTeam-team-move',
      );
    const { loadRelease } = t.service.app.get(SalesTimers);

    // Assigned again to the rep the team routed it to: still on their load.
    const secondRep = second?.data.ownerId as string;
    const assign = (lead: typeof first, ownerId: string, teamId = 'team-move') =>
      t.call('AssignLead', { ctx: ctx(), leadId: lead?.data.leadId, ownerId, teamId });
    await assign(second, secondRep);
    await eventually(async () => expect((await loadRelease.status()).lag).toBe(0));
    expect(await releases()).toEqual([]);

    // Moved to a rep of another team: off the routed rep's load, once, and they take the next lead.
    const firstRep = first?.data.ownerId as string;
    await assign(first, 'rep-elsewhere', 'team-b');
    await eventually(async () => expect(await releases()).toHaveLength(1));
    expect((await releases())[0]).toMatchObject({
      data: { leadId: first?.data.leadId, repId: firstRep, reason: 'reassigned' },
      actor: { kind: 'system', name: 'sales.lead-load-release' },
    });
    expect(await captureFor('m4@example.com')).toMatchObject({
      type: 'sales.LeadAssigned',
      data: { ownerId: firstRep },
    });
    // Closing the moved lead later releases nothing more.
    await t.call('QualifyLead', { ctx: ctx(), leadId: first?.data.leadId });
    await eventually(async () => expect((await loadRelease.status()).lag).toBe(0));
    expect(await releases()).toHaveLength(1);
  });
});
