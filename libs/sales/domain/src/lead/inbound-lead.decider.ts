// A message of the inbound leads topic kept verbatim (stream `sales.InboundLead-<leadId>`, the
// lead id derived from tenant and message id): received once whatever Kafka redelivers, so the
// capture that follows it happens once per message id. The payload is text: it is parsed (and, if
// malformed, parked with the reason) by the reactor that captures it, never here.
import type { Decider, DomainEvent } from '@crm/event-sourcing';

export type ReceiveInboundLead = {
  readonly type: 'ReceiveInboundLead';
  readonly data: {
    readonly messageId: string;
    readonly leadId: string;
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
    readonly payload: string;
    readonly now: string;
  };
};

export type InboundLeadReceived = DomainEvent<
  'sales.InboundLeadReceived',
  {
    readonly messageId: string;
    readonly leadId: string;
    readonly topic: string;
    readonly partition: number;
    readonly offset: string;
    readonly payload: string;
    readonly receivedAt: string;
  }
>;

export type InboundLeadState = { readonly received: boolean };

export const inboundLeadDecider: Decider<
  InboundLeadState,
  ReceiveInboundLead,
  InboundLeadReceived
> = {
  decide(command, state) {
    if (state.received) return [];
    const { now, ...data } = command.data;
    return [{ type: 'sales.InboundLeadReceived', data: { ...data, receivedAt: now } }];
  },
  evolve: () => ({ received: true }),
  initialState: { received: false },
};
