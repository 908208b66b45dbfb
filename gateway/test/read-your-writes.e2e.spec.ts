// Read your own writes on the running platform, through GraphQL only: a person who registers a
// customer and immediately searches with the mutation's position must find it, every time; a
// position the log has not reached is refused with STALE_READ within the gateway's bound.
// The platform must already run (`scripts/platform.sh up`, which `npm test` does for this tier).
import { randomUUID } from 'node:crypto';
import { type GatewayGraphQLClient } from './support/graphql-client';
import { loginToRunningPlatform } from './support/running-platform';

/** The gateway's bound (CRM_GATEWAY_READ_WAIT_MS), as the platform was started with it. */
const readWaitMs = Number(process.env['CRM_GATEWAY_READ_WAIT_MS'] ?? '5000');
const ROUNDS = 100;
jest.setTimeout(15 * 60_000);

const run = randomUUID().slice(0, 8);
let client: GatewayGraphQLClient;

beforeAll(async () => {
  client = await loginToRunningPlatform();
}, 60_000);

async function register(lastName: string): Promise<{ id: string; position: string }> {
  const data = await client.data<{
    registerCustomer: { customerId: string; result: { position: string } };
  }>(
    `mutation($input: RegisterCustomerInput!) {
      registerCustomer(input: $input) { customerId result { position } }
    }`,
    {
      input: {
        person: { firstName: 'Rita', lastName },
        contacts: [{ email: `${lastName.toLowerCase()}@ryw.example`, primary: true }],
        initialStatus: 'ACTIVE',
      },
    },
  );
  return { id: data.registerCustomer.customerId, position: data.registerCustomer.result.position };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

describe('read your own writes', () => {
  it(`finds a customer in search right after registering it, ${ROUNDS} times out of ${ROUNDS}`, async () => {
    const misses: string[] = [];
    const searchMs: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const lastName = `Ryw${run}x${i}`;
      const { id, position } = await register(lastName);
      expect(position).toMatch(/^[1-9]\d*$/);
      const started = Date.now();
      const r = await client.request<{ customers: { edges: { node: { id: string } }[] } }>(
        `query($text: String!, $p: String) {
          customers(filter: { text: $text }, first: 5, atLeastPosition: $p) { edges { node { id } } }
        }`,
        { text: lastName.toLowerCase(), p: position },
      );
      searchMs.push(Date.now() - started);
      const ids = r.data?.customers.edges.map((e) => e.node.id) ?? [];
      // A refusal (STALE_READ, an outage) is honest but still a miss; an answer without the
      // customer would be a wrong answer, the failure this feature exists to prevent.
      if (r.errors)
        misses.push(`#${i} @${position} refused: ${r.errors.map((e) => e.message).join('; ')}`);
      else if (!ids.includes(id)) misses.push(`#${i} @${position} WRONG: answered without ${id}`);
    }
    const sorted = [...searchMs].sort((a, b) => a - b);
    console.log(
      `read-your-writes: ${ROUNDS} searches right after registering; wait+search ms p50 ${percentile(sorted, 50)}, p99 ${percentile(sorted, 99)}, max ${sorted.at(-1)}`,
    );
    expect(misses).toEqual([]);
  });

  it('the customer 360 and its timeline, read with the position of the last write, show it', async () => {
    const { id } = await register(`Ryw${run}z`);
    const recorded = await client.data<{ recordInteraction: { position: string } }>(
      `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) { position } }`,
      { input: { customerId: id, kind: 'CALL', subject: 'Read-your-writes call' } },
    );
    const r = await client.request<{
      customer: { id: string; contacts: { email: string | null }[] };
      customerTimeline: { edges: { node: { type: string; summary: string } }[] };
    }>(
      `query($id: ID!, $p: String) {
        customer(id: $id, atLeastPosition: $p) { id contacts { email } }
        customerTimeline(id: $id, atLeastPosition: $p) { edges { node { type summary } } }
      }`,
      { id, p: recorded.recordInteraction.position },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.customer.contacts.map((c) => c.email)).toEqual([`ryw${run}z@ryw.example`]);
    expect(r.data?.customerTimeline.edges.map((e) => e.node.type)).toContain(
      'customers.InteractionRecorded',
    );
  });

  it('a position far in the future is STALE_READ within the bound', async () => {
    const future = '999999999999999';
    const started = Date.now();
    const r = await client.request(
      `query($p: String) { customers(first: 1, atLeastPosition: $p) { edges { cursor } } }`,
      { p: future },
    );
    const waited = Date.now() - started;
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'STALE_READ',
      retryable: true,
      requestedPosition: future,
      readModel: 'customer-360',
    });
    expect(Number(r.errors?.[0]?.extensions?.['reachedPosition'])).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(readWaitMs - 50);
    expect(waited).toBeLessThan(readWaitMs + 3_000);
  });
});
