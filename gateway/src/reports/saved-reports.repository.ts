// Saved report definitions per user, optionally shared with the user's team or with everyone of a
// role in the tenant, in the gateway's PostgreSQL schema. Sharing shares the definition only: whoever runs it sees the figures of their
// own record scope. Every query is scoped by tenant; a report outside the caller's reach is
// reported as absent.
import type { ReportDefinition } from '@crm/reports';
import { type Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';

export interface SavedReportRecord {
  readonly reportId: string;
  readonly tenantId: string;
  readonly ownerUserId: string;
  /** The team it is shared with; null: private to its owner. */
  readonly sharedWithTeamId: string | null;
  /** The role it is shared with (every user of the tenant holding it); null: not shared by role. */
  readonly sharedWithRole: string | null;
  readonly name: string;
  readonly definition: ReportDefinition;
  readonly createdAt: Date;
}

/** Who asks: their tenant, user id and team. */
export interface SavedReportOwner {
  readonly tenantId: string;
  readonly userId: string;
  readonly teamId: string | null;
  /** Their roles (reports shared with one of them are visible); absent: none. */
  readonly roles?: readonly string[];
}

export interface SavedReportStore {
  save(
    owner: SavedReportOwner,
    name: string,
    definition: ReportDefinition,
    shareWithTeam: boolean,
    shareWithRole?: string | null,
  ): Promise<SavedReportRecord>;
  /** The caller's own reports and those shared with their team or one of their roles, newest first. */
  list(owner: SavedReportOwner): Promise<SavedReportRecord[]>;
  find(owner: SavedReportOwner, reportId: string): Promise<SavedReportRecord | null>;
  /** Only the owner deletes; false when there is no such report of theirs. */
  delete(owner: SavedReportOwner, reportId: string): Promise<boolean>;
}

interface Row {
  report_id: string;
  tenant_id: string;
  owner_user_id: string;
  shared_with_team_id: string | null;
  shared_with_role: string | null;
  name: string;
  definition: ReportDefinition;
  created_at: Date;
}

function toRecord(row: Row): SavedReportRecord {
  return {
    reportId: row.report_id,
    tenantId: row.tenant_id,
    ownerUserId: row.owner_user_id,
    sharedWithTeamId: row.shared_with_team_id,
    sharedWithRole: row.shared_with_role,
    name: row.name,
    definition: row.definition,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS =
  'report_id, tenant_id, owner_user_id, shared_with_team_id, shared_with_role, name, definition, created_at';
/** Reports the caller may read: their own, their team's shared ones, those shared with a role of theirs. */
const VISIBLE = `tenant_id = $1 AND (owner_user_id = $2 OR (shared_with_team_id IS NOT NULL AND shared_with_team_id = $3) OR (shared_with_role IS NOT NULL AND shared_with_role = ANY($4::text[])))`;
const visibleTo = (owner: SavedReportOwner) => [
  owner.tenantId,
  owner.userId,
  owner.teamId,
  [...(owner.roles ?? [])],
];

export class PostgresSavedReports implements SavedReportStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  }

  /**
   * Creates the table when missing. Kept out of the numbered user migrations so that it cannot
   * clash with them; idempotent, so every gateway instance may run it at start.
   */
  async ensureTable(): Promise<void> {
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${this.schema}.saved_reports (
        tenant_id            text        NOT NULL,
        report_id            uuid        NOT NULL,
        owner_user_id        text        NOT NULL,
        shared_with_team_id  text        NULL,
        name                 text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        definition           jsonb       NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, report_id)
      );
      CREATE INDEX IF NOT EXISTS saved_reports_by_owner ON ${this.schema}.saved_reports (tenant_id, owner_user_id);
      CREATE INDEX IF NOT EXISTS saved_reports_by_team ON ${this.schema}.saved_reports (tenant_id, shared_with_team_id);
      ALTER TABLE ${this.schema}.saved_reports ADD COLUMN IF NOT EXISTS shared_with_role text NULL;
    `);
  }

  async save(
    owner: SavedReportOwner,
    name: string,
    definition: ReportDefinition,
    shareWithTeam: boolean,
    shareWithRole: string | null = null,
  ): Promise<SavedReportRecord> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO ${this.schema}.saved_reports (tenant_id, report_id, owner_user_id, shared_with_team_id, shared_with_role, name, definition)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        owner.tenantId,
        uuidv7(),
        owner.userId,
        shareWithTeam ? owner.teamId : null,
        shareWithRole,
        name,
        JSON.stringify(definition),
      ],
    );
    return toRecord(rows[0]!);
  }

  async list(owner: SavedReportOwner): Promise<SavedReportRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.schema}.saved_reports WHERE ${VISIBLE} ORDER BY created_at DESC, report_id DESC LIMIT 500`,
      visibleTo(owner),
    );
    return rows.map(toRecord);
  }

  async find(owner: SavedReportOwner, reportId: string): Promise<SavedReportRecord | null> {
    if (!UUID.test(reportId)) return null;
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ${this.schema}.saved_reports WHERE ${VISIBLE} AND report_id = $5`,
      [...visibleTo(owner), reportId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async delete(owner: SavedReportOwner, reportId: string): Promise<boolean> {
    if (!UUID.test(reportId)) return false;
    const { rowCount } = await this.pool.query(
      `DELETE FROM ${this.schema}.saved_reports WHERE tenant_id = $1 AND owner_user_id = $2 AND report_id = $3`,
      [owner.tenantId, owner.userId, reportId],
    );
    return (rowCount ?? 0) > 0;
  }
}
