// Counting what a pool sends to PostgreSQL (round-trip specs, ADR 0120 and 0355): the text of every
// statement its connections send, through the real driver; nothing is faked.
import type { Pool } from 'pg';

/** Appends to `statements` the text of every statement `pool`'s connections send from now on. */
export function recordStatements(pool: Pool, statements: string[]): void {
  pool.on('connect', (client) => {
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      const [first] = args;
      statements.push(typeof first === 'string' ? first : (first as { text: string }).text);
      return send(...args);
    };
  });
}
