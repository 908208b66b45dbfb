// P2's two contenders, each run in its own child process (harness/child.ts) so that each reports
// its own peak RSS. Both read the whole global log in pages of the same size, after the same
// warm-up (the first pages, untimed: JIT, connection, plan cache), and return a checksum of what
// they read so the parent can check that both did the same work.
import { Client } from 'pg';
import { PostgresEventStore } from '@crm/event-sourcing';
// Not exported by the library: the raw scan must select exactly the columns the adapter selects.
import { EVENT_COLUMNS } from '../../libs/event-sourcing/src/postgres/event-row';
import type { EventRow } from '../../libs/event-sourcing/src/postgres/event-row';
import { elapsedMs, nowNs } from '../harness/timer';
import { BENCH_EVENT_TYPES } from './ours-append';

export interface ReadInput {
  readonly url: string;
  readonly batchSize: number;
  readonly warmUpEvents: number;
}

export interface ReadOutput {
  readonly events: number;
  readonly wallMs: number;
  /** Sum of global positions read: equal for both sides when they read the same log. */
  readonly checksum: number;
}

/** Ours: EventStore.readAll — the catch-up read every subscriber (relay, projections) starts with. */
export async function readAllOurs(input: ReadInput): Promise<ReadOutput> {
  const store = await PostgresEventStore.create({
    connectionString: input.url,
    eventTypes: BENCH_EVENT_TYPES,
    migrate: false,
    readBatchSize: input.batchSize,
    poolConfig: { max: 1 },
  });
  try {
    for await (const event of store.readAll({
      batchSize: input.batchSize,
      maxCount: input.warmUpEvents,
    }))
      void event;
    const start = nowNs();
    let events = 0;
    let checksum = 0;
    for await (const event of store.readAll({ batchSize: input.batchSize })) {
      events++;
      checksum += event.globalPosition;
    }
    return { events, wallMs: elapsedMs(start), checksum };
  } finally {
    await store.close();
  }
}

/** Baseline: keyset-paginated SELECT of the same columns, rows as pg returns them (no mapping). */
export async function scanRaw(input: ReadInput): Promise<ReadOutput> {
  const client = new Client({ connectionString: input.url });
  await client.connect();
  const query = (after: number, limit: number) =>
    client.query<EventRow>({
      name: 'raw-scan',
      text: `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      values: [after, limit],
    });
  try {
    await query(0, input.warmUpEvents);
    const start = nowNs();
    let after = 0;
    let events = 0;
    let checksum = 0;
    for (;;) {
      const { rows } = await query(after, input.batchSize);
      for (const row of rows) {
        events++;
        checksum += Number(row.global_position);
      }
      if (rows.length < input.batchSize) break;
      after = Number(rows[rows.length - 1]!.global_position);
    }
    return { events, wallMs: elapsedMs(start), checksum };
  } finally {
    await client.end();
  }
}
