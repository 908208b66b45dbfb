// PostgreSQL access to the gateway's users. Every query is scoped by tenant id.
import { type Pool } from 'pg';
import { isRole, type Role } from '../authz/role';

export interface UserRecord {
  readonly tenantId: string;
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  readonly teamId: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
}

export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`a user with e-mail ${email} already exists in this tenant`);
    this.name = 'DuplicateEmailError';
  }
}

interface UserRow {
  tenant_id: string;
  user_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  team_id: string | null;
  active: boolean;
  created_at: Date;
}

const COLUMNS =
  'tenant_id, user_id, email, display_name, password_hash, roles, team_id, active, created_at';

function toRecord(row: UserRow): UserRecord {
  return {
    tenantId: row.tenant_id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: row.roles.filter(isRole),
    teamId: row.team_id,
    active: row.active,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UserRepository {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  private get table(): string {
    return `${this.schema}.users`;
  }

  async findByEmail(tenantId: string, email: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND email = $2`,
      [tenantId, email.toLowerCase()],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Users by id, in no particular order; ids that are not UUIDs are simply not found. */
  async findByIds(tenantId: string, userIds: readonly string[]): Promise<UserRecord[]> {
    const ids = userIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND user_id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
    return rows.map(toRecord);
  }

  async list(
    tenantId: string,
    options: { teamId?: string | null; limit: number; afterEmail?: string },
  ): Promise<UserRecord[]> {
    const params: unknown[] = [tenantId, options.afterEmail ?? '', options.limit];
    let teamClause = '';
    if (options.teamId) {
      params.push(options.teamId);
      teamClause = `AND team_id = $${params.length}`;
    }
    const { rows } = await this.pool.query<UserRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE tenant_id = $1 AND email > $2 ${teamClause} ORDER BY email LIMIT $3`,
      params,
    );
    return rows.map(toRecord);
  }

  async teamMemberIds(tenantId: string, teamId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ user_id: string }>(
      `SELECT user_id FROM ${this.table} WHERE tenant_id = $1 AND team_id = $2`,
      [tenantId, teamId],
    );
    return rows.map((r) => r.user_id);
  }

  async insert(user: Omit<UserRecord, 'createdAt' | 'active'>): Promise<UserRecord> {
    try {
      const { rows } = await this.pool.query<UserRow>(
        `INSERT INTO ${this.table} (tenant_id, user_id, email, display_name, password_hash, roles, team_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          user.tenantId,
          user.userId,
          user.email.toLowerCase(),
          user.displayName,
          user.passwordHash,
          user.roles,
          user.teamId,
        ],
      );
      return toRecord(rows[0] as UserRow);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new DuplicateEmailError(user.email);
      throw error;
    }
  }

  /** Inserts unless a user with this e-mail exists in the tenant; true when inserted. */
  async insertIfAbsent(user: Omit<UserRecord, 'createdAt' | 'active'>): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO ${this.table} (tenant_id, user_id, email, display_name, password_hash, roles, team_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, email) DO NOTHING`,
      [
        user.tenantId,
        user.userId,
        user.email.toLowerCase(),
        user.displayName,
        user.passwordHash,
        user.roles,
        user.teamId,
      ],
    );
    return result.rowCount === 1;
  }

  async update(
    tenantId: string,
    userId: string,
    patch: {
      roles?: readonly Role[];
      teamId?: string | null;
      active?: boolean;
      passwordHash?: string;
    },
  ): Promise<UserRecord | null> {
    if (!UUID.test(userId)) return null;
    const sets: string[] = [];
    const params: unknown[] = [tenantId, userId];
    const set = (column: string, value: unknown): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.roles !== undefined) set('roles', patch.roles);
    if (patch.teamId !== undefined) set('team_id', patch.teamId);
    if (patch.active !== undefined) set('active', patch.active);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    sets.push('updated_at = now()');
    const { rows } = await this.pool.query<UserRow>(
      `UPDATE ${this.table} SET ${sets.join(', ')} WHERE tenant_id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async countActiveAdmins(tenantId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.table} WHERE tenant_id = $1 AND active AND 'admin' = ANY(roles)`,
      [tenantId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
