// A large CSV through the HTTP upload route (issue 9, item 4): the gateway and the real customers
// service run in this process; the multipart body is generated lazily and streamed, so neither the
// test nor the gateway ever holds the file. The route answers 202 before the rows are applied, and
// the background import ends with every row accounted for. Rows: CRM_IMPORT_HTTP_ROWS, default 5,000
// to keep the suite within CI's time; CRM_IMPORT_HTTP_ROWS=100000 is the size (about 40 min
// to over an hour on the shared 2-core machine; bench P8 ran 100,000 rows through the same route and
// checked the counts, docs/benchmarks.md).
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: runs the real customers service in-process
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../../services/customers/test/customers-test-service';
import { ServiceTokenSigner } from '@crm/access-policy';
import { eventually, multipartCsvBody } from '@crm/testing';
import { type INestApplication } from '@nestjs/common';
import { type AddressInfo } from 'node:net';
import { type Server } from 'node:http';
import { TokenService } from '../auth/token.service';
import { Role } from '../authz/role';
import { createGatewayApp } from '../app/create-gateway-app';
import { GatewayGraphQLClient } from '../../test/support/graphql-client';
import { inMemoryInfrastructure, testConfig } from '../../test/support/in-memory-infrastructure';
import { CustomersGrpcClient } from './grpc/customers-grpc.client';

const ROWS = Number(process.env['CRM_IMPORT_HTTP_ROWS'] ?? 5_000);
const TENANT = 'acme-bulk';

jest.setTimeout(90 * 60_000);

let customers: CustomersTestService;
let grpcClient: CustomersGrpcClient;
let app: INestApplication;
let admin: GatewayGraphQLClient;

beforeAll(async () => {
  customers = await startCustomersTestService('gwimport', {
    CRM_CUSTOMERS_IMPORT_CONCURRENCY: process.env['CRM_CUSTOMERS_IMPORT_CONCURRENCY'] ?? '8',
  });
  const config = testConfig({
    CRM_CUSTOMERS_GRPC_URL: customers.service.grpcAddress,
    CRM_SERVICE_TOKEN_PRIVATE_KEY: customers.keys.privateKey,
    CRM_GATEWAY_MAX_UPLOAD_BYTES: String(1024 * 1024 * 1024),
  });
  grpcClient = new CustomersGrpcClient(
    config.customersGrpcUrl,
    config.grpcDeadlineMs,
    new ServiceTokenSigner(config.serviceTokenPrivateKey),
  );
  app = await createGatewayApp(config, {
    ...inMemoryInfrastructure(),
    customersClient: grpcClient,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  const token = new TokenService(config.jwtSecret, 3600, config.jwtIssuer).sign({
    userId: '0190c000-0000-7000-8000-0000000000a1',
    tenantId: TENANT,
    email: 'admin@bulk.example',
    roles: [Role.ADMIN],
    teamId: null,
  });
  admin = new GatewayGraphQLClient({ baseUrl, token });
}, 120_000);

afterAll(async () => {
  await app?.close();
  grpcClient?.close();
  await customers?.stop();
});

/** Row i; every 1000th has an invalid e-mail so the report has entries. */
function row(i: number): string {
  const email = i % 1000 === 999 ? `broken-${i}` : `bulk${i}@example.com`;
  return `Person${i},Family${i % 977},${email},bulk-${i}\n`;
}

test(`a ${ROWS}-row CSV uploaded over HTTP is answered 202 at once and imported in the background`, async () => {
  const rss = { before: process.memoryUsage().rss, peak: 0 };
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
  }, 100);
  const { body, contentType } = multipartCsvBody({
    fields: {
      mapping: JSON.stringify([
        { column: 'first', target: 'firstName' },
        { column: 'last', target: 'lastName' },
        { column: 'email', target: 'email' },
        { column: 'ext', target: 'externalId' },
      ]),
    },
    fileName: 'bulk.csv',
    header: 'first,last,email,ext',
    rows: ROWS,
    row,
  });
  const started = Date.now();
  const res = await fetch(`${admin.baseUrl}/imports/customers`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': contentType },
  });
  const accepted = (await res.json()) as { importId: string; state: string };
  const uploadSeconds = (Date.now() - started) / 1000;
  expect(res.status).toBe(202);
  expect(accepted.state).toBe('RUNNING');
  expect(res.headers.get('location')).toBe(`/imports/customers/${accepted.importId}`);

  const job = await eventually(
    async () => {
      const r = await fetch(`${admin.baseUrl}/imports/customers/${accepted.importId}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      const status = (await r.json()) as Record<string, unknown>;
      return status['state'] !== 'RUNNING' && status;
    },
    { timeoutMs: 85 * 60_000, intervalMs: 1_000, description: 'import finished' },
  );
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  console.info(
    `HTTP import of ${ROWS} rows: upload answered in ${uploadSeconds.toFixed(1)} s, done in ${seconds.toFixed(0)} s ` +
      `(${(ROWS / seconds).toFixed(0)} rows/s); process RSS ${(rss.before / 2 ** 20).toFixed(0)} → peak ${(rss.peak / 2 ** 20).toFixed(0)} MiB`,
  );
  const invalid = Math.floor(ROWS / 1000);
  expect(job).toMatchObject({
    state: 'COMPLETED',
    rowsRead: ROWS,
    rowsCreated: ROWS - invalid,
    rowsRejected: invalid,
    rowsSkipped: 0,
    error: null,
  });

  // A sample of rows, read back from the service: the right person behind each e-mail.
  const valid = (i: number): number => (i % 1000 === 999 ? i - 1 : i);
  for (const i of [0, Math.floor(ROWS / 2), ROWS - 1].map(valid)) {
    const found = await customers.call(
      'FindDuplicateCandidates',
      { ctx: ctx(), probe: { emails: [`bulk${i}@example.com`] } },
      { tenantId: TENANT },
    );
    expect(found['candidates']).toHaveLength(1);
    const exported = await customers.call(
      'ExportPersonalData',
      { ctx: ctx(), customerId: found['candidates'][0].customerId },
      { tenantId: TENANT },
    );
    expect(exported['documentJson']).toContain(`Person${i}`);
    expect(exported['documentJson']).toContain(`bulk-${i}`);
  }
});
