// Server-side bounds on the PostgreSQL sessions the platform opens (ADR 0185). A transaction left
// open holds back the gap-free global read of its database (ADR 0011) for as long as it stays
// open, so no session of ours may idle inside one: the server ends it after a minute (its
// transaction rolls back, the pool replaces the connection). Request-path pools (services,
// gateway) also cap each statement, below the gRPC deadline, so a runaway query fails with a
// clear error instead of holding a connection and the horizon. The store's own default pool,
// which CLIs and bulk exports use, keeps statements unbounded.
import type { PoolConfig } from 'pg';
import { Pool } from 'pg';

export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
export const REQUEST_STATEMENT_TIMEOUT_MS = 55_000;

/** Settings every pool of the platform gets (the store applies them to the pool it creates). */
export const POSTGRES_SESSION_BOUNDS = {
  idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
} as const satisfies PoolConfig;

/** A pool for an app's request path: the session bounds plus a statement timeout. */
export function createPostgresPool(config: PoolConfig): Pool {
  return surviveConnectionLoss(
    new Pool({
      ...POSTGRES_SESSION_BOUNDS,
      statement_timeout: REQUEST_STATEMENT_TIMEOUT_MS,
      ...config,
    }),
  );
}

const GUARDED_POOLS = new WeakMap<Pool, { onError: (error: Error) => void }>();

/**
 * A connection the server ends (the idle-in-transaction timeout above, a restart, an administrator
 * command) emits 'error' on its client, and an 'error' nobody listens to crashes Node: a timer
 * worker holding a transaction open too long took a whole service down this way. With listeners,
 * the query in flight (or the next one on that client) fails instead, and the pool drops the client
 * when it is released. `onError` may log it.
 *
 * A pool passes through several owners (created by `createPostgresPool`, handed to the store and
 * to `startGrpcService`), so this is idempotent: the listeners are attached once, and a later call
 * with an `onError` only replaces who hears about it (the service's logger, not a silent no-op).
 */
export function surviveConnectionLoss(pool: Pool, onError?: (error: Error) => void): Pool {
  const guarded = GUARDED_POOLS.get(pool);
  if (guarded) {
    if (onError) guarded.onError = onError;
    return pool;
  }
  const slot = { onError: onError ?? ((): void => undefined) };
  GUARDED_POOLS.set(pool, slot);
  const report = (error: Error): void => slot.onError(error);
  pool.on('error', report); // idle clients in the pool
  pool.on('connect', (client) => client.on('error', report)); // checked-out clients
  return pool;
}
