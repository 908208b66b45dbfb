// Our side: the PostgreSQL adapter of @crm/event-sourcing, exactly as services use it (validation,
// hash chain, stream row with expected version, gap-free position allocation, NOTIFY).
import type { Pool } from 'pg';
import { PostgresEventStore } from '@crm/event-sourcing';
import { benchPool, recreateDatabase } from '../harness/postgres';
import { BENCH_EVENT_TYPE } from '../harness/workload';
import type { PlannedCommand } from '../harness/workload';
import type { AppendSide } from './append-side';

export const BENCH_EVENT_TYPES = [{ type: BENCH_EVENT_TYPE, schemaVersion: 1 }] as const;

export class OursAppendSide implements AppendSide {
  readonly name = 'ours';
  private store: PostgresEventStore | undefined;
  private pool: Pool | undefined;

  constructor(
    private readonly serverUrl: string,
    private readonly database: string,
  ) {}

  async open(connections: number): Promise<void> {
    const url = await recreateDatabase(this.serverUrl, this.database);
    this.pool = benchPool(url, connections);
    this.store = await PostgresEventStore.create({
      pool: this.pool,
      eventTypes: BENCH_EVENT_TYPES,
    });
  }

  async append(command: PlannedCommand): Promise<void> {
    await this.store!.append(
      command.streamId,
      command.events.map((p) => p.event),
      { expectedVersion: command.expectedVersion === 0 ? 'no_stream' : command.expectedVersion },
    );
  }

  async close(): Promise<void> {
    await this.store?.close();
    await this.pool?.end().catch(() => undefined);
    this.store = undefined;
    this.pool = undefined;
  }
}
