// The CSV import of P7 through the bench platform: a generated CSV uploaded to the gateway
// (POST /imports/customers, streamed to the customers service), polled with importStatus until it
// completes. Time = upload start → COMPLETED as seen by the client.
import { graphql } from '../harness/platform';
import type { Platform } from '../harness/platform';
import { sleep } from '../harness/timer';

const STATUS =
  'query($id: ID!) { importStatus(id: $id) { state rowsRead rowsCreated rowsLinked rowsSkipped rowsRejected } }';

export interface ImportTiming {
  readonly rows: number;
  readonly wallMs: number;
  readonly created: number;
}

export function customersCsv(rows: number, prefix: string): string {
  const lines = ['First,Last,Email,Region'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `Imported${i},${prefix}Row${i},${prefix.toLowerCase()}.${i}@import.bench.example,Region ${i % 20}`,
    );
  return `${lines.join('\n')}\n`;
}

export async function importCsv(
  platform: Platform,
  csv: string,
  rows: number,
): Promise<ImportTiming> {
  const token = await platform.token();
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
  form.append(
    'mapping',
    JSON.stringify([
      { column: 'First', target: 'firstName' },
      { column: 'Last', target: 'lastName' },
      { column: 'Email', target: 'email' },
      { column: 'Region', target: 'region' },
    ]),
  );
  const start = performance.now();
  const response = await fetch(`${platform.baseUrl}/imports/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 202)
    throw new Error(
      `import upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  const { importId } = (await response.json()) as { importId: string };
  for (;;) {
    const { importStatus: s } = await graphql<{
      importStatus: { state: string; rowsRead: number; rowsCreated: number; rowsRejected: number };
    }>(platform.graphqlUrl, token, STATUS, { id: importId });
    if (s.state === 'COMPLETED') {
      const wallMs = performance.now() - start;
      if (s.rowsCreated !== rows || s.rowsRejected > 0)
        throw new Error(
          `import of ${rows} rows created ${s.rowsCreated}, rejected ${s.rowsRejected}`,
        );
      return { rows, wallMs, created: s.rowsCreated };
    }
    if (s.state !== 'RUNNING') throw new Error(`import ${importId} ended in state ${s.state}`);
    await sleep(100);
  }
}
