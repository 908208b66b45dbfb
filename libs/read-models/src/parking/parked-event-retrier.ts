// `cli retry <id>`: applies a parked event again to the target it was parked for, with the
// projection code deployed now. Success marks it resolved (a halted partition or store reader then
// resumes by itself); failure records the new error and attempt on the same entry. An event parked
// from the store is re-read from it, through the projection's own store view (decrypting for
// personal data: clear while the person's key exists, "[erased]" after).
import type { EventEnvelope, EventStore } from '@crm/event-sourcing';
import type { Logger } from '@crm/messaging';
import type { Connection } from 'mongoose';
import { IdempotentWriter } from '../apply/idempotent-writer';
import { ProjectionApplier } from '../apply/projection-applier';
import type { ProjectionDefinition } from '../projection/projection-definition';
import { ProjectionTargetRepository } from '../targets/projection-target.repository';
import type { ParkedEvent } from './parked-event';
import { ParkedEventRepository } from './parked-event.repository';

export interface RetryResult {
  readonly parked: ParkedEvent;
  readonly resolved: boolean;
  readonly error?: string;
}

/** The store view a projection reads (the same one its runner and rebuilds use). */
export type ProjectionStoreView = (
  definition: ProjectionDefinition,
) => EventStore | Promise<EventStore>;

export class ParkedEventRetrier {
  private readonly parking: ParkedEventRepository;
  private readonly targets: ProjectionTargetRepository;

  constructor(
    private readonly connection: Connection,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly logger: Logger,
    private readonly storeFor: ProjectionStoreView,
  ) {
    this.parking = new ParkedEventRepository(connection);
    this.targets = new ProjectionTargetRepository(connection);
  }

  async retry(idOrEventId: string): Promise<RetryResult> {
    const matches = await this.parking.find(idOrEventId);
    if (matches.length === 0)
      throw new Error(`No parked event ${JSON.stringify(idOrEventId)} (see: cli parked)`);
    if (matches.length > 1)
      throw new Error(
        `${idOrEventId} is parked for several targets; use one of: ${matches.map((m) => m._id).join(', ')}`,
      );
    const parked = matches[0]!;
    if (parked.status === 'resolved') return { parked, resolved: true };
    const definition = this.definitions.find((d) => d.name === parked.projection);
    if (!definition)
      throw new Error(`Projection ${parked.projection} is not deployed in this process`);
    if (definition.version !== parked.version) {
      throw new Error(
        `${parked._id} was parked by ${parked.projection} v${parked.version}, but v${definition.version} is deployed; rebuild instead`,
      );
    }
    const target = await this.targets.target(parked.targetId);
    if (!target)
      throw new Error(
        `Target ${parked.targetId} no longer exists (it was dropped after a rebuild)`,
      );
    const applier = new ProjectionApplier(
      definition,
      new IdempotentWriter(this.connection),
      this.parking,
      this.logger,
    );
    const event = parked.event ?? (await this.reread(definition, parked));
    const outcome = await applier.apply(target, [event], () => parked.source);
    const again = outcome.parked[0];
    if (again) return { parked: again, resolved: false, error: again.error };
    await this.parking.markResolved(parked._id);
    return { parked: (await this.parking.get(parked._id)) ?? parked, resolved: true };
  }

  private async reread(
    definition: ProjectionDefinition,
    parked: ParkedEvent,
  ): Promise<EventEnvelope> {
    const store = await this.storeFor(definition);
    const page = await store.readAllPage({
      after: parked.globalPosition - 1,
      batchSize: 1,
      filter: { eventTypes: [parked.type] },
    });
    const event = page.events.find((e) => e.eventId === parked.eventId);
    if (!event)
      throw new Error(
        `${parked._id}: event ${parked.eventId} is no longer at global position ${parked.globalPosition} of the store`,
      );
    return event;
  }
}
