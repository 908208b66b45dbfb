// Gateway-owned tables (users and their roles per tenant), created at start. Migrations are
// append-only and numbered; concurrent gateway instances serialise on an advisory lock.
import { type Pool } from 'pg';

function migrations(schema: string): readonly { version: number; sql: string }[] {
  return [
    {
      version: 1,
      sql: `
        CREATE TABLE ${schema}.users (
          tenant_id     text        NOT NULL,
          user_id       uuid        NOT NULL,
          email         text        NOT NULL CHECK (email = lower(email)),
          display_name  text        NOT NULL,
          password_hash text        NOT NULL,
          roles         text[]      NOT NULL CHECK (cardinality(roles) > 0),
          team_id       text        NULL,
          active        boolean     NOT NULL DEFAULT true,
          created_at    timestamptz NOT NULL DEFAULT now(),
          updated_at    timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (tenant_id, user_id),
          UNIQUE (tenant_id, email)
        );
        CREATE INDEX users_by_team ON ${schema}.users (tenant_id, team_id) WHERE team_id IS NOT NULL;
      `,
    },
  ];
}

export async function migrateGatewaySchema(pool: Pool, schema: string): Promise<number[]> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `crm-gateway-migrations:${schema}`,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_migrations`,
    );
    const done = new Set(rows.map((r) => r.version));
    for (const migration of migrations(schema)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [
        migration.version,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
