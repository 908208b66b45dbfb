// The deciders an auditor can fold, by stream category (the audit CLI and the gateway share it).
// A category missing here still gets its events listed; its state is then reported as unknown
// rather than guessed. Each context adds its aggregates here as it lands.
import type { Decider, EnvelopeToDomainEvent } from '@crm/event-sourcing';
import {
  CUSTOMER_CATEGORY,
  CUSTOM_FIELD_DEFINITIONS_CATEGORY,
  customFieldDefinitionsDecider,
  customerDecider,
} from '@crm/customers-domain';

export interface FoldableAggregate {
  readonly decider: Pick<Decider<unknown, never, unknown>, 'evolve' | 'initialState'>;
  readonly toDomainEvent: EnvelopeToDomainEvent<unknown>;
}

const asDomainEvent: EnvelopeToDomainEvent<unknown> = (e) => ({ type: e.type, data: e.data });

const AGGREGATES: Readonly<Record<string, FoldableAggregate>> = {
  [CUSTOMER_CATEGORY]: {
    decider: customerDecider,
    toDomainEvent: asDomainEvent,
  },
  [CUSTOM_FIELD_DEFINITIONS_CATEGORY]: {
    decider: customFieldDefinitionsDecider,
    toDomainEvent: asDomainEvent,
  },
};

export function foldableAggregate(streamId: string): FoldableAggregate | undefined {
  const category = streamId.slice(0, Math.max(0, streamId.indexOf('-')));
  return AGGREGATES[category];
}
