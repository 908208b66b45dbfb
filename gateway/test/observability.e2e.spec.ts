// Traces and metrics of the running platform (docs/operations/tracing.md, metrics.md), read the
// way an operator reads them: one registration through GraphQL yields one trace, under the trace id
// of its correlation id, with spans from the gateway, the customers service, the relay and the
// projection workers joined parent to child; and every app's /metrics shows its series moving.
// The platform must run with CRM_TRACES_EXPORTER=file (scripts/platform.sh's default).
import { join } from 'node:path';
import { spanIdForEvent, traceIdForCorrelation } from '@crm/observability';
import {
  metricValue,
  readSpans,
  scrapeMetrics,
  type ExportedSpan,
} from '@crm/observability/testing';
import { eventually } from '@crm/testing';
import { v7 as uuidv7 } from 'uuid';
import { GatewayGraphQLClient } from './support/graphql-client';
import { gatewayUrl, loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(120_000);

const traceFile =
  process.env['CRM_TRACES_FILE'] ?? join(__dirname, '..', '..', '.data/traces/traces.otlp.jsonl');
const port = (name: string, fallback: string): string => process.env[name] ?? fallback;
const METRICS = {
  gateway: `http://127.0.0.1:${port('CRM_GATEWAY_METRICS_PORT', '9464')}/metrics`,
  customers: `http://127.0.0.1:${port('CRM_CUSTOMERS_HEALTH_PORT', '9451')}/metrics`,
  relay: `http://127.0.0.1:${port('CRM_RELAY_HEALTH_PORT', '9101')}/metrics`,
  projections: `http://127.0.0.1:${port('CRM_PROJECTIONS_HEALTH_PORT', '9102')}/metrics`,
} as const;
type App = keyof typeof METRICS;

let admin: GatewayGraphQLClient;

beforeAll(async () => {
  admin = await loginToRunningPlatform();
}, 60_000);

async function registerAs(correlationId: string, lastName: string): Promise<string> {
  const client = new GatewayGraphQLClient({
    baseUrl: gatewayUrl,
    token: admin.token,
    correlationId,
  });
  const data = await client.data<{ registerCustomer: { customerId: string } }>(
    `mutation Register($input: RegisterCustomerInput!) {
      registerCustomer(input: $input) { customerId }
    }`,
    {
      input: {
        person: { firstName: 'Trace', lastName },
        contacts: [{ email: `${lastName.toLowerCase()}@traces.example`, primary: true }],
      },
    },
  );
  return data.registerCustomer.customerId;
}

async function scrapeAll(): Promise<Record<App, string>> {
  const entries = await Promise.all(
    (Object.keys(METRICS) as App[]).map(async (app) => [app, await scrapeMetrics(METRICS[app])]),
  );
  return Object.fromEntries(entries) as Record<App, string>;
}

describe('one trace per request', () => {
  it('joins gateway, customers, relay and projections spans of a registration under one trace id', async () => {
    const correlationId = uuidv7();
    const traceId = traceIdForCorrelation(correlationId);
    await registerAs(correlationId, `Trace${correlationId.slice(-8)}`);

    const needed = (spans: ExportedSpan[]): boolean =>
      ['gateway', 'customers', 'relay', 'projections'].every((service) =>
        spans.some((s) => s.service === service),
      ) && spans.some((s) => s.name === 'project customer-360 customers.CustomerRegistered');
    const spans = await eventually(
      () => {
        const inTrace = readSpans(traceFile).filter((s) => s.traceId === traceId);
        if (!needed(inTrace))
          throw new Error(
            `spans of ${traceId} in ${traceFile} so far: ${inTrace.map((s) => `${s.service}:${s.name}`).join(', ') || 'none'}`,
          );
        return inTrace;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const one = (service: string, name: string): ExportedSpan => {
      const found = spans.filter((s) => s.service === service && s.name === name);
      expect(found.map((s) => `${s.service}:${s.name}`)).toEqual([`${service}:${name}`]);
      return found[0]!;
    };

    const operation = one('gateway', 'graphql mutation registerCustomer');
    const client = one('gateway', 'CustomersService/RegisterCustomer');
    const server = one('customers', 'CustomersService/RegisterCustomer');
    const append = one('customers', 'append customers.Customer');
    const registered = one('customers', 'event customers.CustomerRegistered');
    const published = one('relay', 'publish customers.CustomerRegistered');
    const projected360 = one('projections', 'project customer-360 customers.CustomerRegistered');

    expect(client.parentSpanId).toBe(operation.spanId);
    expect(server.parentSpanId).toBe(client.spanId);
    expect(append.parentSpanId).toBe(server.spanId);
    expect(registered.parentSpanId).toBe(append.spanId);
    expect(registered.spanId).toBe(spanIdForEvent(String(registered.attributes['crm.event_id'])));
    expect(published.parentSpanId).toBe(registered.spanId);
    expect(projected360.parentSpanId).toBe(registered.spanId);
    expect(operation.attributes['crm.correlation_id']).toBe(correlationId);
  });
});

describe('GET /metrics on every app', () => {
  it('shows request, append, relay and projection series moving after a registration', async () => {
    const before = await scrapeAll();
    await registerAs(uuidv7(), `Metrics${Date.now()}`);
    const moved = (
      now: Record<App, string>,
      app: App,
      name: string,
      labels: Record<string, string> = {},
    ): number => metricValue(now[app], name, labels) - metricValue(before[app], name, labels);

    const after = await eventually(
      async () => {
        const now = await scrapeAll();
        if (
          moved(now, 'projections', 'crm_projection_applied_events_total', {
            projection: 'customer-360',
          }) < 2
        )
          throw new Error('customer-360 has not applied the registration yet');
        if (moved(now, 'relay', 'crm_relay_published_events_total') < 2)
          throw new Error('the relay has not published the registration yet');
        return now;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const mutation = { operation: 'registerCustomer', type: 'mutation' };
    expect(
      moved(after, 'gateway', 'crm_graphql_operations_total', { ...mutation, outcome: 'ok' }),
    ).toBe(1);
    expect(moved(after, 'gateway', 'crm_graphql_operation_duration_seconds_count', mutation)).toBe(
      1,
    );
    expect(
      moved(after, 'customers', 'crm_rpc_requests_total', {
        method: 'RegisterCustomer',
        code: 'OK',
      }),
    ).toBe(1);
    expect(moved(after, 'customers', 'crm_event_store_appends_total', { outcome: 'ok' })).toBe(1);
    expect(moved(after, 'relay', 'crm_relay_batch_duration_seconds_count')).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      moved(after, 'projections', 'crm_projection_event_age_seconds_count', {
        projection: 'customer-360',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(after.relay).toMatch(/^crm_relay_lag_events\{relay="[^"]+"\} \d+$/m);
    expect(after.projections).toMatch(
      /^crm_projection_lag_events\{projection="customer-360",source="store"\} \d+$/m,
    );
    expect(after.customers).toMatch(/^crm_reactor_lag_events\{reactor="[^"]+"\} \d+$/m);
  });
});
