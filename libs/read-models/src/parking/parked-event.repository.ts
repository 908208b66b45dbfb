// The `projection_parked` collection: poison events per target, with their error, position and
// retry history. Parking the same event again (a redelivery, a restart) updates the entry. Events
// read from the store are parked by position only (see ParkedEvent.event): no payload, no plaintext.
import type { EventEnvelope } from '@crm/event-sourcing';
import type { Connection, mongo } from 'mongoose';
import type { ProjectionDefinition } from '../projection/projection-definition';
import type { ParkedEvent, ParkedSource, ParkedStatus } from './parked-event';

export const PARKED_COLLECTION = 'projection_parked';

export class ParkedEventRepository {
  constructor(private readonly connection: Connection) {}

  private collection(): mongo.Collection<ParkedEvent> {
    const db = this.connection.db;
    if (!db) throw new Error('MongoDB connection is not open');
    return db.collection<ParkedEvent>(PARKED_COLLECTION);
  }

  async park(
    definition: ProjectionDefinition,
    targetId: string,
    event: EventEnvelope,
    error: Error,
    source: ParkedSource,
  ): Promise<ParkedEvent> {
    const id = `${targetId}:${event.eventId}`;
    const now = new Date();
    const parked = await this.collection().findOneAndUpdate(
      { _id: id },
      {
        $setOnInsert: {
          projection: definition.name,
          version: definition.version,
          targetId,
          eventId: event.eventId,
          type: event.type,
          streamId: event.streamId,
          streamVersion: event.streamVersion,
          globalPosition: event.globalPosition,
          policy: definition.onPoison,
          firstParkedAt: now,
          ...(source.kind === 'kafka' ? { event } : {}),
        },
        $set: { status: 'parked', error: describe(error), lastAttemptAt: now, source },
        $inc: { attempts: 1 },
        // A store-read event never keeps a payload, even on an entry parked by an older version.
        $unset: { resolvedAt: '', ...(source.kind === 'store' ? { event: '' } : {}) },
      },
      { upsert: true, returnDocument: 'after' },
    );
    if (!parked) throw new Error(`Could not park event ${event.eventId}`);
    return parked;
  }

  /**
   * Removes the payload that versions before ADR 0108 stored with events parked from the store
   * (possibly decrypted personal data); a retry re-reads those events from the store.
   */
  async dropStorePayloads(projection: string): Promise<void> {
    await this.collection().updateMany(
      { projection, 'source.kind': 'store', event: { $exists: true } },
      { $unset: { event: '' } },
    );
  }

  async get(id: string): Promise<ParkedEvent | null> {
    return this.collection().findOne({ _id: id });
  }

  /** By full id, or by event id when that is unambiguous. */
  async find(idOrEventId: string): Promise<ParkedEvent[]> {
    const exact = await this.get(idOrEventId);
    if (exact) return [exact];
    return this.collection().find({ eventId: idOrEventId }).toArray();
  }

  async list(
    filter: { projection?: string; status?: ParkedStatus; targetId?: string } = {},
  ): Promise<ParkedEvent[]> {
    const query: mongo.Filter<ParkedEvent> = {
      ...(filter.projection ? { projection: filter.projection } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
    };
    return this.collection().find(query).sort({ globalPosition: 1 }).toArray();
  }

  async markResolved(id: string): Promise<void> {
    await this.collection().updateOne(
      { _id: id },
      { $set: { status: 'resolved', resolvedAt: new Date() } },
    );
  }

  async recordFailedRetry(id: string, error: Error): Promise<void> {
    await this.collection().updateOne(
      { _id: id },
      { $set: { error: describe(error), lastAttemptAt: new Date() }, $inc: { attempts: 1 } },
    );
  }
}

function describe(error: Error): string {
  return `${error.name}: ${error.message}`.slice(0, 2000);
}
