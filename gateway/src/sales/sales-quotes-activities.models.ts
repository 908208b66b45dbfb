// GraphQL types of quotes and activities; inputs mirror proto/sales.proto (the service parses and
// validates them: money formats, discounts, instants, lengths; GraphQL only fixes their types).
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { AcquisitionChannel } from '../customers/models/customer-enums';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum QuoteStatus {
  DRAFT = 'draft',
  SENT = 'sent',
  ACCEPTED = 'accepted',
  REJECTED = 'rejected',
  EXPIRED = 'expired',
}
registerEnumType(QuoteStatus, { name: 'QuoteStatus' });

/** Who approves a step of a quote's approval route (ADR 0382). */
export enum QuoteApproverRole {
  SALES_MANAGER = 'sales_manager',
  ADMIN = 'admin',
}
registerEnumType(QuoteApproverRole, { name: 'QuoteApproverRole' });

@ObjectType({ description: 'One approval a quote version needs, in order.' })
export class SalesQuoteApprovalStep {
  @Field(() => QuoteApproverRole) approverRole!: QuoteApproverRole;
  @Field(() => [String], { description: 'discount, amount' }) reasons!: string[];
}

@InputType({ description: 'A level of the tenant’s quote approval policy.' })
export class QuoteApprovalLevelInput {
  @Field(() => QuoteApproverRole) approverRole!: QuoteApproverRole;
  @Field(() => Int, {
    description: 'A line discounted by more than this (0..100) needs this level.',
  })
  maxDiscountPercent!: number;
  @Field(() => String, {
    description: 'A net amount above this (decimal string) needs this level.',
  })
  maxAmount!: string;
}

@InputType()
export class DefineQuoteApprovalPolicyInput extends IdempotentCommandInput {
  @Field(() => [QuoteApprovalLevelInput], {
    description: '1..10 levels in the order their approvers approve; each role once.',
  })
  @ValidateNested({ each: true })
  @Type(() => QuoteApprovalLevelInput)
  levels!: QuoteApprovalLevelInput[];
}

export enum ActivityKind {
  CALL = 'CALL',
  MEETING = 'MEETING',
  TASK = 'TASK',
}
registerEnumType(ActivityKind, { name: 'ActivityKind' });

export enum ActivitySubjectKind {
  LEAD = 'LEAD',
  OPPORTUNITY = 'OPPORTUNITY',
  CUSTOMER = 'CUSTOMER',
  QUOTE = 'QUOTE',
}
registerEnumType(ActivitySubjectKind, {
  name: 'ActivitySubjectKind',
  description: 'The kind of record an activity is about.',
});

export enum ActivityStatus {
  OPEN = 'open',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(ActivityStatus, { name: 'ActivityStatus' });

// --- outputs -----------------------------------------------------------------------------------

@ObjectType()
export class SalesQuoteLine {
  @Field(() => String, { nullable: true }) sku!: string | null;
  @Field(() => String) name!: string;
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { description: 'List price per unit, decimal string.' }) unitPrice!: string;
  @Field(() => Int) discountPercent!: number;
  @Field(() => String, { description: 'quantity × discounted unit price.' }) netAmount!: string;
}

@ObjectType({ description: 'A quote at its current version.' })
export class SalesQuote {
  @Field(() => ID) quoteId!: string;
  @Field(() => ID) opportunityId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => Int) version!: number;
  @Field(() => [SalesQuoteLine]) lines!: SalesQuoteLine[];
  @Field(() => String, { description: 'Net amount, decimal string.' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { description: 'ISO-8601 instant the quote expires at.' })
  validUntil!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The day (YYYY-MM-DD) it is valid through where the customer is, when given so.',
  })
  validUntilDate!: string | null;
  @Field(() => String, { nullable: true, description: "The customer's IANA time zone." })
  customerTimeZone!: string | null;
  @Field(() => [String], { description: 'Why this version needs approval: discount, amount.' })
  approvalReasons!: string[];
  @Field(() => [SalesQuoteApprovalStep], {
    description: 'The approvals this version needs under the tenant’s policy, in order.',
  })
  approvalSteps!: SalesQuoteApprovalStep[];
  @Field(() => Int, { description: 'How many of them are given.' }) approvedSteps!: number;
  @Field(() => QuoteApproverRole, { nullable: true, description: 'Whose approval is next.' })
  nextApproverRole!: QuoteApproverRole | null;
  @Field(() => Int, { nullable: true }) approvedVersion!: number | null;
  @Field(() => Boolean, { description: 'Waiting for an approver (sales manager or admin).' })
  awaitingApproval!: boolean;
  @Field(() => QuoteStatus) status!: QuoteStatus;
  @Field(() => String, { nullable: true }) rejectedReason!: string | null;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) createdAt!: string;
  @Field(() => String, { nullable: true }) decidedAt!: string | null;
}

@ObjectType()
export class SalesActivitySubject {
  @Field(() => ActivitySubjectKind) kind!: ActivitySubjectKind;
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'A call, meeting or task.' })
export class SalesActivity {
  @Field(() => ID) activityId!: string;
  @Field(() => ActivityKind) kind!: ActivityKind;
  @Field(() => String) subject!: string;
  @Field(() => SalesActivitySubject) about!: SalesActivitySubject;
  @Field(() => String) dueAt!: string;
  @Field(() => String, { nullable: true }) remindAt!: string | null;
  @Field(() => Boolean, { description: 'Open and due before now.' }) overdue!: boolean;
  @Field(() => ActivityStatus) status!: ActivityStatus;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => String, { nullable: true }) lastRemindedAt!: string | null;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) scheduledAt!: string;
}

// --- inputs ------------------------------------------------------------------------------------

@InputType()
export class SalesQuoteLineInput {
  @Field(() => String, { nullable: true }) sku?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String) category!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { description: 'List price per unit, decimal string.' }) unitPrice!: string;
  @Field(() => Int, { nullable: true, description: 'Whole percent 0..100 (default 0).' })
  discountPercent?: number | null;
}

@InputType()
export class SalesOpportunityLineInput extends SalesQuoteLineInput {
  @Field(() => Boolean, { defaultValue: false, description: 'Billed every period (subscription).' })
  recurring!: boolean;
}

@InputType()
export class SetOpportunityLinesInput extends IdempotentCommandInput {
  @Field(() => ID) opportunityId!: string;
  @Field(() => [SalesOpportunityLineInput])
  @ValidateNested({ each: true })
  @Type(() => SalesOpportunityLineInput)
  lines!: SalesOpportunityLineInput[];
}

@InputType()
export class OverrideOpportunityProbabilityInput extends IdempotentCommandInput {
  @Field(() => ID) opportunityId!: string;
  @Field(() => Int, {
    nullable: true,
    description: '0..100; null gives the deal back its stage’s default probability.',
  })
  probability?: number | null;
}

@InputType({ isAbstract: true })
abstract class QuoteValidityInput extends IdempotentCommandInput {
  @Field(() => String, {
    nullable: true,
    description:
      'ISO-8601 instant; the quote expires then. Or validUntilDate with customerTimeZone.',
  })
  validUntil?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'YYYY-MM-DD: valid through this day where the customer is; it expires at the end of that day in customerTimeZone.',
  })
  validUntilDate?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The customer’s IANA time zone, e.g. "Asia/Tokyo" (with validUntilDate).',
  })
  customerTimeZone?: string | null;
}

@InputType({ isAbstract: true })
abstract class QuoteLinesInput extends QuoteValidityInput {
  @Field(() => [SalesQuoteLineInput])
  @ValidateNested({ each: true })
  @Type(() => SalesQuoteLineInput)
  lines!: SalesQuoteLineInput[];
}

@InputType()
export class CreateQuoteInput extends QuoteValidityInput {
  @Field(() => ID, { nullable: true }) quoteId?: string | null;
  @Field(() => ID, { description: 'An open opportunity: customer, currency and owner are its.' })
  opportunityId!: string;
  @Field(() => [SalesQuoteLineInput], {
    nullable: true,
    description: 'Omitted or empty: the opportunity’s current lines.',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SalesQuoteLineInput)
  lines?: SalesQuoteLineInput[] | null;
}

@InputType()
export class ReviseQuoteInput extends QuoteLinesInput {
  @Field(() => ID) quoteId!: string;
}

@InputType()
export class ApproveQuoteInput extends IdempotentCommandInput {
  @Field(() => ID) quoteId!: string;
  @Field(() => Int, { description: 'The version you reviewed.' }) version!: number;
}

@InputType()
export class SendQuoteInput extends IdempotentCommandInput {
  @Field(() => ID) quoteId!: string;
}

@InputType()
export class AcceptQuoteInput extends IdempotentCommandInput {
  @Field(() => ID) quoteId!: string;
  @Field(() => Int, { description: 'The version the customer accepted.' }) version!: number;
  @Field(() => AcquisitionChannel, { nullable: true, description: 'Default OFFLINE_STORE.' })
  channel?: AcquisitionChannel | null;
}

@InputType()
export class RejectQuoteInput extends IdempotentCommandInput {
  @Field(() => ID) quoteId!: string;
  @Field(() => String) reason!: string;
}

@InputType()
export class ScheduleActivityInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) activityId?: string | null;
  @Field(() => ActivityKind) kind!: ActivityKind;
  @Field(() => String) subject!: string;
  @Field(() => ActivitySubjectKind) aboutKind!: ActivitySubjectKind;
  @Field(() => ID) aboutId!: string;
  @Field(() => String, { description: 'ISO-8601 instant.' }) dueAt!: string;
  @Field(() => String, { nullable: true, description: 'Follow-up reminder, not after dueAt.' })
  remindAt?: string | null;
  @Field(() => String, { nullable: true }) ownerId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
}

@InputType()
export class RescheduleActivityInput extends IdempotentCommandInput {
  @Field(() => ID) activityId!: string;
  @Field(() => String) dueAt!: string;
  @Field(() => String, { nullable: true, description: 'Absent: no reminder.' })
  remindAt?: string | null;
}

@InputType()
export class CompleteActivityInput extends IdempotentCommandInput {
  @Field(() => ID) activityId!: string;
  @Field(() => String, { nullable: true }) outcome?: string | null;
}

@InputType()
export class CancelActivityInput extends IdempotentCommandInput {
  @Field(() => ID) activityId!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

/** The sales record an internal note is about (ADR 0384). */
export enum SalesNoteSubjectKind {
  LEAD = 'lead',
  OPPORTUNITY = 'opportunity',
  QUOTE = 'quote',
  ACTIVITY = 'activity',
  ORDER = 'order',
  CONTRACT = 'contract',
}
registerEnumType(SalesNoteSubjectKind, { name: 'SalesNoteSubjectKind' });

@ObjectType({
  description:
    'An internal note for the sales team about a record (its record scope applies); never in a customer-facing document.',
})
export class SalesNote {
  @Field(() => ID) noteId!: string;
  @Field(() => SalesNoteSubjectKind) aboutKind!: SalesNoteSubjectKind;
  @Field(() => ID) aboutId!: string;
  @Field(() => String) text!: string;
  @Field(() => String) authorId!: string;
  @Field(() => String) addedAt!: string;
}

@InputType()
export class AddSalesNoteInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true }) noteId?: string | null;
  @Field(() => SalesNoteSubjectKind) aboutKind!: SalesNoteSubjectKind;
  @Field(() => ID) aboutId!: string;
  @Field(() => String, { description: '1..2,000 characters.' }) text!: string;
}

@InputType()
export class RemoveSalesNoteInput extends IdempotentCommandInput {
  @Field(() => ID) noteId!: string;
}
