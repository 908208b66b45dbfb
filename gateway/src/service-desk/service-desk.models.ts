// GraphQL types of the service-desk API: tickets of the agent queue, SLA clocks as of an instant and
// command results; inputs mirror proto/service-desk.proto (the service parses and validates them;
// GraphQL only fixes their types).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum TicketChannelInput {
  WEB_FORM = 'WEB_FORM',
  CHAT = 'CHAT',
  PHONE = 'PHONE',
  SOCIAL = 'SOCIAL',
  API = 'API',
}
registerEnumType(TicketChannelInput, {
  name: 'TicketChannelInput',
  description: 'Channels of tickets opened by API (e-mail tickets are opened by inbound mail).',
});

export enum TicketPriorityInput {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}
registerEnumType(TicketPriorityInput, { name: 'TicketPriorityInput' });

export enum TicketTypeInput {
  QUESTION = 'QUESTION',
  INCIDENT = 'INCIDENT',
  COMPLAINT = 'COMPLAINT',
}
registerEnumType(TicketTypeInput, { name: 'TicketTypeInput' });

export enum TicketSettableStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  WAITING_ON_CUSTOMER = 'WAITING_ON_CUSTOMER',
  WAITING_ON_THIRD_PARTY = 'WAITING_ON_THIRD_PARTY',
}
registerEnumType(TicketSettableStatus, {
  name: 'TicketSettableStatus',
  description: 'The statuses an agent sets by hand (the others follow from commands).',
});

@ObjectType({ description: 'Warnings and breaches of one SLA milestone seen by the queue.' })
export class TicketSlaMark {
  @Field(() => String, { description: 'firstResponse, nextResponse or resolution.' })
  milestone!: string;
  @Field(() => String, { nullable: true }) warnedAt!: string | null;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field(() => String, { nullable: true }) breachedAt!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The last escalation level run since the breach (1 for the first).',
  })
  escalationLevel!: number | null;
}

@ObjectType({ description: 'A ticket as the agent queue shows it (no personal data).' })
export class Ticket {
  @Field(() => ID) ticketId!: string;
  @Field(() => String) subject!: string;
  @Field(() => String, { description: 'email, web_form, chat, phone, social, api.' })
  channel!: string;
  @Field(() => String, {
    description:
      'new, assigned, in_progress, waiting_on_customer, waiting_on_third_party, resolved, closed.',
  })
  status!: string;
  @Field(() => String, { description: 'low, normal, high, urgent.' }) priority!: string;
  @Field(() => String, { description: 'question, incident, complaint.' }) type!: string;
  @Field(() => [String]) tags!: string[];
  @Field(() => String) openedAt!: string;
  @Field(() => String) lastActivityAt!: string;
  @Field(() => ID, { nullable: true, description: 'Null while the requester is unknown.' })
  customerId!: string | null;
  @Field(() => ID, { nullable: true, description: 'Null: in the shared queue.' })
  assigneeId!: string | null;
  @Field(() => ID, { nullable: true }) teamId!: string | null;
  @Field(() => String, { nullable: true }) slaPolicyId!: string | null;
  @Field(() => String, { nullable: true }) resolvedAt!: string | null;
  @Field(() => String, { nullable: true }) lastAgentReplyAt!: string | null;
  @Field(() => String, { nullable: true }) lastCustomerMessageAt!: string | null;
  @Field(() => [TicketSlaMark]) slaMarks!: TicketSlaMark[];
  @Field(() => String, {
    nullable: true,
    description:
      'Why routing found nobody (no_team_matched, all_at_capacity, no_agent_with_skills) until someone is assigned.',
  })
  routingFailure!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The ticket this duplicate was merged into (it is closed).',
  })
  mergedInto!: string | null;
}

@ObjectType({ description: 'A running or paused interval of an SLA clock.' })
export class SlaClockInterval {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => Boolean) running!: boolean;
  @Field(() => String, { description: 'The ticket status during the interval.' }) status!: string;
  @Field(() => String) policyId!: string;
  @Field(() => Float, { description: 'Business time used in the interval, in milliseconds.' })
  businessMs!: number;
}

@ObjectType()
export class SlaMilestoneClock {
  @Field(() => String, { description: 'firstResponse, nextResponse or resolution.' })
  milestone!: string;
  @Field(() => String, { description: 'running, paused, breached, met or missed.' })
  state!: string;
  @Field(() => String) policyId!: string;
  @Field(() => Float) targetMs!: number;
  @Field(() => Float) usedMs!: number;
  @Field(() => String, { nullable: true, description: 'Set while running.' }) dueAt!: string | null;
  @Field(() => String, { nullable: true }) breachedAt!: string | null;
  @Field(() => String, { nullable: true }) metAt!: string | null;
  @Field(() => [SlaClockInterval], {
    description: 'Why breached: the running and paused intervals since the milestone started.',
  })
  timeline!: SlaClockInterval[];
}

@ObjectType({ description: "A ticket's SLA clocks as of an instant, rebuilt from its events." })
export class SlaClock {
  @Field(() => ID) ticketId!: string;
  @Field(() => String) asOf!: string;
  @Field(() => String) status!: string;
  @Field(() => [SlaMilestoneClock]) milestones!: SlaMilestoneClock[];
}

@ObjectType({ description: 'One message of a ticket conversation.' })
export class ConversationEntry {
  @Field(() => String, { description: 'customer, reply (public) or note (internal).' })
  kind!: string;
  @Field(() => String, { nullable: true, description: 'The agent (replies and notes).' })
  authorId!: string | null;
  @Field(() => String) body!: string;
  @Field(() => String) at!: string;
  @Field(() => ID, { description: 'The ticket it was written on (merged duplicates keep theirs).' })
  ticketId!: string;
}

@ObjectType({ description: "A ticket's conversation, with its merged duplicates', in time order." })
export class TicketConversation {
  @Field(() => ID) ticketId!: string;
  @Field(() => String) status!: string;
  @Field(() => [ConversationEntry]) entries!: ConversationEntry[];
}

@ObjectType()
export class TicketCommandResult {
  @Field(() => ID, { description: 'The ticket id.' }) aggregateId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => Boolean) replayed!: boolean;
  @Field(() => ID, { nullable: true, description: 'openTicket: the new ticket id.' })
  createdId!: string | null;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Pass as atLeastPosition to read your own write.' })
  position!: string;
}

@InputType()
export class OpenTicketInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true, description: 'Empty: the service chooses one.' })
  ticketId?: string | null;
  @Field(() => TicketChannelInput) channel!: TicketChannelInput;
  @Field(() => String) subject!: string;
  @Field(() => String) body!: string;
  @Field(() => String, { nullable: true, description: 'Where public replies are mailed.' })
  requesterEmail?: string | null;
  @Field(() => ID, { nullable: true }) customerId?: string | null;
  @Field(() => TicketPriorityInput, { defaultValue: TicketPriorityInput.NORMAL })
  priority!: TicketPriorityInput;
  @Field(() => TicketTypeInput, { defaultValue: TicketTypeInput.QUESTION })
  type!: TicketTypeInput;
  @Field(() => [String], { defaultValue: [] }) tags!: string[];
  @Field(() => String, {
    nullable: true,
    description:
      "The caller's number (+…): without customerId, links the ticket to the customer holding it.",
  })
  requesterPhone?: string | null;
}

@InputType({ isAbstract: true })
abstract class OnTicketInput extends IdempotentCommandInput {
  @Field(() => ID) ticketId!: string;
}

@InputType()
export class AssignTicketInput extends OnTicketInput {
  @Field(() => ID) agentId!: string;
  @Field(() => ID, { nullable: true }) teamId?: string | null;
}

@InputType()
export class SetTicketStatusInput extends OnTicketInput {
  @Field(() => TicketSettableStatus) status!: TicketSettableStatus;
}

@InputType({ description: 'A reply, internal note or logged customer message.' })
export class TicketMessageInput extends OnTicketInput {
  @Field(() => String) body!: string;
}

@InputType()
export class ChangeTicketPriorityInput extends OnTicketInput {
  @Field(() => TicketPriorityInput) priority!: TicketPriorityInput;
}

@InputType()
export class ClassifyTicketInput extends OnTicketInput {
  @Field(() => TicketTypeInput) type!: TicketTypeInput;
  @Field(() => [String], { defaultValue: [] }) tags!: string[];
}

@InputType()
export class RecordComplaintAnalysisInput extends OnTicketInput {
  @Field(() => String) rootCause!: string;
  @Field(() => String) remedy!: string;
}

@InputType()
export class ResolveTicketInput extends OnTicketInput {
  @Field(() => String) resolution!: string;
}

@InputType()
export class TicketOnlyInput extends OnTicketInput {}

@InputType()
export class MergeTicketsInput extends OnTicketInput {
  @Field(() => ID, { description: 'The ticket that carries on; `ticketId` is the duplicate.' })
  intoTicketId!: string;
}

@InputType()
export class LinkTicketCustomerInput extends OnTicketInput {
  @Field(() => ID) customerId!: string;
}
