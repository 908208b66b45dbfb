// Customer search lists newest first (registration time, id breaking ties), against the real
// MongoDB-wire server: the order, and cursors that neither skip nor repeat a customer, also when
// several customers share a registration instant and when customers register between two pages.
// Documents are written straight into the serving collection: the projection is not under test.
import { connectMongo } from '@crm/read-models';
import { createThrowawayMongoDatabase, type ThrowawayDatabase } from '@crm/testing';
import type { Connection } from 'mongoose';
import {
  CUSTOMER_360_MODEL,
  CUSTOMER_360_PROJECTION,
  CUSTOMER_SEARCH_MODEL,
} from '../customer-read-model.documents';
import { CustomerReadModelQueries } from './customer-read-model.queries';
import { InvalidSearchInputError } from './customer-search-filter';

const TENANT = 'tenant-order';
const CUSTOMERS = 'c360_order_test';

let mongoDb: ThrowawayDatabase;
let connection: Connection;
let queries: CustomerReadModelQueries;

function customer(id: string, createdAt: string, lastName: string) {
  return {
    _id: id,
    tenantId: TENANT,
    kind: 'person',
    status: 'active',
    person: { firstName: 'Test', lastName },
    search: { firstName: ['test'], lastName: [lastName.toLowerCase()] },
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

// Ids deliberately in the opposite order to registration time: sorting by id would be wrong.
const SEEDED = [
  customer('c-9', '2024-01-01T09:00:00.000Z', 'Oldest'),
  customer('c-8', '2024-02-01T09:00:00.000Z', 'Older'),
  customer('c-5', '2024-03-01T09:00:00.000Z', 'TieA'),
  customer('c-6', '2024-03-01T09:00:00.000Z', 'TieB'),
  customer('c-7', '2024-03-01T09:00:00.000Z', 'TieC'),
  customer('c-1', '2024-04-01T09:00:00.000Z', 'Newest'),
];

beforeAll(async () => {
  mongoDb = await createThrowawayMongoDatabase({ prefix: 'search-order' });
  connection = await connectMongo(mongoDb.url);
  const db = connection.db!;
  await db.collection('projection_aliases').insertOne({
    _id: CUSTOMER_360_PROJECTION as never,
    version: 1,
    targetId: 'order-test',
    collections: { [CUSTOMER_360_MODEL]: CUSTOMERS, [CUSTOMER_SEARCH_MODEL]: 'csearch_order_test' },
    switchedAt: new Date(),
  });
  await db.collection(CUSTOMERS).insertMany(SEEDED as never[]);
  queries = new CustomerReadModelQueries(connection);
});

afterAll(async () => {
  await connection?.close();
  await mongoDb?.drop();
});

async function allPages(first: number, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const result = await queries.search(
      TENANT,
      { kind: 'tenant' },
      { text: 'test' },
      {
        first,
        ...(after ? { after } : {}),
      },
    );
    ids.push(...result.items.map((i) => i.node.id));
    if (!result.hasNextPage) return ids;
    after = result.items.at(-1)!.cursor;
    if (page === 0) await between?.();
  }
  throw new Error('more than 20 pages');
}

test('lists newest first by registration time, the id breaking ties (highest first)', async () => {
  const page = await queries.search(TENANT, { kind: 'tenant' }, {}, { first: 10 });
  expect(page.items.map((i) => i.node.id)).toEqual(['c-1', 'c-7', 'c-6', 'c-5', 'c-8', 'c-9']);
});

test.each([1, 2, 4])(
  'pages of %i follow the same order, none skipped or repeated across a tie',
  async (first) => {
    expect(await allPages(first)).toEqual(['c-1', 'c-7', 'c-6', 'c-5', 'c-8', 'c-9']);
  },
);

test('a customer registered between two pages does not shift the pages already listed', async () => {
  const ids = await allPages(2, async () => {
    await connection
      .db!.collection(CUSTOMERS)
      .insertOne(customer('c-0', '2024-05-01T09:00:00.000Z', 'Latecomer') as never);
  });
  expect(ids).toEqual(['c-1', 'c-7', 'c-6', 'c-5', 'c-8', 'c-9']);
  await connection.db!.collection(CUSTOMERS).deleteOne({ _id: 'c-0' as never });
});

test('a forged cursor is a typed error, not a query', async () => {
  const forged = Buffer.from('2024-01-01T00:00:00.000Z|{"$gt":""}').toString('base64url');
  await expect(
    queries.search(TENANT, { kind: 'tenant' }, {}, { first: 2, after: forged }),
  ).rejects.toThrow(InvalidSearchInputError);
});
