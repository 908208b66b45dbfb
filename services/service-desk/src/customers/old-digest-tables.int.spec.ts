// Since the desk moved onto the shared customer contact index (ADR 0351), nothing deletes rows of
// its older digest tables on an erasure any more, so the service drops them when it starts. This
// spec builds a database as the older version left it and checks they are gone after start,
// while the shared index's own tables stay.
import { Client } from 'pg';
import {
  startServiceDeskTestService,
  type ServiceDeskTestService,
} from '../../test/service-desk-test-service';

jest.setTimeout(60_000);

let t: ServiceDeskTestService;

const query = async (url: string, sql: string) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  t = await startServiceDeskTestService('desk-old-digests', undefined, {}, (url) =>
    query(
      url,
      `CREATE SCHEMA service_desk_customers;
       CREATE TABLE service_desk_customers.email_digests (tenant_id text, digest bytea, customer_id uuid);
       CREATE TABLE service_desk_customers.phone_digests (tenant_id text, digest bytea, customer_id uuid);
       INSERT INTO service_desk_customers.email_digests VALUES ('tenant-a', '\\x01', gen_random_uuid());
       INSERT INTO service_desk_customers.phone_digests VALUES ('tenant-a', '\\x02', gen_random_uuid());`,
    ).then(() => undefined),
  );
});
afterAll(async () => {
  await t?.stop();
});

describe("the desk's digest tables of before the shared contact index", () => {
  it('are dropped at start, and the shared index lives in the same schema', async () => {
    const tables = await query(
      t.database.url,
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'service_desk_customers' ORDER BY table_name`,
    );
    const names = tables.map((row) => row['table_name']);
    expect(names).not.toContain('email_digests');
    expect(names).not.toContain('phone_digests');
    expect(names.length).toBeGreaterThan(0);
  });
});
