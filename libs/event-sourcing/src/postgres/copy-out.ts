// `COPY (SELECT one text column) TO STDOUT` through node-postgres, as raw bytes: one line per row,
// nothing decoded. node-postgres has no COPY API of its own and pg-copy-streams (the usual add-on)
// is not a dependency here, so this is the smallest piece that does it: a `Query` whose COPY data
// handler (a no-op in node-postgres) keeps each row's bytes.
//
// CSV with a quote and delimiter that JSON text never contains (control characters are always
// escaped in JSON) writes each value unchanged: text COPY would double every backslash.
import { Query, escapeLiteral, type ClientBase, type Pool } from 'pg';

const UNCHANGED_CSV = `(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;

/** Rows are copied into buffers of this size: node-postgres reuses its read buffer. */
const BLOCK_BYTES = 1 << 20;

class CopyOutQuery extends Query {
  private readonly blocks: Buffer[] = [];
  private block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  /** Not `rows`: node-postgres reads that as the portal's fetch size. */
  rowCount = 0;

  /** Called by node-postgres for each CopyData message: one row (PostgreSQL's convention). */
  handleCopyData(message: { chunk: Buffer }): void {
    const { chunk } = message;
    this.rowCount += 1;
    if (this.used + chunk.length > this.block.length) {
      this.blocks.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, chunk.length));
      this.used = 0;
    }
    // TypedArray#set: a plain memory copy, far cheaper per row than Buffer#copy's checks.
    this.block.set(chunk, this.used);
    this.used += chunk.length;
  }

  bytes(): Buffer {
    return Buffer.concat([...this.blocks, this.block.subarray(0, this.used)]);
  }
}

/**
 * The lines of `COPY (select) TO STDOUT`, for a SELECT of one text column whose values contain no
 * control characters (e.g. JSON text): each value followed by a newline, as PostgreSQL sent it.
 * On `client`, inside whatever transaction it has open (e.g. a snapshot).
 */
export function copyOutOn(
  client: ClientBase,
  select: string,
): Promise<{ bytes: Buffer; rows: number }> {
  return runCopyOut(client, `COPY (${select}) TO STDOUT WITH ${UNCHANGED_CSV}`);
}

/**
 * `COPY (select) TO STDOUT (FORMAT binary)` on `client`: PostgreSQL's binary tuples (header,
 * tuples, trailer) as one buffer, to be read with `binary-copy.ts`. Each column goes out through
 * its type's binary send function (no text rendering of numbers, uuids or timestamps).
 */
export function copyOutBinaryOn(
  client: ClientBase,
  select: string,
): Promise<{ bytes: Buffer; rows: number }> {
  return runCopyOut(client, `COPY (${select}) TO STDOUT (FORMAT binary)`);
}

function runCopyOut(client: ClientBase, copy: string): Promise<{ bytes: Buffer; rows: number }> {
  const query = new CopyOutQuery(copy);
  return new Promise((resolve, reject) => {
    query.on('end', () => resolve({ bytes: query.bytes(), rows: query.rowCount }));
    query.on('error', reject);
    void client.query(query);
  });
}

/** copyOutOn with a connection of the pool (released after, dropped if the COPY failed). */
export async function copyOut(
  pool: Pool,
  select: string,
): Promise<{ bytes: Buffer; rows: number }> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    return await copyOutOn(client, select);
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    client.release(failed);
  }
}

function literal(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string') return escapeLiteral(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(',')}]`;
  throw new TypeError(`cannot inline ${typeof value} ${String(value)} into COPY`);
}

/**
 * COPY takes no bind parameters: `$n` placeholders replaced by SQL literals (escaped by
 * node-postgres), for the numbers, strings and string arrays a filtered read binds.
 */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    return literal(values[index]);
  });
}
