/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-explicit-any --
   proto-loader clients are untyped at runtime; the assertions check the response shape. */
// A large generated CSV streamed through StreamImport: staged, answered at once, every row imported
// in the background, memory bounded. Rows: CRM_IMPORT_TEST_ROWS (default 20,000; the 100,000-row
// run through the gateway's HTTP route is gateway/src/customers/customer-import-http.int.spec.ts).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type * as grpc from '@grpc/grpc-js';
import { eventually } from '@crm/testing';
import {
  ctx,
  startCustomersTestService,
  type CustomersTestService,
} from '../../test/customers-test-service';

const ROWS = Number(process.env['CRM_IMPORT_TEST_ROWS'] ?? 20_000);
const CHUNK_ROWS = 500;

// What the process holds, not garbage V8 has not collected yet (it lets the old space grow to
// hundreds of MB before a full collection when allocation is fast): each sample follows a full GC.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

jest.setTimeout(30 * 60_000);

let t: CustomersTestService;

beforeAll(async () => {
  t = await startCustomersTestService(
    'customers-import',
    Object.fromEntries(
      ['CRM_CUSTOMERS_IMPORT_CONCURRENCY', 'CRM_CUSTOMERS_PG_POOL_SIZE'].flatMap((name) =>
        process.env[name] ? [[name, process.env[name]]] : [],
      ),
    ),
  );
});

afterAll(async () => {
  await t?.stop();
});

/** Row i as CSV; every 1000th row is invalid (bad email) so the report has entries. */
function row(i: number): string {
  const email = i % 1000 === 999 ? `broken-${i}` : `person${i}@example.com`;
  return `Person${i},Family${i % 977},${email},+4930${String(1_000_000 + i)},ext-${i},${i % 2 ? 'female' : 'male'},hiking;books,${i % 3 === 0 ? 'yes' : 'no'}\n`;
}

describe('StreamImport of a large generated file', () => {
  it(`imports ${ROWS} rows while heap usage stays bounded`, async () => {
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      collectGarbage();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 1000);

    const started = Date.now();
    const metadata = await t.metadata({ tenantId: 'tenant-import' });
    const accepted = await new Promise<any>((resolve, reject) => {
      const call: grpc.ClientWritableStream<unknown> = t.client['StreamImport'](
        metadata,
        (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response)),
      );
      call.write({
        start: {
          ctx: ctx(),
          importId: 'big-import',
          fileName: 'generated.csv',
          csv: Buffer.from('First,Last,Mail,Phone,Ext,Gender,Interests,Opt-in\n'),
          mapping: [
            { column: 'First', target: 'firstName' },
            { column: 'Last', target: 'lastName' },
            { column: 'Mail', target: 'email' },
            { column: 'Phone', target: 'phone' },
            { column: 'Ext', target: 'externalId' },
            { column: 'Gender', target: 'gender' },
            { column: 'Interests', target: 'interests' },
            { column: 'Opt-in', target: 'consentEmail' },
          ],
        },
      });
      // Generated lazily and written with back-pressure: the test never holds the file either.
      let next = 0;
      const pump = (): void => {
        while (next < ROWS) {
          let chunk = '';
          for (let i = 0; i < CHUNK_ROWS && next < ROWS; i++) chunk += row(next++);
          if (!call.write({ csvChunk: Buffer.from(chunk) })) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      };
      pump();
    });
    expect(accepted.state).toBe('IMPORT_STATE_RUNNING');
    const status = await eventually(
      async () => {
        const s = await t.call(
          'GetImportStatus',
          { ctx: ctx(), importId: 'big-import' },
          { tenantId: 'tenant-import' },
        );
        return s['state'] !== 'IMPORT_STATE_RUNNING' && s;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 250 },
    );
    clearInterval(sampler);
    const seconds = (Date.now() - started) / 1000;
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.info(
      `imported ${ROWS} rows in ${seconds.toFixed(1)} s (${(ROWS / seconds).toFixed(0)} rows/s), peak heap growth ${growthMb.toFixed(1)} MB`,
    );

    const invalid = Math.floor(ROWS / 1000);
    expect(status.error).toBeNull();
    expect(status).toMatchObject({
      state: 'IMPORT_STATE_COMPLETED',
      rowsRead: ROWS,
      rowsCreated: ROWS - invalid,
      rowsRejected: invalid,
    });
    expect(status.rejected[0]).toMatchObject({
      rowNumber: 1000,
      externalId: 'ext-999',
      reasons: [{ field: 'Mail', code: 'INVALID_EMAIL' }],
    });
    // Holding the rows would cost far more than this (each row's events are several KB in memory).
    expect(growthMb).toBeLessThan(150);
  });
});
