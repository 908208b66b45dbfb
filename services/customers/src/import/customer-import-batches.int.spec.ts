// Rows are written in batches, several batches at once (ADR 0115). Duplicates inside a batch, across
// a batch boundary and between a batch still being written and a later one must still behave as if
// the rows were applied one after another: the later row links to (or skips) the customer the
// earlier row created, and no second customer is ever created for the same person.
import { Role, type ServiceCaller } from '@crm/access-policy';
import { eventually } from '@crm/testing';
import { Client } from 'pg';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';

const TENANT = 'tenant-batches';
const ADMIN: Partial<ServiceCaller> = {
  tenantId: TENANT,
  actor: { kind: 'user', userId: 'admin-1' },
  roles: [Role.ADMIN],
};
const ROWS = 1_200;
/**
 * Row → the earlier row whose email it repeats: in the next batch (the first duplicate of the file,
 * so the earlier batch is still being written when it is classified), in the same batch, across a
 * batch boundary, batches apart. Batches are 250 rows.
 */
const SAME_EMAIL_AS: ReadonlyMap<number, number> = new Map([
  [300, 20],
  [611, 610],
  [751, 749],
  [1_100, 700],
]);
/** Row → the earlier row whose external id it repeats: already imported from this channel. */
const SAME_EXTERNAL_ID_AS: ReadonlyMap<number, number> = new Map([[901, 900]]);
const PRE_EXISTING_EMAIL_ROW = 1_150;

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-import-batches');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

function csv(): string {
  const lines = ['first,last,email,ext'];
  for (let n = 1; n <= ROWS; n++) {
    const emailRow = SAME_EMAIL_AS.get(n) ?? n;
    const email =
      n === PRE_EXISTING_EMAIL_ROW ? 'already.here@example.com' : `row${emailRow}@example.com`;
    lines.push(`First${n},Last${n},${email},ext-${SAME_EXTERNAL_ID_AS.get(n) ?? n}`);
  }
  return `${lines.join('\n')}\n`;
}

it('duplicates inside a batch, across batches and against batches still being written create no second customer', async () => {
  await t.call(
    'RegisterCustomer',
    {
      ctx: ctx(),
      person: { firstName: 'Already', lastName: 'Here' },
      contacts: [{ email: 'already.here@example.com' }],
    },
    ADMIN,
  );
  // The first batches' transactions wait on this lock, so the later batches are classified while
  // the earlier ones are still being written: the case the pipeline must get right.
  const blocker = new Client({ connectionString: t.database.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE event_store.streams IN EXCLUSIVE MODE');
  const held = eventually(
    async () => {
      const waiting = await t.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      expect(Number(waiting[0]!.n)).toBeGreaterThanOrEqual(2); // the first two batches
    },
    { timeoutMs: 60_000 },
  ).finally(async () => {
    await blocker.query('COMMIT');
    await blocker.end();
  });
  await t.call(
    'StartImport',
    {
      ctx: ctx(),
      importId: 'batches',
      mapping: [
        { column: 'first', target: 'firstName' },
        { column: 'last', target: 'lastName' },
        { column: 'email', target: 'email' },
        { column: 'ext', target: 'externalId' },
      ],
      options: { duplicatePolicy: 'DUPLICATE_POLICY_LINK_EXISTING' },
      csv: Buffer.from(csv()),
    },
    ADMIN,
  );
  await held;
  const status = await eventually(
    async () => {
      const s = await t.call('GetImportStatus', { ctx: ctx(), importId: 'batches' }, ADMIN);
      expect(s['state']).toBe('IMPORT_STATE_COMPLETED');
      return s;
    },
    { timeoutMs: 240_000 },
  );
  const linked = SAME_EMAIL_AS.size + 1; // + the row matching the customer registered before
  const skipped = SAME_EXTERNAL_ID_AS.size;
  expect(status).toMatchObject({
    rowsRead: ROWS,
    rowsCreated: ROWS - linked - skipped,
    rowsLinked: linked,
    rowsSkipped: skipped,
    rowsRejected: 0,
  });

  const registered = await t.query<{ n: string }>(
    `SELECT count(*) AS n FROM event_store.events WHERE tenant_id = $1 AND type = 'customers.CustomerRegistered'`,
    [TENANT],
  );
  expect(Number(registered[0]!.n)).toBe(ROWS - linked - skipped + 1);
  // No identity is held by two customers (the index is complete once the import has ended).
  const shared = await t.query<{ kind: string; holders: string }>(
    `SELECT kind, count(DISTINCT customer_id) AS holders FROM customers.identity_index
      WHERE tenant_id = $1 AND NOT deleted GROUP BY kind, value_hash HAVING count(DISTINCT customer_id) > 1`,
    [TENANT],
  );
  expect(shared).toEqual([]);
  // Each linked row recorded its channel on the earlier row's customer.
  const externalIds = await t.query<{ n: string }>(
    `SELECT count(*) AS n FROM customers.identity_index
      WHERE tenant_id = $1 AND NOT deleted AND kind = 'external_id'`,
    [TENANT],
  );
  expect(Number(externalIds[0]!.n)).toBe(ROWS - skipped);
}, 300_000);
