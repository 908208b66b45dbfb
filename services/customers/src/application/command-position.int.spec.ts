// Read your own writes, write side: every CommandResult carries the global position a read model
// must have applied to reflect the command, checked against the positions stored in PostgreSQL.
import { Client } from 'pg';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';

jest.setTimeout(60_000);

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService('customers-position');
});

afterAll(async () => {
  await t?.stop();
});

/** The highest global position stored for a customer's stream. */
async function lastPosition(customerId: string): Promise<string> {
  const pg = new Client({ connectionString: t.database.url });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ position: string }>(
      'SELECT max(global_position)::text AS position FROM event_store.events WHERE stream_id = $1',
      [`customers.Customer-${customerId}`],
    );
    return rows[0]!.position;
  } finally {
    await pg.end();
  }
}

/** The CommandResult message as proto-loader delivers it (the assertions check its shape). */
interface CommandResultJson {
  readonly aggregateId: string;
  readonly globalPosition: string;
  readonly replayed: boolean;
  readonly eventTypes: readonly string[];
}

async function register(firstName: string, idempotencyKey = ''): Promise<CommandResultJson> {
  const response = await t.call('RegisterCustomer', {
    ctx: ctx({ idempotencyKey }),
    person: { firstName, lastName: 'Position' },
    contacts: [{ email: `${firstName.toLowerCase().replace(/[^a-z]/g, '')}@position.example` }],
  });
  return response['result'] as CommandResultJson;
}

describe('CommandResult.globalPosition', () => {
  it('is the position of the last event the command appended, and the same when replayed', async () => {
    const request = { firstName: 'Replay', key: 'position-replay-1' };
    const first = await register(request.firstName, request.key);
    expect(first.eventTypes).toHaveLength(2);
    expect(first.globalPosition).toMatch(/^[1-9]\d*$/);
    expect(first.globalPosition).toBe(await lastPosition(first.aggregateId));

    await register('Someone Else'); // moves the log's head
    const again = await register(request.firstName, request.key);
    expect(again).toMatchObject({ replayed: true, globalPosition: first.globalPosition });
  });

  it('for a command that appended nothing, is the position of the state it was decided on', async () => {
    const customer = await register('Noop');
    const id = customer.aggregateId;
    const tag = { ctx: ctx(), customerId: id, tags: [{ kind: 'TAG_KIND_LABEL', value: 'vip' }] };
    const tagged = (await t.call('TagCustomer', tag)) as CommandResultJson;
    expect(tagged.eventTypes).toEqual(['customers.CustomerTagged']);
    await register('Later'); // the log's head moves past the customer's last event

    const unchanged = (await t.call('TagCustomer', tag)) as CommandResultJson;
    expect(unchanged).toMatchObject({ replayed: true, eventTypes: [] });
    expect(unchanged.globalPosition).toBe(tagged.globalPosition);
    expect(unchanged.globalPosition).toBe(await lastPosition(id));
  });

  it('for a merge, covers both the closed and the surviving stream', async () => {
    const survivor = (await register('Survivor')).aggregateId;
    const merged = (await register('Merged')).aggregateId;
    const result = await t.call('MergeCustomers', {
      ctx: ctx(),
      survivorCustomerId: survivor,
      mergedCustomerId: merged,
    });
    const both = [await lastPosition(survivor), await lastPosition(merged)].map(Number);
    expect(Number((result as CommandResultJson).globalPosition)).toBe(Math.max(...both));
  });
});
