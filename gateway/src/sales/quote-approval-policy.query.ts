// The tenant's quote approval policy in force, for the console's settings screen (ADR 0405). No
// read model holds it: it is one small stream per tenant (`sales.QuoteApprovalPolicy-<tenantId>`,
// one public `sales.QuoteApprovalPolicyDefined` event per version, no personal data), so the
// gateway folds it from the event store through the auditor API's read-only connection, with the
// sales decider's own `evolve`: what it shows is what the next quote is routed by.
import {
  formatMinorUnits,
  quoteApprovalPolicyDecider,
  quoteApprovalPolicyStreamId,
  type QuoteApprovalPolicyDefined,
} from '@crm/sales-domain';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { type AuditTrail } from '../audit/audit-trail';
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

const DEFINED: QuoteApprovalPolicyDefined['type'] = 'sales.QuoteApprovalPolicyDefined';

/** The policy quotes created or revised now are routed by (version 0 when none was defined). */
export async function quoteApprovalPolicyOf(
  trail: AuditTrail,
  tenantId: string,
): Promise<QuoteApprovalPolicy> {
  const stream = await trail.aggregateAsOf(tenantId, quoteApprovalPolicyStreamId(tenantId), {
    globalPosition: Number.MAX_SAFE_INTEGER,
  });
  const defined = (stream?.events ?? []).filter((e) => e.type === DEFINED);
  const policy = defined.reduce(
    (state, e) =>
      quoteApprovalPolicyDecider.evolve(state, e as unknown as QuoteApprovalPolicyDefined),
    quoteApprovalPolicyDecider.initialState,
  );
  const last = defined.at(-1);
  return {
    version: policy.version,
    definedAt: last ? last.occurredAt : null,
    levels: policy.levels.map((level) => ({
      approverRole: level.approverRole as QuoteApproverRole,
      maxDiscountPercent: level.maxDiscountPercent,
      maxAmount: formatMinorUnits(level.maxAmountMinor),
    })),
  };
}
