// Lead capture from a CSV file (name, email, phone, company): services/sales checks every row
// first and captures them all, or refuses the file with the bad fields (`rows[3].email`). And a
// lead's follow-up reminder (ADR 0383).
import { SALES_RPC_ROLES } from '@crm/access-policy';
import type * as P from '@crm/contracts/sales-grpc';
import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Resolver,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { SalesResolverBase, orEmpty } from './sales-resolver.base';
import { SalesCommandResult } from './sales.models';

@InputType()
export class ImportLeadsInput extends IdempotentCommandInput {
  @Field(() => String, {
    description: 'CSV with a header (name, email, phone, company, country), at most 1,000 rows.',
  })
  csv!: string;
  @Field(() => String, { nullable: true }) ownerId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Routes every lead through the team’s assignment strategy (give no ownerId).',
  })
  route!: boolean;
}

@InputType()
export class ScheduleLeadFollowUpInput extends IdempotentCommandInput {
  @Field(() => ID) leadId!: string;
  @Field(() => String, { description: 'ISO-8601 instant after now (at most 366 days ahead).' })
  dueAt!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
export class ImportLeadsResult {
  @Field(() => [ID], { description: 'The leads, in the order of the rows.' }) leadIds!: string[];
  @Field(() => Int, { description: 'Rows that captured a new lead (not already imported).' })
  captured!: number;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Pass as atLeastPosition to read your own write.' })
  position!: string;
}

@Resolver()
export class SalesLeadImportResolver extends SalesResolverBase {
  @Mutation(() => ImportLeadsResult, {
    description:
      'Captures the leads of a CSV (source IMPORT). One bad row refuses the file: BAD_USER_INPUT with each field.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ImportLeads)
  async importLeads(
    @Args('input') input: ImportLeadsInput,
    @Context() ctx: GatewayContext,
  ): Promise<ImportLeadsResult> {
    const result = await this.send<P.ImportLeadsResult__Output>(ctx, 'ImportLeads', input, {
      csv: input.csv,
      ownerId: orEmpty(input.ownerId),
      teamId: orEmpty(input.teamId),
      route: input.route,
    });
    return {
      leadIds: result.leadIds,
      captured: result.captured,
      correlationId: result.correlationId || ctx.correlationId,
      position: result.globalPosition || '0',
    };
  }

  @Mutation(() => SalesCommandResult, {
    description:
      'Sets or moves the follow-up reminder of an open or qualified lead in your scope: its owner is reminded at dueAt (sales.LeadFollowUpDue; the lead shows followUpDue). Converting, disqualifying or erasing the lead cancels it.',
  })
  @AllowRoles(...SALES_RPC_ROLES.ScheduleLeadFollowUp)
  scheduleLeadFollowUp(
    @Args('input') input: ScheduleLeadFollowUpInput,
    @Context() ctx: GatewayContext,
  ) {
    const { leadId, dueAt } = input;
    const request = { leadId, dueAt, note: orEmpty(input.note) };
    return this.command(ctx, 'ScheduleLeadFollowUp', input, request, leadId);
  }
}
