// Read your own writes through the real GraphQL stack (guard, pipes, resolvers, error formatting):
// mutations answer with a position; queries given `atLeastPosition` wait for their read models'
// applied positions (in-memory here, through the real AppliedPositionWatcher), then answer or fail
// with STALE_READ within the configured bound. The real checkpoints are covered by
// libs/read-models (int) and gateway/test/read-your-writes.e2e.spec.ts.
import { CUSTOMER_360_PROJECTION, CUSTOMER_TIMELINE_PROJECTION } from '@crm/customers-read-models';
import { customerFixture } from '../../test/support/in-memory-infrastructure';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';

const CUSTOMER = '0190a000-0000-7000-8000-00000000d001';
const WAIT_MS = 300;
const CUSTOMER_AT =
  'query($p: String) { customer(id: "' + CUSTOMER + '", atLeastPosition: $p) { id } }';
const SEARCH_AT =
  'query($p: String) { customers(first: 5, atLeastPosition: $p) { edges { node { id } } } }';
const TIMELINE_AT =
  'query($p: String) { customerTimeline(id: "' +
  CUSTOMER +
  '", atLeastPosition: $p) { edges { cursor } } }';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ CRM_GATEWAY_READ_WAIT_MS: String(WAIT_MS) });
  gw.infra.readModels.add(customerFixture({ id: CUSTOMER }));
});
afterAll(() => gw.close());

const applied = (projection: string, position: number): void => {
  gw.infra.readPositions.applied.set(projection, position);
};

describe('mutations carry the position of their events', () => {
  test('result.position is the service’s global position, as a string', async () => {
    const r = await gw.as('admin').request<{
      registerCustomer: { result: { position: string } };
    }>(
      `mutation {
        registerCustomer(input: { person: { firstName: "Ada", lastName: "L" } }) { result { position } }
      }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.registerCustomer.result.position).toBe(
      String(gw.infra.customersClient.position),
    );
  });
});

describe('queries with atLeastPosition', () => {
  beforeEach(() => {
    applied(CUSTOMER_360_PROJECTION, 40);
    applied(CUSTOMER_TIMELINE_PROJECTION, 40);
  });

  test('answer at once when the read model has applied the position', async () => {
    for (const query of [CUSTOMER_AT, SEARCH_AT, TIMELINE_AT]) {
      const r = await gw.as('admin').request(query, { p: '40' });
      expect(r.errors).toBeUndefined();
      expect(r.data).toBeTruthy();
    }
  });

  test('wait for the read model to catch up, then answer', async () => {
    const started = Date.now();
    setTimeout(() => applied(CUSTOMER_360_PROJECTION, 45), 100);
    const r = await gw.as('admin').request(CUSTOMER_AT, { p: '42' }); // 42 itself is a gap
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ customer: { id: CUSTOMER } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  test('fail with STALE_READ after the bound, naming the read model and the position reached', async () => {
    const started = Date.now();
    const r = await gw.as('admin').request(SEARCH_AT, { p: '1000000' });
    const waited = Date.now() - started;
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_READ',
      retryable: true,
      requestedPosition: '1000000',
      reachedPosition: '40',
      readModel: CUSTOMER_360_PROJECTION,
    });
    expect(r.errors?.[0]?.message).toMatch(/position 1000000/);
    expect(waited).toBeGreaterThanOrEqual(WAIT_MS - 10);
    expect(waited).toBeLessThan(WAIT_MS + 2_000);
  });

  test('the timeline waits for both read models it reads', async () => {
    applied(CUSTOMER_360_PROJECTION, 50);
    const r = await gw.as('admin').request(TIMELINE_AT, { p: '45' });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_READ',
      readModel: CUSTOMER_TIMELINE_PROJECTION,
      reachedPosition: '40',
    });
  });

  test.each(['abc', '-1', '01', '1e3', '1.5', ' 7', '1234567890123456', ''])(
    '%j is BAD_USER_INPUT on atLeastPosition, for every query',
    async (bad) => {
      for (const query of [CUSTOMER_AT, SEARCH_AT, TIMELINE_AT]) {
        const r = await gw.as('admin').request(query, { p: bad });
        expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(r.errors?.[0]?.extensions?.fieldErrors).toEqual([
          expect.objectContaining({ field: 'atLeastPosition', code: 'INVALID_FORMAT' }),
        ]);
      }
    },
  );

  test('without atLeastPosition (or with 0) nothing waits, even with a bound of 0', async () => {
    const other = await startTestGateway({ CRM_GATEWAY_READ_WAIT_MS: '0' });
    try {
      other.infra.readModels.add(customerFixture({ id: CUSTOMER }));
      for (const query of [CUSTOMER_AT, SEARCH_AT, TIMELINE_AT]) {
        for (const p of [null, '0']) {
          const r = await other.as('admin').request(query, { p });
          expect(r.errors).toBeUndefined();
        }
      }
      // …while a position not yet applied is STALE_READ at once.
      const r = await other.as('admin').request(CUSTOMER_AT, { p: '1' });
      expect(r.errors?.[0]?.extensions?.code).toBe('STALE_READ');
    } finally {
      await other.close();
    }
  });
});
