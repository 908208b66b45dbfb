// P6: the customer 360 by id through the gateway (GraphQL over HTTP, autocannon, 16 connections)
// vs the same read straight from MongoDB (findOne by id on the serving collection, 16 concurrent
// loops). Both read the same customers, registered through the gateway first.
import { INTERNAL_FIELDS_PROJECTION } from '@crm/read-models';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { LatencyHistogram } from '../harness/histogram';
import type { LatencySummary } from '../harness/histogram';
import {
  PlatformUnavailableError,
  graphql,
  servingCollection,
  sharedPlatform,
} from '../harness/platform';
import type { Platform } from '../harness/platform';
import type { ReportBuilder } from '../harness/result';
import type { BenchContext, Scenario } from '../harness/scenario';
import { perSecond } from '../harness/stats';
import { nowNs, sleep } from '../harness/timer';

const CONNECTIONS = 16;
const CUSTOMERS = 200;
const QUERY = `query($id: ID!) { customer(id: $id) {
  id kind status displayName
  person { firstName lastName }
  contacts { id kind email phone primary }
  tags { kind value }
  consents { channel granted since }
  purchases { orderCount totals { amount currency } }
} }`;
const REGISTER =
  'mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }';

export const p6CustomerRead: Scenario = {
  id: 'P6',
  title: 'Customer 360 by id through the gateway (req/s, p99)',
  goal: 'gateway ≥ 0.5× the same read straight from MongoDB',
  baseline:
    'findOne by _id on the serving customer_360 collection, same concurrency, same customers',
  workDatabases: [],

  async run(ctx: BenchContext, report: ReportBuilder): Promise<void> {
    const seconds = ctx.size(report, 'measured seconds per side and run', 5, 30);
    let platform: Platform;
    try {
      platform = await sharedPlatform(ctx.connections, ctx.log, { customer360: true });
    } catch (error) {
      if (error instanceof PlatformUnavailableError) {
        report.goal(
          'gateway ≥ 0.5× direct MongoDB read (req/s)',
          null,
          '>=',
          0.5,
          '×',
          error.message,
        );
        report.notRun(`platform not available: ${error.message}`);
        return;
      }
      throw error;
    }
    report.setting('load', {
      connections: CONNECTIONS,
      customers: CUSTOMERS,
      seconds,
      warmUpSeconds: 2,
      query: QUERY.replace(/\s+/g, ' '),
      direct: 'collection.findOne({_id, tenantId}, {projection: internal fields excluded})',
    });
    const token = await platform.token();
    const connection = await mongoose
      .createConnection(platform.mongoUrl, { serverSelectionTimeoutMS: 5000 })
      .asPromise();
    try {
      const ids = await registerCustomers(platform, token, CUSTOMERS);
      const collection = await servingCollection(connection);
      for (const id of ids) {
        while (
          !(await collection.findOne(
            { _id: id as unknown as mongoose.mongo.ObjectId },
            { projection: { _id: 1 } },
          ))
        )
          await sleep(20);
      }
      // A response with GraphQL errors is still HTTP 200: check the query really answers first.
      const sample = await graphql<{ customer: { id: string } }>(
        platform.graphqlUrl,
        token,
        QUERY,
        { id: ids[0] },
      );
      if (sample.customer.id !== ids[0])
        throw new Error('the gateway answered the customer query with another customer');

      const gateway = { rates: [] as number[], latency: [] as LatencySummary[] };
      const direct = { rates: [] as number[], latency: [] as LatencySummary[] };
      for (let run = 0; run < ctx.runs; run++) {
        await viaGateway(platform, token, ids, 2); // warm-up
        const g = await viaGateway(platform, token, ids, seconds);
        gateway.rates.push(g.rate);
        gateway.latency.push(g.latency);
        await straightFromMongo(collection, platform.tenant, ids, 2);
        const d = await straightFromMongo(collection, platform.tenant, ids, seconds);
        direct.rates.push(d.rate);
        direct.latency.push(d.latency);
        ctx.log(
          `run ${run + 1}/${ctx.runs}: gateway ${g.rate.toFixed(0)} req/s (p99 ${g.latency.p99Ms} ms), direct ${d.rate.toFixed(0)} req/s (p99 ${d.latency.p99Ms} ms)`,
        );
      }
      report.measure('read', 'gateway', 'customer 360 by id', 'req/s', gateway.rates, {
        latency: gateway.latency,
      });
      report.measure('read', 'direct MongoDB', 'customer 360 by id', 'req/s', direct.rates, {
        latency: direct.latency,
      });
      const ratio = report.ratio(
        'gateway / direct MongoDB (req/s)',
        'read',
        'gateway',
        'read',
        'direct MongoDB',
      );
      report.goal('gateway ≥ 0.5× direct MongoDB read (req/s)', ratio, '>=', 0.5, '×');
      report.note(
        "Gateway latency percentiles come from autocannon's own HdrHistogram (1 ms resolution); direct ones from the harness histogram.",
      );
    } finally {
      await connection.close();
    }
  },
};

async function registerCustomers(platform: Platform, token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const data = await graphql<{ registerCustomer: { customerId: string } }>(
      platform.graphqlUrl,
      token,
      REGISTER,
      {
        input: {
          person: { firstName: 'Reader', lastName: `P6N${i}` },
          contacts: [{ email: `p6.${i}.${Date.now()}@bench.example`, primary: true }],
        },
      },
    );
    ids.push(data.registerCustomer.customerId);
  }
  return ids;
}

async function viaGateway(
  platform: Platform,
  token: string,
  ids: readonly string[],
  seconds: number,
): Promise<{ rate: number; latency: LatencySummary }> {
  let next = 0;
  const result = await autocannon({
    url: platform.graphqlUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ query: QUERY, variables: { id: ids[next++ % ids.length] } }),
        }),
      },
    ],
  });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `gateway load: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`,
    );
  }
  const l = result.latency;
  return {
    rate: perSecond(result['2xx'], result.duration * 1000),
    latency: {
      count: result['2xx'],
      p50Ms: l.p50,
      p90Ms: l.p90,
      p99Ms: l.p99,
      maxMs: l.max,
      meanMs: l.average,
    },
  };
}

async function straightFromMongo(
  collection: mongoose.mongo.Collection,
  tenantId: string,
  ids: readonly string[],
  seconds: number,
): Promise<{ rate: number; latency: LatencySummary }> {
  const histogram = new LatencyHistogram();
  const end = Date.now() + seconds * 1000;
  let next = 0;
  let count = 0;
  const start = nowNs();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const t = nowNs();
        const doc = await collection.findOne(
          { _id: ids[next++ % ids.length] as unknown as mongoose.mongo.ObjectId, tenantId },
          { projection: INTERNAL_FIELDS_PROJECTION },
        );
        if (!doc) throw new Error('a registered customer is missing from the read model');
        histogram.recordSince(t);
        count++;
      }
    }),
  );
  return { rate: perSecond(count, Number(nowNs() - start) / 1e6), latency: histogram.summary() };
}
