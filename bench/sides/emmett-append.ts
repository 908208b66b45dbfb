// Baseline: Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql) on the same server,
// its own database, with its own schema. Same events (type, data; our envelope extras go into
// Emmett's metadata) and the same expected-version check (`expectedStreamVersion`).
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import type { PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import type { Pool } from 'pg';
import { benchPool, recreateDatabase } from '../harness/postgres';
import type { PlannedCommand } from '../harness/workload';
import type { AppendSide } from './append-side';

export class EmmettAppendSide implements AppendSide {
  readonly name = 'emmett';
  private store: PostgresEventStore | undefined;
  private pool: Pool | undefined;

  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
  ) {}

  async open(connections: number): Promise<void> {
    const url = await recreateDatabase(this.serverUrl, this.database);
    // Emmett's default pool is pg's (10 connections); give it one per writer like the others.
    this.pool = benchPool(url, connections);
    this.store = getPostgreSQLEventStore(url, { connectionOptions: { pool: this.pool } });
    await this.store.schema.migrate();
  }

  async append(command: PlannedCommand): Promise<void> {
    await this.store!.appendToStream(
      command.streamId,
      command.events.map(({ event }) => ({
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: {
          eventId: event.eventId,
          tenantId: event.tenantId,
          occurredAt: event.occurredAt,
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
        },
      })),
      { expectedStreamVersion: BigInt(command.expectedVersion) },
    );
  }

  async close(): Promise<void> {
    await this.store?.close();
    await this.pool?.end().catch(() => undefined);
    this.store = undefined;
    this.pool = undefined;
  }
}
