// A shutdown while an import waits for the identity index's worker (ADR 0370): the lifecycle stops
// the worker first, then drains the imports, so an import waiting for the worker must give up its
// wait and pause at its checkpoint (resumed at the next boot), not hold the shutdown forever.
import { Role, type ServiceCaller } from '@crm/access-policy';
import { eventually } from '@crm/testing';
import { Client } from 'pg';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';

const TENANT = 'tenant-import-shutdown';
const ADMIN: Partial<ServiceCaller> = {
  tenantId: TENANT,
  actor: { kind: 'user', userId: 'admin-1' },
  roles: [Role.ADMIN],
};
const ROWS = 3_000;

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-import-shutdown');
}, 60_000);

afterAll(async () => {
  await t?.stop().catch(() => t.database.drop());
});

it('a shutdown while the import waits for the identity worker pauses the import instead of hanging', async () => {
  // The worker cannot store its checkpoint while this lock is held: it stays behind the import.
  const blocker = new Client({ connectionString: t.database.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE customers.checkpoints IN EXCLUSIVE MODE');
  const lines = ['first,last,email'];
  for (let n = 1; n <= ROWS; n++) lines.push(`First${n},Last${n},row${n}@example.com`);
  await t.call(
    'StartImport',
    {
      ctx: ctx(),
      importId: 'shutdown',
      mapping: [
        { column: 'first', target: 'firstName' },
        { column: 'last', target: 'lastName' },
        { column: 'email', target: 'email' },
      ],
      csv: Buffer.from(`${lines.join('\n')}\n`),
    },
    ADMIN,
  );
  // Every row is written; the run waits for the worker before it may say COMPLETED.
  await eventually(
    async () => {
      const events = await t.query<{ n: string }>(
        `SELECT count(*) AS n FROM event_store.events WHERE tenant_id = $1`,
        [TENANT],
      );
      expect(Number(events[0]!.n)).toBe(ROWS);
    },
    { timeoutMs: 120_000 },
  );
  const stopping = t.service.stop();
  // The worker's batch in flight ends once the lock goes; the worker then stops for good.
  setTimeout(() => void blocker.query('COMMIT').finally(() => blocker.end()), 500);
  const outcome = await Promise.race([
    stopping.then(() => 'stopped'),
    new Promise((resolve) => setTimeout(() => resolve('still stopping after 30 s'), 30_000)),
  ]);
  expect(outcome).toBe('stopped');
  const runs = await t.query<{ state: string }>(
    `SELECT state FROM customers.imports WHERE tenant_id = $1 AND import_id = 'shutdown'`,
    [TENANT],
  );
  expect(runs).toEqual([{ state: 'running' }]); // paused: resumed at the next boot
}, 240_000);
