// Keeps the identity index complete: a catch-up subscription on the customers category applies
// every event and stores its checkpoint in the same transaction. The command path applies its own
// events right away; this worker repairs whatever a crash between append and index write left out,
// and rebuilds the index from position 0 when needed. The import writes nothing to the index: it
// keeps its rows' identities in memory until this worker has indexed them (`whenIndexed`).
import { CUSTOMER_CATEGORY } from '@crm/customers-domain';
import type { EventStore, Subscription } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import type { Pool, PoolClient } from 'pg';
import { IDENTITY_EVENT_TYPES, isRetriableConflict, type IdentityIndex } from './identity-index';

const CHECKPOINT = 'identity-index';

export class IdentityIndexWorker {
  private subscription: Subscription | undefined;
  private caughtUp = false;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private indexed = 0;
  private readonly waiting = new Set<{ readonly position: number; readonly resolve: () => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly index: IdentityIndex,
    private readonly logger: Logger,
  ) {}

  get isLive(): boolean {
    return this.caughtUp;
  }

  async start(): Promise<void> {
    this.stopped = false;
    const after = await this.checkpoint();
    this.advance(after);
    this.subscription = this.store.subscribeToAll(
      async (events, context) => {
        // What this process's command path applied already needs only the checkpoint (ADR 0355).
        const pending = await this.index.notAppliedHere(events);
        for (let attempt = 1; ; attempt++) {
          const client = await this.pool.connect();
          try {
            if (pending.length === 0) {
              await saveCheckpoint(client, context.checkpoint);
              break;
            }
            await client.query('BEGIN');
            await this.index.apply(pending, client);
            await saveCheckpoint(client, context.checkpoint);
            await client.query('COMMIT');
            break;
          } catch (error) {
            if (pending.length > 0) await client.query('ROLLBACK').catch(() => undefined);
            if (attempt >= 5 || !isRetriableConflict(error)) throw error;
          } finally {
            client.release();
          }
        }
        this.failures = 0;
        this.advance(context.checkpoint);
        if (context.isLive && !this.caughtUp) {
          this.caughtUp = true;
          this.logger.info({ checkpoint: context.checkpoint }, 'identity index caught up');
        }
      },
      {
        after,
        // Only the events that can change the index: the others are skipped in the database.
        filter: { categories: [CUSTOMER_CATEGORY], eventTypes: IDENTITY_EVENT_TYPES },
        notifyCheckpointOnly: true,
      },
    );
    // A failed batch (database restart, ...) resumes from the stored checkpoint after a pause.
    this.subscription.done.catch((error: unknown) => this.scheduleRestart(error));
  }

  private scheduleRestart(error: unknown): void {
    if (this.stopped) return;
    this.failures += 1;
    const delayMs = Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
    this.logger.error(
      { err: error, retryInMs: delayMs },
      'identity index worker failed; resuming from its checkpoint',
    );
    this.restartTimer = setTimeout(() => {
      this.start().catch((e: unknown) => this.scheduleRestart(e));
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Every event up to this position is in the index (the stored checkpoint, once committed). */
  get indexedUpTo(): number {
    return this.indexed;
  }

  /** Resolves once every event up to `position` is in the index. */
  whenIndexed(position: number): Promise<void> {
    if (position <= this.indexed) return Promise.resolve();
    return new Promise((resolve) => this.waiting.add({ position, resolve }));
  }

  private advance(position: number): void {
    if (position <= this.indexed) return;
    this.indexed = position;
    for (const waiter of this.waiting) {
      if (waiter.position > position) continue;
      this.waiting.delete(waiter);
      waiter.resolve();
    }
  }

  private async checkpoint(): Promise<number> {
    const result = await this.pool.query<{ position: string }>(
      `SELECT position FROM customers.checkpoints WHERE name = $1`,
      [CHECKPOINT],
    );
    return Number(result.rows[0]?.position ?? 0);
  }
}

function saveCheckpoint(client: PoolClient, position: number): Promise<unknown> {
  return client.query(
    `INSERT INTO customers.checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = GREATEST(customers.checkpoints.position, EXCLUDED.position)`,
    [CHECKPOINT, position],
  );
}
