// The service-desk write side: every use case loads the ticket, builds the domain command from the
// request and the ticket as it stands (the SLA policy is matched from the configuration then), and
// decides and appends through the core's command handler (optimistic concurrency, retries,
// idempotency keys). The caller's scope is checked on the state each attempt decides on.
import {
  TenantMismatchError,
  loadAggregate,
  type Decider,
  type EventStore,
  type RuntimeDependencies,
} from '@crm/event-sourcing';
import {
  MergeIntoItselfError,
  NoSlaPolicyError,
  TicketClosedError,
  TicketNotFoundError,
  conversationOf,
  evolveTicket,
  matchSlaPolicy,
  mergeConversations,
  slaClocksAt,
  ticketDecider,
  ticketStreamId,
  type ConversationEntry,
  type ExistingTicket,
  type MilestoneClock,
  type SlaPolicy,
  type TicketCommand,
  type TicketEvent,
  type TicketPriority,
  type TicketState,
  type TicketType,
} from '@crm/service-desk-domain';
import { v5 as uuidv5 } from 'uuid';
import { isVisibleTo } from './caller-access';
import { runCommand, type CommandOutcome, type RequestMeta } from './run-command';

export type { CommandOutcome, RequestMeta };

/** What the request asks for, and how to make the domain command of it on the current state. */
interface TicketRequest {
  readonly rpc: string;
  readonly fields: object;
  readonly build: (state: TicketState, at: string) => TicketCommand;
}

export interface SlaClockView {
  readonly ticket: ExistingTicket;
  readonly asOf: string;
  readonly clocks: readonly MilestoneClock[];
}

const ID_NAMESPACE = '8b0f3c51-7d2e-4c1a-9e55-2f6a0d9c4b17';

export class ServiceDeskApplication {
  constructor(
    private readonly store: EventStore,
    private readonly runtime: RuntimeDependencies,
    private readonly policies: readonly SlaPolicy[],
    readonly reopenWindowDays: number,
    private readonly maxRetries = 3,
  ) {}

  now(): Date {
    return this.runtime.now();
  }

  randomId(): string {
    return this.runtime.newId();
  }

  /** An id for what the request creates; derived from the idempotency key so a retry decides the same command. */
  newId(meta: RequestMeta, purpose: string): string {
    return meta.idempotencyKey
      ? uuidv5(`${meta.tenantId}\0${purpose}\0${meta.idempotencyKey}`, ID_NAMESPACE)
      : this.runtime.newId();
  }

  policyFor(ticket: {
    priority: TicketPriority;
    type: TicketType;
    tags: readonly string[];
  }): SlaPolicy {
    const policy = matchSlaPolicy(this.policies, ticket);
    if (!policy) throw new NoSlaPolicyError(ticket);
    return policy;
  }

  /**
   * Runs one request against one ticket. `build` turns the request into the domain command on the
   * state the attempt decides on; a ticket out of the caller's scope reads as one that does not exist.
   */
  async execute(
    meta: RequestMeta,
    ticketId: string,
    request: TicketRequest,
    createdId?: string,
  ): Promise<CommandOutcome> {
    const at = this.runtime.now().toISOString();
    const decider: Decider<TicketState, TicketRequest, TicketEvent> = {
      initialState: ticketDecider.initialState,
      evolve: (state, event) => ticketDecider.evolve(state, event),
      decide: (req, state) => {
        const command = req.build(state, at);
        if (command.type !== 'OpenTicket' && !isVisibleTo(meta.caller, state))
          throw new TicketNotFoundError(ticketId);
        return ticketDecider.decide(command, state);
      },
    };
    return runCommand({
      store: this.store,
      runtime: this.runtime,
      maxRetries: this.maxRetries,
      decider,
      meta,
      streamId: ticketStreamId(ticketId),
      aggregateId: ticketId,
      request,
      ...(createdId !== undefined && { createdId }),
      notFound: () => new TicketNotFoundError(ticketId),
    });
  }

  /** The ticket as the caller may see it, rebuilt from the events decided up to `asOf`. */
  async ticketAsOf(meta: RequestMeta, ticketId: string, asOf: number): Promise<ExistingTicket> {
    const upTo: Pick<Decider<TicketState, never, TicketEvent>, 'evolve' | 'initialState'> = {
      initialState: ticketDecider.initialState,
      evolve: (state, event) =>
        Date.parse(event.data.at) <= asOf ? evolveTicket(state, event) : state,
    };
    let state: TicketState;
    try {
      state = (
        await loadAggregate(this.store, upTo, ticketStreamId(ticketId), { tenantId: meta.tenantId })
      ).state;
    } catch (error) {
      if (error instanceof TenantMismatchError) throw new TicketNotFoundError(ticketId);
      throw error;
    }
    if (!isVisibleTo(meta.caller, state) || state.status === 'absent')
      throw new TicketNotFoundError(ticketId);
    return state;
  }

  /**
   * Merges a duplicate into the ticket that carries on, in two idempotent steps: the survivor
   * takes the duplicate's thread, customer and tags, then the duplicate closes pointing at it. A
   * retry after a failure between them completes the merge; both tickets must be in scope.
   */
  async mergeTickets(
    meta: RequestMeta,
    duplicateId: string,
    intoTicketId: string,
  ): Promise<CommandOutcome> {
    if (duplicateId === intoTicketId) throw new MergeIntoItselfError(duplicateId);
    const duplicate = await this.ticketAsOf(meta, duplicateId, Number.MAX_SAFE_INTEGER);
    if (duplicate.mergedInto !== intoTicketId && duplicate.status === 'closed')
      throw new TicketClosedError(duplicateId);
    await this.execute(meta, intoTicketId, {
      rpc: 'MergeTickets:absorb',
      fields: { duplicateId },
      build: (_state, at) => ({
        type: 'AbsorbDuplicate',
        data: {
          ticketId: intoTicketId,
          at,
          duplicateTicketId: duplicateId,
          messageIds: duplicate.messageIds,
          ...(duplicate.customerId !== undefined && { customerId: duplicate.customerId }),
          tags: duplicate.tags,
        },
      }),
    });
    return this.execute(meta, duplicateId, {
      rpc: 'MergeTickets',
      fields: { intoTicketId },
      build: (_state, at) => ({
        type: 'MergeIntoTicket',
        data: { ticketId: duplicateId, at, intoTicketId },
      }),
    });
  }

  /** The conversation of a ticket in the caller's scope, with its merged duplicates'. */
  async conversation(
    meta: RequestMeta,
    ticketId: string,
  ): Promise<{ ticket: ExistingTicket; entries: ConversationEntry[] }> {
    const ticket = await this.ticketAsOf(meta, ticketId, Number.MAX_SAFE_INTEGER);
    const conversations = await Promise.all(
      [ticketId, ...ticket.mergedTicketIds].map(async (id) => {
        const { events } = await this.store.readStream(ticketStreamId(id), {
          tenantId: meta.tenantId,
        });
        return conversationOf(events as unknown as TicketEvent[]);
      }),
    );
    return { ticket, entries: mergeConversations(conversations) };
  }

  /** The SLA clocks of a ticket as of an instant, rebuilt from its events (time travel). */
  async slaClock(meta: RequestMeta, ticketId: string, asOf: Date): Promise<SlaClockView> {
    const ticket = await this.ticketAsOf(meta, ticketId, asOf.getTime());
    return { ticket, asOf: asOf.toISOString(), clocks: slaClocksAt(ticket.sla, asOf.getTime()) };
  }
}
