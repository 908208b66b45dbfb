// The CSV import of P7 and P8 through the bench platform: a generated CSV streamed to the gateway
// (POST /imports/customers, streamed on to the customers service, which stages it and answers 202),
// polled with importStatus until it completes. Time = upload start → COMPLETED as seen by the client.
import { multipartCsvBody } from '@crm/testing';
import { graphql } from '../harness/platform';
import type { Platform } from '../harness/platform';
import { sleep } from '../harness/timer';

const STATUS =
  'query($id: ID!) { importStatus(id: $id) { state rowsRead rowsCreated rowsLinked rowsSkipped rowsRejected } }';

/** Consecutive retryable status errors tolerated before the run fails. */
const MAX_UNAVAILABLE = 10;

export interface ImportTiming {
  readonly rows: number;
  readonly wallMs: number;
  /** Upload start → the 202 answer (the file is staged by then; rows are applied after). */
  readonly acceptedMs: number;
  readonly created: number;
}

function csvRow(i: number, prefix: string): string {
  return `Imported${i},${prefix}Row${i},${prefix.toLowerCase()}.${i}@import.bench.example,Region ${i % 20}\n`;
}

export async function importCsv(
  platform: Platform,
  rows: number,
  prefix: string,
): Promise<ImportTiming> {
  const token = await platform.token();
  // Mapping first, then the file, generated as fetch pulls it: the bench never holds the file, so
  // its own memory does not colour the figures.
  const { body, contentType } = multipartCsvBody({
    fields: {
      mapping: JSON.stringify([
        { column: 'First', target: 'firstName' },
        { column: 'Last', target: 'lastName' },
        { column: 'Email', target: 'email' },
        { column: 'Region', target: 'region' },
      ]),
    },
    fileName: 'customers.csv',
    header: 'First,Last,Email,Region',
    rows,
    row: (i) => csvRow(i, prefix),
  });
  const start = performance.now();
  const response = await fetch(`${platform.baseUrl}/imports/customers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
    duplex: 'half',
  });
  if (response.status !== 202)
    throw new Error(
      `import upload answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  const acceptedMs = performance.now() - start;
  const { importId } = (await response.json()) as { importId: string };
  let unavailable = 0;
  for (;;) {
    let s: { state: string; rowsRead: number; rowsCreated: number; rowsRejected: number };
    try {
      ({ importStatus: s } = await graphql<{ importStatus: typeof s }>(
        platform.graphqlUrl,
        token,
        STATUS,
        { id: importId },
      ));
      unavailable = 0;
    } catch (error) {
      // A status read the gateway answers as retryable (a busy service on a loaded machine) is
      // retried like a client would; the import itself runs on regardless.
      if (!String(error).includes('SERVICE_UNAVAILABLE') || ++unavailable > MAX_UNAVAILABLE)
        throw error;
      await sleep(1000);
      continue;
    }
    if (s.state === 'COMPLETED') {
      const wallMs = performance.now() - start;
      if (s.rowsCreated !== rows || s.rowsRejected > 0)
        throw new Error(
          `import of ${rows} rows created ${s.rowsCreated}, rejected ${s.rowsRejected}`,
        );
      return { rows, wallMs, acceptedMs, created: s.rowsCreated };
    }
    if (s.state !== 'RUNNING') throw new Error(`import ${importId} ended in state ${s.state}`);
    await sleep(100);
  }
}
