// The forecast of a quarter or month in the caller's scope (a rep's own, a manager's team, the
// tenant for admins and auditors): open deals expected to close in it, weighted by probability and
// by forecast category, beside what was won in it and each owner's submitted call and manager's
// adjustment. Computed on read from the pipeline and forecast read models.
import {
  emptyForecastLine,
  forecastLines,
  forecastPeriod,
  formatMinorUnits,
  type ForecastLine,
} from '@crm/sales-domain';
import { SALES_RPC_ROLES } from '@crm/access-policy';
import {
  SALES_FORECASTS_PROJECTION,
  SALES_PIPELINE_PROJECTION,
  type ForecastDocument,
} from '@crm/sales-read-models';
import {
  Args,
  Context,
  Field,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import { SALES_READERS, SalesResolverBase, atLeastPosition, orEmpty } from './sales-resolver.base';
import { SalesCommandResult } from './sales.models';

@ObjectType({
  description: 'One owner, team and currency of a forecast; amounts are decimal strings.',
})
export class SalesForecastLine {
  @Field(() => String, { nullable: true }) ownerId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => String) currency!: string;
  @Field(() => Int) openCount!: number;
  @Field(() => String, { description: 'Open amount expected to close in the period.' })
  pipeline!: string;
  @Field(() => String, { description: 'Σ amount × probability.' }) weighted!: string;
  @Field(() => String, { description: 'Best case and commit categories.' }) bestCase!: string;
  @Field(() => String) commit!: string;
  @Field(() => Int) wonCount!: number;
  @Field(() => String, { description: 'Won in the period (forecast vs won).' }) won!: string;
  @Field(() => String, { nullable: true, description: "The owner's latest submitted call." })
  submitted!: string | null;
  @Field(() => String, { nullable: true, description: "The manager's latest adjustment." })
  adjusted!: string | null;
  @Field(() => String, { nullable: true }) adjustmentNote!: string | null;
}

@InputType()
export class SubmitForecastInput extends IdempotentCommandInput {
  @Field(() => String, { description: 'A quarter (2027-Q1) or a month (2027-03).' })
  period!: string;
  @Field(() => String, { description: 'Your call for the period, decimal string.' })
  amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class AdjustForecastInput extends IdempotentCommandInput {
  @Field(() => String) period!: string;
  @Field(() => String, { description: 'Whose submitted forecast.' }) ownerId!: string;
  @Field(() => String) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) note!: string;
}

@ObjectType()
export class SalesForecast {
  @Field(() => String) period!: string;
  @Field(() => String, { description: 'First day (YYYY-MM-DD).' }) from!: string;
  @Field(() => String, { description: 'Day after the last (exclusive).' }) to!: string;
  @Field(() => [SalesForecastLine]) lines!: SalesForecastLine[];
}

/** The computed lines with each owner's submission and adjustment beside them. */
function withSubmissions(
  lines: readonly ForecastLine[],
  submissions: readonly ForecastDocument[],
): SalesForecastLine[] {
  const key = (ownerId: string | null, currency: string) => JSON.stringify([ownerId, currency]);
  const byOwner = new Map(submissions.map((s) => [key(s.ownerId, s.currency), s]));
  const result = lines.map((line) => {
    const submission = byOwner.get(key(line.ownerId, line.currency));
    byOwner.delete(key(line.ownerId, line.currency));
    return lineOf(line, submission);
  });
  for (const s of byOwner.values()) {
    result.push(lineOf(emptyForecastLine(s.ownerId, s.teamId, s.currency), s));
  }
  return result;
}

function lineOf(line: ForecastLine, submission?: ForecastDocument): SalesForecastLine {
  return {
    submitted: submission?.submitted ?? null,
    adjusted: submission?.adjusted ?? null,
    adjustmentNote: submission?.adjustmentNote ?? null,
    ownerId: line.ownerId,
    teamId: line.teamId,
    currency: line.currency,
    openCount: line.openCount,
    pipeline: formatMinorUnits(line.pipelineMinor),
    weighted: formatMinorUnits(line.weightedMinor),
    bestCase: formatMinorUnits(line.bestCaseMinor),
    commit: formatMinorUnits(line.commitMinor),
    wonCount: line.wonCount,
    won: formatMinorUnits(line.wonMinor),
  };
}

@Resolver()
export class SalesForecastResolver extends SalesResolverBase {
  @Query(() => SalesForecast, {
    description:
      'The forecast of a quarter (2027-Q1) or month (2027-03) in your scope, by owner, team and currency.',
  })
  @AllowRoles(...SALES_READERS)
  async salesForecast(
    @Args('period', { type: () => String }) name: string,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesForecast> {
    const period = forecastPeriod(name);
    if (!period) {
      const message = 'period must be a quarter (2027-Q1) or a month (2027-03)';
      throw new BadUserInputError(message, [{ field: 'period', code: 'INVALID', message }]);
    }
    const submissions = await this.read(
      ctx,
      position,
      SALES_FORECASTS_PROJECTION,
      (tenant, scope) => this.readModels.forecastSubmissions(tenant, scope, period.name),
    );
    const opportunities = await this.read(
      ctx,
      position,
      SALES_PIPELINE_PROJECTION,
      (tenant, scope) =>
        this.readModels.forecastOpportunities(tenant, scope, period.from, period.to),
    );
    return {
      ...period,
      period: period.name,
      lines: withSubmissions(forecastLines(opportunities, period), submissions),
    };
  }

  @Mutation(() => SalesCommandResult, {
    description: 'Submits your forecast for a period; every submission is kept as history.',
  })
  @AllowRoles(...SALES_RPC_ROLES.SubmitForecast)
  submitForecast(@Args('input') input: SubmitForecastInput, @Context() ctx: GatewayContext) {
    const { period, amount, currency, note } = input;
    return this.command(ctx, 'SubmitForecast', input, {
      period,
      amount,
      currency,
      note: orEmpty(note),
    });
  }

  @Mutation(() => SalesCommandResult, {
    description: "Adjusts a team member's submitted forecast, with a note (managers, admins).",
  })
  @AllowRoles(...SALES_RPC_ROLES.AdjustForecast)
  adjustForecast(@Args('input') input: AdjustForecastInput, @Context() ctx: GatewayContext) {
    const { period, ownerId, amount, currency, note } = input;
    return this.command(
      ctx,
      'AdjustForecast',
      input,
      { period, ownerId, amount, currency, note },
      ownerId,
    );
  }
}
