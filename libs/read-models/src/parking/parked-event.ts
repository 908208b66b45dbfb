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
  /**
   * Only for events received from Kafka: the message as published (personal fields still
   * encrypted, as the relay publishes them), since the topic may be compacted or expired by the
   * time of a retry. An event read from the store is never copied here: a store-sourced
   * projection may read through a decrypting view, and a parked copy in clear would outlive the
   * person's erasure. A retry re-reads it from the store (decrypted then, or "[erased]").
   */
  readonly event?: EventEnvelope;
}
