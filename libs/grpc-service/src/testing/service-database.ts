/* eslint-disable @typescript-eslint/no-explicit-any -- stored event payloads are JSON the specs assert on. */
// Test support: reads a context service's own PostgreSQL database the way its int specs check what
// a command wrote (the event store's rows, timers, checkpoints), one short connection per read.
import { Client } from 'pg';

/** Rows of one query on the database at `url`. */
export async function queryDatabase<Row>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query(sql, params)).rows as Row[];
  } finally {
    await pg.end();
  }
}

/** An event as the store holds it (personal fields encrypted). */
export interface StoredEvent {
  readonly type: string;
  readonly stream_id: string;
  readonly data: any;
  readonly actor: any;
}

/** The events the store at `url` holds, in global order. */
export const storedEvents = (url: string): Promise<StoredEvent[]> =>
  queryDatabase<StoredEvent>(
    url,
    'SELECT type, stream_id, data, actor FROM event_store.events ORDER BY global_position',
  );
