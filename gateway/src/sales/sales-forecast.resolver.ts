// The forecast of a quarter or month in the caller's scope (a rep's own, a manager's team, the
// tenant for admins and auditors): open deals expected to close in it, weighted by probability and
// by forecast category, beside what was won in it. Computed on read from the pipeline read model.
import {
  forecastLines,
  forecastPeriod,
  formatMinorUnits,
  type ForecastLine,
} from '@crm/sales-domain';
import { SALES_PIPELINE_PROJECTION } from '@crm/sales-read-models';
import { Args, Context, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';
import { SALES_READERS, SalesResolverBase, atLeastPosition } from './sales-resolver.base';

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
}

@ObjectType()
export class SalesForecast {
  @Field(() => String) period!: string;
  @Field(() => String, { description: 'First day (YYYY-MM-DD).' }) from!: string;
  @Field(() => String, { description: 'Day after the last (exclusive).' }) to!: string;
  @Field(() => [SalesForecastLine]) lines!: SalesForecastLine[];
}

function lineOf(line: ForecastLine): SalesForecastLine {
  return {
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
      lines: forecastLines(opportunities, period).map(lineOf),
    };
  }
}
