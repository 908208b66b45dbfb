// A small test context for the reactor runtime: `tally` counts the public sample.NoteWritten events
// of the fictitious `sample` context. Counting is not idempotent by itself (every command adds one),
// so only the reaction's idempotency key keeps redelivery, replay and crashes at one count per note.
import { ContractRegistry, ContractValidator } from '@crm/contracts';
import { sampleContracts } from '@crm/contracts/testing';
import {
  CommandHandler,
  PostgresEventStore,
  loadAggregate,
  systemRuntime,
  type Decider,
} from '@crm/event-sourcing';
import { silentLogger } from '@crm/messaging';
import { Pool } from 'pg';
import { Reactor } from '../reactor';
import type { ReactorDefinition } from '../reactor-definition';
import { migrateReactorsSchema } from '../reactor.repository';

export const TALLY_STREAM = 'tally.Tally-notes';
export const TENANT = 'tenant-1';

type NoteCounted = { type: 'tally.NoteCounted'; data: { noteEventId: string } };
export const tallyDecider: Decider<number, { noteEventId: string }, NoteCounted> = {
  initialState: 0,
  decide: (command) => [{ type: 'tally.NoteCounted', data: { noteEventId: command.noteEventId } }],
  evolve: (count) => count + 1,
};

export interface TallyWorld {
  readonly store: PostgresEventStore;
  readonly pool: Pool;
  readonly definition: ReactorDefinition;
  reactor(definition?: ReactorDefinition): Reactor;
  count(): Promise<number>;
  writeNote(data: Record<string, unknown>): Promise<{ eventId: string; globalPosition: number }>;
  close(): Promise<void>;
}

export async function tallyWorld(url: string): Promise<TallyWorld> {
  const store = await PostgresEventStore.create({
    connectionString: url,
    eventTypes: [
      { type: 'sample.NoteWritten', schemaVersion: 1 },
      { type: 'tally.NoteCounted', schemaVersion: 1 },
    ],
    poolConfig: { max: 4 },
  });
  const pool = new Pool({ connectionString: url, max: 4 });
  await migrateReactorsSchema(pool);
  const handler = new CommandHandler({ decider: tallyDecider, store, runtime: systemRuntime });
  const definition: ReactorDefinition = {
    name: 'tally.note-counter',
    eventTypes: ['sample.NoteWritten'],
    async react(event, reaction) {
      await handler.handle(
        TALLY_STREAM,
        { noteEventId: event.eventId },
        {
          tenantId: reaction.tenantId,
          actor: reaction.actor,
          correlationId: reaction.correlationId,
          commandId: reaction.causationId,
          idempotencyKey: reaction.idempotencyKey,
        },
      );
    },
  };
  const contracts = new ContractValidator(new ContractRegistry([sampleContracts]));
  let notes = 0;
  return {
    store,
    pool,
    definition,
    reactor: (d = definition) =>
      new Reactor(d, {
        store,
        pool,
        contracts,
        clock: systemRuntime,
        logger: silentLogger,
        pollIntervalMs: 50,
      }),
    count: async () =>
      (await loadAggregate(store, tallyDecider, TALLY_STREAM, { tenantId: TENANT })).state,
    writeNote: async (data) => {
      notes += 1;
      const result = await store.append(`sample.Note-${notes}-${systemRuntime.newId()}`, [
        {
          eventId: systemRuntime.newId(),
          type: 'sample.NoteWritten',
          tenantId: TENANT,
          occurredAt: new Date().toISOString(),
          actor: { kind: 'user', userId: 'u-1', roles: [] },
          correlationId: 'corr-1',
          causationId: 'cmd-1',
          data,
        },
      ]);
      const stored = result.events[0]!;
      return { eventId: stored.eventId, globalPosition: stored.globalPosition };
    },
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}
