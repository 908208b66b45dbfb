// `cli retry <id>`: applies a parked event again to the target it was parked for, with the
// projection code deployed now. Success marks it resolved (a halted partition or store reader then
// resumes by itself); failure records the new error and attempt on the same entry.
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

export class ParkedEventRetrier {
  private readonly parking: ParkedEventRepository;
  private readonly targets: ProjectionTargetRepository;

  constructor(
    private readonly connection: Connection,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly logger: Logger,
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
    const outcome = await applier.apply(target, [parked.event], () => parked.source);
    const again = outcome.parked[0];
    if (again) return { parked: again, resolved: false, error: again.error };
    await this.parking.markResolved(parked._id);
    return { parked: (await this.parking.get(parked._id)) ?? parked, resolved: true };
  }
}
