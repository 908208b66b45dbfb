// Baseline: plain INSERTs of the very rows our store writes, into the same schema (our migration
// creates it, with the same indexes, constraints and triggers). Optimistic concurrency is the
// cheapest form there is: the UNIQUE (stream_id, stream_version) constraint rejects a writer whose
// expected version is stale. No stream table, no position allocation lock, no idempotency record,
// no hashing (hashes are precomputed): this is the floor our adapter is compared against.
import type { Pool } from 'pg';
import { migrateEventStore } from '@crm/event-sourcing';
import { benchPool, recreateDatabase } from '../harness/postgres';
import { EVENT_INSERT_COLUMNS, eventRowValues } from '../harness/workload';
import type { PlannedCommand } from '../harness/workload';
import type { AppendSide } from './append-side';

const COLUMNS = EVENT_INSERT_COLUMNS.join(', ');
const WIDTH = EVENT_INSERT_COLUMNS.length;

function insertSql(rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const params = EVENT_INSERT_COLUMNS.map((_, c) => `$${r * WIDTH + c + 1}`);
    tuples.push(`(${params.join(', ')})`);
  }
  return `INSERT INTO event_store.events (${COLUMNS}) VALUES ${tuples.join(', ')}`;
}

export class RawPgAppendSide implements AppendSide {
  readonly name = 'raw pg';
  private pool: Pool | undefined;
  private readonly statements = new Map<number, string>();

  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
  ) {}

  async open(connections: number): Promise<void> {
    const url = await recreateDatabase(this.serverUrl, this.database);
    this.pool = benchPool(url, connections);
    await migrateEventStore(this.pool);
  }

  async append(command: PlannedCommand): Promise<void> {
    const rows = command.events.length;
    let text = this.statements.get(rows);
    if (!text) {
      text = insertSql(rows);
      this.statements.set(rows, text);
    }
    // A named statement: parsed and planned once per connection, like any tuned raw client.
    await this.pool!.query({
      name: `raw-append-${rows}`,
      text,
      values: command.events.flatMap(eventRowValues),
    });
  }

  async close(): Promise<void> {
    await this.pool?.end();
    this.pool = undefined;
  }
}
