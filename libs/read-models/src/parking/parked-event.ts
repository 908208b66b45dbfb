// An event a projection could not apply, set aside with the error and its position so an operator
// can see it (`cli parked`) and apply it again once the cause is fixed (`cli retry <id>`).
import type { EventEnvelope } from '@crm/event-sourcing';
import type { PoisonPolicy } from '../projection/projection-definition';

export type ParkedSource =
  | { readonly kind: 'store' }
  | {
      readonly kind: 'kafka';
      readonly topic: string;
      readonly partition: number;
      readonly offset: number;
    };

export type ParkedStatus = 'parked' | 'resolved';

export interface ParkedEvent {
  /** `<targetId>:<eventId>` */
  readonly _id: string;
  readonly projection: string;
  readonly version: number;
  readonly targetId: string;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly policy: PoisonPolicy;
  readonly source: ParkedSource;
  readonly status: ParkedStatus;
  readonly error: string;
  readonly attempts: number;
  readonly firstParkedAt: Date;
  readonly lastAttemptAt: Date;
  readonly resolvedAt?: Date;
  /** The event as received, so a retry needs neither Kafka nor the store. */
  readonly event: EventEnvelope;
}
