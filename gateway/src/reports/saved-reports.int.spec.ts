// Saved reports against a real PostgreSQL (a throwaway database): the owner sees his own, team
// members see those shared with their team and nothing private, holders of a role those shared
// with that role, other tenants nothing, and only the owner deletes.
import { createThrowawayPostgresDatabase, type ThrowawayDatabase } from '@crm/testing';
import { Pool } from 'pg';
import { PostgresSavedReports, type SavedReportOwner } from './saved-reports.repository';

const SCHEMA = 'gateway';
const DEFINITION = { dataset: 'leads', dimensions: ['source'], measures: ['leads'] };
const ann: SavedReportOwner = { tenantId: 'acme', userId: 'ann', teamId: 'north' };
const bob: SavedReportOwner = { tenantId: 'acme', userId: 'bob', teamId: 'north' };
const zed: SavedReportOwner = { tenantId: 'acme', userId: 'zed', teamId: 'south' };
const otherTenantAnn: SavedReportOwner = { tenantId: 'globex', userId: 'ann', teamId: 'north' };

let db: ThrowawayDatabase;
let pool: Pool;
let saved: PostgresSavedReports;

beforeAll(async () => {
  db = await createThrowawayPostgresDatabase({ prefix: 'saved-reports' });
  pool = new Pool({ connectionString: db.url, max: 2 });
  await pool.query(`CREATE SCHEMA ${SCHEMA}`);
  saved = new PostgresSavedReports(pool, SCHEMA);
  // Idempotent: every gateway instance runs it at start.
  await saved.ensureTable();
  await saved.ensureTable();
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('saved reports', () => {
  it('keeps private reports to their owner and shares team reports with the team only', async () => {
    const mine = await saved.save(ann, 'My leads', DEFINITION, false);
    const team = await saved.save(ann, 'Team leads', DEFINITION, true);
    expect(team.sharedWithTeamId).toBe('north');
    expect(mine.sharedWithTeamId).toBeNull();

    expect((await saved.list(ann)).map((r) => r.name).sort()).toEqual(['My leads', 'Team leads']);
    expect((await saved.list(bob)).map((r) => r.name)).toEqual(['Team leads']);
    expect(await saved.list(zed)).toEqual([]);
    expect(await saved.list(otherTenantAnn)).toEqual([]);

    expect((await saved.find(bob, team.reportId))?.definition).toEqual(DEFINITION);
    expect(await saved.find(bob, mine.reportId)).toBeNull();
    expect(await saved.find(zed, team.reportId)).toBeNull();
    expect(await saved.find(ann, 'not-a-uuid')).toBeNull();
  });

  it('shares a report with every user of a role in the tenant, and with no one else', async () => {
    const shared = await saved.save(ann, 'Campaign delivery', DEFINITION, false, 'marketer');
    expect(shared.sharedWithRole).toBe('marketer');
    const marketer: SavedReportOwner = { ...zed, roles: ['marketer'] };
    const rep: SavedReportOwner = { ...zed, roles: ['sales_rep'] };
    expect((await saved.list(marketer)).map((r) => r.name)).toContain('Campaign delivery');
    expect((await saved.find(marketer, shared.reportId))?.name).toBe('Campaign delivery');
    expect(await saved.find(rep, shared.reportId)).toBeNull();
    expect(
      await saved.find({ ...otherTenantAnn, roles: ['marketer'] }, shared.reportId),
    ).toBeNull();
    await saved.delete(ann, shared.reportId);
  });

  it('lets only the owner delete', async () => {
    const team = await saved.save(ann, 'To delete', DEFINITION, true);
    expect(await saved.delete(bob, team.reportId)).toBe(false);
    expect(await saved.find(bob, team.reportId)).not.toBeNull();
    expect(await saved.delete(ann, team.reportId)).toBe(true);
    expect(await saved.find(ann, team.reportId)).toBeNull();
  });

  it('refuses a name out of bounds at the database too', async () => {
    await expect(saved.save(ann, '', DEFINITION, false)).rejects.toThrow(/check constraint/);
  });
});
