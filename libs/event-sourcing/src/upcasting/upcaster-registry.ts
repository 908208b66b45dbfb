// Upcasters turn a stored payload of schema version N into version N+1. Every read path of every
// adapter runs stored envelopes through `upcast`, so deciders and projections only ever see the
// current shape; the stored row (and its integrity hash) is never rewritten.
import type { EventEnvelope } from '../envelope';
import { InvalidEventError, UpcastError } from '../errors/event-store-errors';
import type { EventTypeRegistry } from '../event-types/event-type-registry';

export interface Upcaster<From = unknown, To = unknown> {
  readonly type: string;
  /** The stored version this upcaster reads; it produces `fromSchemaVersion + 1`. */
  readonly fromSchemaVersion: number;
  upcast(data: From, envelope: EventEnvelope<string, From>): To;
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(upcasters: Iterable<Upcaster> = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const key = keyOf(upcaster.type, upcaster.fromSchemaVersion);
    if (this.upcasters.has(key)) {
      throw new InvalidEventError(
        `Two upcasters for ${upcaster.type} v${upcaster.fromSchemaVersion}`,
      );
    }
    this.upcasters.set(key, upcaster);
    return this;
  }

  /**
   * Applies upcasters from the stored version up to `targetVersion` (the type's current version
   * when a registry is given; otherwise as far as the chain goes). Unknown types pass unchanged.
   */
  upcast(envelope: EventEnvelope, eventTypes?: EventTypeRegistry): EventEnvelope {
    const target = eventTypes?.get(envelope.type)?.schemaVersion;
    let current = envelope;
    for (;;) {
      if (target !== undefined && current.schemaVersion >= target) break;
      const upcaster = this.upcasters.get(keyOf(current.type, current.schemaVersion));
      if (!upcaster) break;
      let data: unknown;
      try {
        data = upcaster.upcast(current.data, current);
      } catch (cause) {
        throw new UpcastError(
          current.type,
          current.schemaVersion,
          current.schemaVersion + 1,
          `Upcasting ${current.type} v${current.schemaVersion} (event ${current.eventId}) failed: ${String(cause)}`,
          { cause },
        );
      }
      current = { ...current, schemaVersion: current.schemaVersion + 1, data };
    }
    if (target !== undefined && current.schemaVersion !== target) {
      throw new UpcastError(
        current.type,
        envelope.schemaVersion,
        target,
        current.schemaVersion > target
          ? `Event ${envelope.eventId} has ${envelope.type} v${envelope.schemaVersion}, newer than this reader's v${target}`
          : `No upcaster for ${current.type} v${current.schemaVersion} → v${current.schemaVersion + 1} (event ${envelope.eventId})`,
      );
    }
    return current;
  }
}

function keyOf(type: string, version: number): string {
  return `${type}@${version}`;
}
