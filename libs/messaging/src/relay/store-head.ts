// The store's head position, for the relay's lag (head − checkpoint). The EventStore port has no
// "head" query yet, so the PostgreSQL variant reads the adapter's table directly; an adapter-level
// `headPosition()` would replace this (requested from the event-sourcing owners).
import type { Queryable } from './relay-checkpoint.repository';

export interface StoreHead {
  /** The highest committed global position (0 for an empty store). */
  position(): Promise<number>;
}

export class PostgresStoreHead implements StoreHead {
  constructor(private readonly db: Queryable) {}

  async position(): Promise<number> {
    // max() over the primary key is an index lookup. It may include a transaction still
    // committing (that is lag too), which is fine for a metric.
    const { rows } = await this.db.query<{ head: string | null }>(
      'SELECT max(global_position)::text AS head FROM event_store.events',
    );
    return Number(rows[0]?.head ?? 0);
  }
}
