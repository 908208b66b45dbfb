// Contracts (started from an accepted quote, renewed, terminated; their renewal opportunity is
// opened by the service's timer), quotas per owner and period, and sales teams (roster and
// assignment strategy that route the leads captured from the inbound Kafka topic). Writes go to services/sales,
// which checks roles and record scope again; reads come from the sales-contracts read model.
import { SALES_RPC_ROLES } from '@crm/access-policy';
import { SALES_CONTRACTS_PROJECTION, type ContractDocument } from '@crm/sales-read-models';
import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { SALES_READERS, SalesResolverBase, atLeastPosition, orEmpty } from './sales-resolver.base';
import { SalesCommandResult } from './sales.models';

export enum ContractStatus {
  ACTIVE = 'active',
  EXPIRED = 'expired',
  TERMINATED = 'terminated',
}
registerEnumType(ContractStatus, { name: 'ContractStatus' });

@ObjectType({ description: 'A contract from an accepted quote, at its current term.' })
export class SalesContract {
  @Field(() => ID) contractId!: string;
  @Field(() => ID) quoteId!: string;
  @Field(() => ID) opportunityId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => String) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) startsAt!: string;
  @Field(() => String) endsAt!: string;
  @Field(() => Int) renewalNoticeDays!: number;
  @Field(() => ContractStatus) status!: ContractStatus;
  @Field(() => ID, {
    nullable: true,
    description: 'The renewal opportunity opened when the current term’s renewal fell due.',
  })
  renewalOpportunityId!: string | null;
  @Field(() => String, { nullable: true }) terminationReason!: string | null;
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
}

@InputType()
export class StartContractInput extends IdempotentCommandInput {
  @Field(() => ID, { description: 'An accepted quote (one contract per quote).' }) quoteId!: string;
  @Field(() => String, { description: 'ISO-8601 instant.' }) startsAt!: string;
  @Field(() => String, { description: 'ISO-8601 instant after startsAt.' }) endsAt!: string;
  @Field(() => Int, { description: 'Days before endsAt the renewal falls due (0..365).' })
  renewalNoticeDays!: number;
}

@InputType()
export class RenewContractInput extends IdempotentCommandInput {
  @Field(() => ID) contractId!: string;
  @Field(() => String, { description: 'The new end, after the current one.' }) endsAt!: string;
}

@InputType()
export class TerminateContractInput extends IdempotentCommandInput {
  @Field(() => ID) contractId!: string;
  @Field(() => String) reason!: string;
}

@InputType()
export class SetQuotaInput extends IdempotentCommandInput {
  @Field(() => String, { description: 'A quarter (2027-Q1) or a month (2027-03).' })
  period!: string;
  @Field(() => String) ownerId!: string;
  @Field(() => String, { description: 'Decimal string.' }) amount!: string;
  @Field(() => String) currency!: string;
}

@InputType()
export class SalesTeamRepInput {
  @Field(() => String) repId!: string;
  @Field(() => Int, { description: 'Most open leads the rep takes (1..100,000).' })
  capacity!: number;
  @Field(() => Boolean, { defaultValue: false }) absent!: boolean;
  @Field(() => Boolean, { defaultValue: false }) optedOut!: boolean;
  @Field(() => [String], {
    defaultValue: [],
    description: 'Values of the team’s territory field this rep covers (territory strategy).',
  })
  territories!: string[];
}

@InputType()
export class AssignmentRuleInput {
  @Field(() => String, { description: 'A lead field (inbound `fields`, `source`, `company`).' })
  field!: string;
  @Field(() => String) equals!: string;
  @Field(() => [String]) repIds!: string[];
}

@InputType()
export class DefineSalesTeamInput extends IdempotentCommandInput {
  @Field(() => String) teamId!: string;
  @Field(() => String, {
    description:
      'round_robin, weighted, rules, territory, or sticky (a known contact’s rep, else round robin).',
  })
  strategy!: string;
  @Field(() => String, {
    nullable: true,
    description: 'The lead field territories are told by (default country).',
  })
  territoryField?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The pipeline the team works by default: its leads are scored on that pipeline’s won/lost history (default: `default`).',
  })
  pipelineId?: string | null;
  @Field(() => [SalesTeamRepInput])
  @ValidateNested({ each: true })
  @Type(() => SalesTeamRepInput)
  reps!: SalesTeamRepInput[];
  @Field(() => [AssignmentRuleInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => AssignmentRuleInput)
  rules!: AssignmentRuleInput[];
}

export function contractOf(doc: ContractDocument): SalesContract {
  return {
    contractId: doc._id,
    quoteId: doc.quoteId,
    opportunityId: doc.opportunityId,
    customerId: doc.customerId,
    amount: doc.amount,
    currency: doc.currency,
    startsAt: doc.startsAt,
    endsAt: doc.endsAt,
    renewalNoticeDays: doc.renewalNoticeDays,
    status: doc.status as ContractStatus,
    renewalOpportunityId: doc.renewalOpportunityId ?? null,
    terminationReason: doc.terminationReason ?? null,
    ownerId: doc.ownerId,
    teamId: doc.teamId,
  };
}

@Resolver()
export class SalesContractsResolver extends SalesResolverBase {
  @Query(() => [SalesContract], {
    description: 'Contracts in your scope, soonest end first.',
  })
  @AllowRoles(...SALES_READERS)
  contracts(
    @Args('statuses', { type: () => [ContractStatus], nullable: true })
    statuses: ContractStatus[] | null | undefined,
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesContract[]> {
    return this.read(ctx, position, SALES_CONTRACTS_PROJECTION, async (tenant, scope) =>
      (
        await this.readModels.contracts(tenant, scope, {
          ...(statuses ? { statuses } : {}),
          ...(customerId ? { customerId } : {}),
        })
      ).map(contractOf),
    );
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Starts the contract of an accepted quote; its renewal opportunity opens renewalNoticeDays before the end.',
  })
  @AllowRoles(...SALES_RPC_ROLES.StartContract)
  startContract(@Args('input') input: StartContractInput, @Context() ctx: GatewayContext) {
    const { quoteId, startsAt, endsAt, renewalNoticeDays } = input;
    return this.command(
      ctx,
      'StartContract',
      input,
      { quoteId, startsAt, endsAt, renewalNoticeDays },
      quoteId,
    );
  }

  @Mutation(() => SalesCommandResult, { description: 'Renews an active contract to a later end.' })
  @AllowRoles(...SALES_RPC_ROLES.RenewContract)
  renewContract(@Args('input') input: RenewContractInput, @Context() ctx: GatewayContext) {
    const { contractId, endsAt } = input;
    return this.command(ctx, 'RenewContract', input, { contractId, endsAt }, contractId);
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Ends an active contract early, with a reason (managers, admins).',
  })
  @AllowRoles(...SALES_RPC_ROLES.TerminateContract)
  terminateContract(@Args('input') input: TerminateContractInput, @Context() ctx: GatewayContext) {
    const { contractId, reason } = input;
    return this.command(ctx, 'TerminateContract', input, { contractId, reason }, contractId);
  }

  @Mutation(() => SalesCommandResult, {
    description: "Sets a team member's quota for a period (managers, admins); the latest counts.",
  })
  @AllowRoles(...SALES_RPC_ROLES.SetQuota)
  setQuota(@Args('input') input: SetQuotaInput, @Context() ctx: GatewayContext) {
    const { period, ownerId, amount, currency } = input;
    return this.command(ctx, 'SetQuota', input, { period, ownerId, amount, currency }, ownerId);
  }

  @Mutation(() => SalesCommandResult, {
    description:
      "Defines a team's roster and assignment strategy (managers: their own team; admins: any).",
  })
  @AllowRoles(...SALES_RPC_ROLES.DefineSalesTeam)
  defineSalesTeam(@Args('input') input: DefineSalesTeamInput, @Context() ctx: GatewayContext) {
    const { teamId, strategy, reps, rules, territoryField, pipelineId } = input;
    return this.command(
      ctx,
      'DefineSalesTeam',
      input,
      {
        teamId,
        strategy,
        reps: reps.map((r) => ({ ...r })),
        rules: rules.map((r) => ({ ...r })),
        territoryField: orEmpty(territoryField),
        pipelineId: orEmpty(pipelineId),
      },
      teamId,
    );
  }
}
