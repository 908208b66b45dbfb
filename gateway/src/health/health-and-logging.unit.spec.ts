import { customerFixture } from '../../test/support/in-memory-infrastructure';
import { startTestGateway, type TestGateway, USERS } from '../../test/support/test-gateway';

let gw: TestGateway;
let ready = true;
beforeAll(async () => {
  gw = await startTestGateway();
  (gw.infra.readinessChecks as Record<string, () => Promise<void>>)['customersGrpc'] = async () => {
    if (!ready) throw new Error('connect ECONNREFUSED 127.0.0.1:50051');
  };
  for (let i = 0; i < 30; i += 1) {
    const owner = [USERS.rep.userId, USERS.manager.userId, USERS.otherRep.userId][i % 3] as string;
    gw.infra.readModels.add(
      customerFixture({
        id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        ownerUserId: owner,
      }),
    );
  }
});
afterAll(() => gw.close());

test('/health answers without authentication', async () => {
  const res = await fetch(`${gw.baseUrl}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('/ready is 503 naming the dependency that is down, without its error', async () => {
  ready = false;
  const down = await fetch(`${gw.baseUrl}/ready`);
  expect(down.status).toBe(503);
  const body = await down.text();
  expect(JSON.parse(body)).toEqual({
    status: 'not ready',
    checks: { postgres: 'up', mongo: 'up', customersGrpc: 'down' },
  });
  expect(body).not.toContain('ECONNREFUSED');
  ready = true;
  expect((await fetch(`${gw.baseUrl}/ready`)).status).toBe(200);
});

test('every response carries a correlation id; a well-formed incoming one is kept, a malformed one replaced', async () => {
  const kept = await fetch(`${gw.baseUrl}/health`, { headers: { 'x-correlation-id': 'abc-123' } });
  expect(kept.headers.get('x-correlation-id')).toBe('abc-123');
  const replaced = await fetch(`${gw.baseUrl}/health`, {
    headers: { 'x-correlation-id': 'bad id with spaces\n' },
  });
  expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
});

test('owners of a page of customers are loaded in one batch (DataLoader)', async () => {
  const spy = jest.spyOn(gw.infra.userStore, 'findByIds');
  const r = await gw
    .as('admin')
    .data<{ customers: { edges: { node: { owner: { id: string } | null } }[] } }>(
      '{ customers(first: 30) { edges { node { id owner { id displayName } } } } }',
    );
  expect(r.customers.edges).toHaveLength(30);
  expect(r.customers.edges.every((e) => e.node.owner !== null)).toBe(true);
  expect(spy).toHaveBeenCalledTimes(1);
  expect(new Set(spy.mock.calls[0]?.[1])).toEqual(
    new Set([USERS.rep.userId, USERS.manager.userId, USERS.otherRep.userId]),
  );
  spy.mockRestore();
});
