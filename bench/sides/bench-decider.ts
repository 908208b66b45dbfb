// A small aggregate for the load-time measurements: its state has a fixed size whatever the number
// of events, so load time measures reading and folding, not a growing state.
import type { Decider, DomainEvent } from '@crm/event-sourcing';

export interface ItemTally {
  readonly count: number;
  readonly amountMinor: number;
  readonly lastName: string | null;
}

export type ItemEvent = DomainEvent<string, { name?: string; amount?: { minor?: number } }>;

export const itemTallyDecider: Decider<ItemTally, never, ItemEvent> = {
  initialState: { count: 0, amountMinor: 0, lastName: null },
  decide: () => [],
  evolve: (state, event) => ({
    count: state.count + 1,
    amountMinor: state.amountMinor + (event.data.amount?.minor ?? 0),
    lastName: event.data.name ?? state.lastName,
  }),
};
