// The tenant's quote approval policy in force, for the console's settings screen. The sales
// service answers it from its own policy stream (`QuoteApprovalPolicy`, ADR 0441, which replaced
// ADR 0405's read through the auditor API's store connection): what it shows is what the next
// quote is routed by.
import type * as P from '@crm/contracts/sales-grpc';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { QuoteApproverRole } from './sales-quotes-activities.models';

@ObjectType({ description: 'A level of the tenant’s quote approval policy, in approval order.' })
export class QuoteApprovalLevel {
  @Field(() => QuoteApproverRole) approverRole!: QuoteApproverRole;
  @Field(() => Int, { description: 'A line discounted by more than this needs this level.' })
  maxDiscountPercent!: number;
  @Field(() => String, { description: 'A net amount above this (decimal string) needs it.' })
  maxAmount!: string;
}

@ObjectType({ description: 'The tenant’s quote approval policy in force (ADR 0382).' })
export class QuoteApprovalPolicy {
  @Field(() => Int, { description: '0: the default policy (none defined yet).' })
  version!: number;
  @Field(() => String, { nullable: true, description: 'When this version was defined.' })
  definedAt!: string | null;
  @Field(() => [QuoteApprovalLevel]) levels!: QuoteApprovalLevel[];
}

/**
 * The policy in force as the sales service answers it (`QuoteApprovalPolicy`, ADR 0441): folded
 * by the service from its own stream, in the caller's verified identity.
 */
export function quoteApprovalPolicyFrom(
  answer: P.QuoteApprovalPolicyResult__Output,
): QuoteApprovalPolicy {
  return {
    version: answer.version,
    definedAt: answer.definedAt || null,
    levels: answer.levels.map((level) => ({
      approverRole:
        level.approverRole === 'QUOTE_APPROVER_ROLE_ADMIN'
          ? QuoteApproverRole.ADMIN
          : QuoteApproverRole.SALES_MANAGER,
      maxDiscountPercent: level.maxDiscountPercent,
      maxAmount: level.maxAmount,
    })),
  };
}
