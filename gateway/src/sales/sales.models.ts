// GraphQL types of the sales API: the lead queue, the pipeline board, opportunities, orders and
// command results; inputs mirror proto/sales.proto (the service parses and validates them: money
// formats, lengths, stages; GraphQL only fixes their types).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AcquisitionChannel } from '../customers/models/customer-enums';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum LeadSource {
  WEB_FORM = 'WEB_FORM',
  IMPORT = 'IMPORT',
  API = 'API',
  KAFKA = 'KAFKA',
}
registerEnumType(LeadSource, { name: 'LeadSource', description: 'Where a lead came from.' });

export enum LeadStatus {
  OPEN = 'open',
  QUALIFIED = 'qualified',
  DISQUALIFIED = 'disqualified',
  CONVERTED = 'converted',
  ERASED = 'erased',
}
registerEnumType(LeadStatus, { name: 'LeadStatus' });

// --- outputs -----------------------------------------------------------------------------------

@ObjectType({ description: 'What a sales command did.' })
export class SalesCommandResult {
  @Field(() => ID, { description: 'The lead, opportunity or order acted on.' })
  aggregateId!: string;
  @Field(() => Int) streamVersion!: number;
  @Field(() => Boolean, { description: 'True when nothing new was written (retry, no change).' })
  replayed!: boolean;
  @Field(() => ID, {
    nullable: true,
    description: 'What the command created: the lead, the opportunity (convertLead) or the order.',
  })
  createdId!: string | null;
  @Field(() => [String]) eventTypes!: string[];
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Pass as atLeastPosition to read your own write.' })
  position!: string;
}

@ObjectType({ description: "A lead's last score; every factor is in the sales.LeadScored event." })
export class SalesLeadScore {
  @Field(() => Float, { description: 'fitPoints + engagementPoints.' }) score!: number;
  @Field(() => Float) fitPoints!: number;
  @Field(() => Float, { description: 'Decayed with time.' }) engagementPoints!: number;
  @Field(() => Float, { description: 'Naive Bayes over won/lost history, percent.' })
  winProbability!: number;
  @Field(() => Int) modelVersion!: number;
  @Field(() => String) scoredAt!: string;
}

@ObjectType({
  description: 'A lead in the queue (its contact stays encrypted in the event store).',
})
export class SalesLead {
  @Field(() => ID) leadId!: string;
  @Field(() => String) source!: string;
  @Field(() => String, { nullable: true }) companyName!: string | null;
  @Field(() => LeadStatus) status!: LeadStatus;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) capturedAt!: string;
  @Field(() => String, { nullable: true, description: 'Why automatic assignment failed.' })
  assignmentFailure!: string | null;
  @Field(() => String, { nullable: true }) disqualifiedReason!: string | null;
  @Field(() => ID, { nullable: true }) customerId!: string | null;
  @Field(() => ID, { nullable: true }) opportunityId!: string | null;
  @Field(() => SalesLeadScore, { nullable: true, description: 'The last score (scoreLead).' })
  score!: SalesLeadScore | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The earliest live lead with the same e-mail (duplicate check on capture).',
  })
  duplicateOfLeadId!: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      "A customer of the customers context holding the lead's e-mail or phone (a known customer).",
  })
  matchedCustomerId!: string | null;
  @Field(() => String, { nullable: true, description: 'email or phone.' })
  matchedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'When its owner is to follow it up.' })
  followUpAt!: string | null;
  @Field(() => String, { nullable: true }) followUpNote!: string | null;
  @Field(() => Boolean, { description: 'The follow-up fell due and the lead is still open.' })
  followUpDue!: boolean;
}

@ObjectType()
export class SalesOpportunityLine {
  @Field(() => String, { nullable: true }) sku!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { description: 'List price per unit, decimal string.' }) unitPrice!: string;
  @Field(() => Int) discountPercent!: number;
  @Field(() => Boolean, { description: 'Billed every period rather than once.' })
  recurring!: boolean;
  @Field(() => String, { description: 'quantity × discounted unit price.' }) netAmount!: string;
}

@ObjectType()
export class SalesOpportunity {
  @Field(() => ID) opportunityId!: string;
  @Field(() => String) name!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => ID, { nullable: true }) leadId!: string | null;
  @Field(() => String) pipelineId!: string;
  @Field(() => String) stageId!: string;
  @Field(() => Int, { description: 'Win probability, percent.' }) probability!: number;
  @Field(() => Boolean, {
    description: 'The probability was set by hand, not by the stage.',
  })
  probabilityOverridden!: boolean;
  @Field(() => String) forecastCategory!: string;
  @Field(() => String, { description: 'Decimal string.' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) expectedCloseOn!: string;
  @Field(() => String, { description: 'open, won or lost.' }) status!: string;
  @Field(() => String, { nullable: true }) lostReason!: string | null;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) stageEnteredAt!: string;
  @Field(() => String) openedAt!: string;
  @Field(() => String, { nullable: true }) closedAt!: string | null;
  @Field(() => [SalesOpportunityLine], {
    description: 'Its lines (products); its amount is their net sum once set.',
  })
  lines!: SalesOpportunityLine[];
  @Field(() => String, {
    nullable: true,
    description: 'Net sum of the recurring lines (one period), decimal string.',
  })
  recurringAmount!: string | null;
}

@ObjectType()
export class SalesStageTotal {
  @Field(() => String) currency!: string;
  @Field(() => Int, { description: 'Sum of the column in minor units (cents).' })
  amountMinor!: number;
}

@ObjectType({ description: "One stage column of the board, in the pipeline's order." })
export class PipelineColumn {
  @Field(() => String) stageId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) probability!: number;
  @Field(() => String) forecastCategory!: string;
  @Field(() => Int, {
    description:
      'Open opportunities in the column you may see (all of them, not only those shown).',
  })
  count!: number;
  @Field(() => [SalesOpportunity], {
    description: 'The first of them by expected close (perStage of pipelineBoard).',
  })
  opportunities!: SalesOpportunity[];
  @Field(() => [SalesStageTotal], { description: 'Over all of them, per currency.' })
  totals!: SalesStageTotal[];
}

@ObjectType({ description: "A pipeline's open opportunities the caller may see, by stage." })
export class PipelineBoard {
  @Field(() => String) pipelineId!: string;
  @Field(() => String) name!: string;
  @Field(() => [PipelineColumn]) columns!: PipelineColumn[];
}

@ObjectType()
export class SalesOrderItem {
  @Field(() => String, { nullable: true }) sku!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String) unitPrice!: string;
}

@ObjectType()
export class SalesOrder {
  @Field(() => ID) orderId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => ID, { nullable: true }) opportunityId!: string | null;
  @Field(() => [SalesOrderItem]) items!: SalesOrderItem[];
  @Field(() => String) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'Refunded so far, decimal string.' }) refunded!: string;
  @Field(() => String) channel!: string;
  @Field(() => String, {
    description: 'placed, paid, shipped, completed, cancelled, partly_refunded or refunded.',
  })
  status!: string;
  @Field(() => String, { nullable: true }) paidAt!: string | null;
  @Field(() => String, { nullable: true }) shippedAt!: string | null;
  @Field(() => String, { nullable: true }) carrier!: string | null;
  @Field(() => String, { nullable: true }) trackingNumber!: string | null;
  @Field(() => String, { nullable: true }) completedAt!: string | null;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) placedAt!: string;
}

// --- inputs ------------------------------------------------------------------------------------

@InputType()
export class LeadContactInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType()
export class LeadFieldInput {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@InputType()
export class CaptureLeadInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true, description: 'Optional; the service chooses otherwise.' })
  leadId?: string | null;
  @Field(() => LeadSource) source!: LeadSource;
  @Field(() => LeadContactInput)
  @ValidateNested()
  @Type(() => LeadContactInput)
  contact!: LeadContactInput;
  @Field(() => String, { nullable: true }) companyName?: string | null;
  @Field(() => String, { nullable: true, description: 'Default: the caller.' })
  ownerId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Routes the lead through its team’s assignment strategy (give no ownerId).',
  })
  route!: boolean;
  @Field(() => [LeadFieldInput], {
    defaultValue: [],
    description: 'Fields the team’s rules and territories test, e.g. country.',
  })
  @ValidateNested({ each: true })
  @Type(() => LeadFieldInput)
  fields!: LeadFieldInput[];
}

@InputType()
export class AssignLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String) ownerId!: string;
  @Field(() => String, { nullable: true }) teamId?: string | null;
}

@InputType()
export class QualifyLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class DisqualifyLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String) reason!: string;
}

@InputType()
export class EraseLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType()
export class ConvertLeadInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'The customer the lead becomes. Omitted: the customer the lead is already linked to (matched on capture), else one registered in the customers context from the lead (once per lead).',
  })
  customerId?: string | null;
  @Field(() => ID, { nullable: true }) opportunityId?: string | null;
  @Field(() => String) opportunityName!: string;
  @Field(() => String, { description: 'Decimal string, e.g. "1200.00".' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) expectedCloseOn!: string;
  @Field(() => String, { nullable: true, description: 'Default: "default".' })
  pipelineId?: string | null;
}

@InputType()
export class OpenOpportunityInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) opportunityId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => String, { nullable: true }) pipelineId?: string | null;
  @Field(() => String, { nullable: true, description: "Default: the pipeline's first stage." })
  stageId?: string | null;
  @Field(() => String) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' }) expectedCloseOn!: string;
  @Field(() => String, { nullable: true }) ownerId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
}

@InputType({ isAbstract: true })
abstract class OpportunityRefInput extends IdempotentCommandInput {
  @Field(() => ID) opportunityId!: string;
}

@InputType()
export class WinOpportunityInput extends OpportunityRefInput {}

@InputType()
export class ReopenOpportunityInput extends OpportunityRefInput {}

@InputType()
export class MoveOpportunityStageInput extends OpportunityRefInput {
  @Field(() => String) stageId!: string;
}

@InputType()
export class LoseOpportunityInput extends OpportunityRefInput {
  @Field(() => String, { description: 'Mandatory.' }) reason!: string;
}

@InputType()
export class SalesOrderLineInput {
  @Field(() => String, { nullable: true }) sku?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String) unitPrice!: string;
}

@InputType()
export class PlaceOrderInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) orderId?: string | null;
  @Field(() => ID) customerId!: string;
  @Field(() => ID, { nullable: true, description: 'The won opportunity it comes from.' })
  opportunityId?: string | null;
  @Field(() => [SalesOrderLineInput])
  @ValidateNested({ each: true })
  @Type(() => SalesOrderLineInput)
  lines!: SalesOrderLineInput[];
  @Field(() => String) currency!: string;
  @Field(() => AcquisitionChannel, {
    description: "The channel of the sale (a customer's channels).",
  })
  channel!: AcquisitionChannel;
  @Field(() => String, { nullable: true }) ownerId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
}

@InputType()
export class CancelOrderInput extends IdempotentCommandInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType()
export class PayOrderInput extends IdempotentCommandInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String, { nullable: true, description: 'The payment in the payer’s system.' })
  paymentReference?: string | null;
}

@InputType()
export class ShipOrderInput extends IdempotentCommandInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String, { nullable: true }) carrier?: string | null;
  @Field(() => String, { nullable: true }) trackingNumber?: string | null;
}

@InputType()
export class CompleteOrderInput extends IdempotentCommandInput {
  @Field(() => ID) orderId!: string;
}

@InputType()
export class RefundOrderInput extends IdempotentCommandInput {
  @Field(() => ID) orderId!: string;
  @Field(() => String, { description: 'Decimal string.' }) amount!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}
