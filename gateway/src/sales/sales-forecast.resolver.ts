// The forecast of a quarter or month in the caller's scope (a rep's own, a manager's team, the
// tenant for admins and auditors): open deals expected to close in it, weighted by probability and
// by forecast category, beside what was won in it and each owner's submitted call and manager's
// adjustment, the quota in force and its attainment. Computed on read from the pipeline, forecast and
// quota read models; with `asOf`, from the service's replay of the log up to that instant
// (PipelineAsOf), so a past forecast reads as it stood then.
import type * as P from '@crm/contracts/sales-grpc';
import {
  emptyForecastLine,
  forecastLines,
  forecastPeriod,
  formatMinorUnits,
  parseMinorUnits,
  quotaAttainmentPercent,
  type ForecastLine,
  type ForecastOpportunity,
  type ForecastPeriod,
} from '@crm/sales-domain';
import { SALES_RPC_ROLES } from '@crm/access-policy';
import {
  SALES_FORECASTS_PROJECTION,
  SALES_PIPELINE_PROJECTION,
  SALES_QUOTAS_PROJECTION,
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
  @Field(() => String, { nullable: true, description: "The owner's quota for the period." })
  quota!: string | null;
  @Field(() => Int, { nullable: true, description: 'won ÷ quota, whole percent.' })
  attainmentPercent!: number | null;
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
  @Field(() => String, {
    nullable: true,
    description: 'The instant the forecast was replayed to (null: now, from the read models).',
  })
  asOf!: string | null;
  @Field(() => [SalesForecastLine]) lines!: SalesForecastLine[];
}

/** An owner's submitted call and adjustment of the period. */
interface Submission {
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly currency: string;
  readonly submitted: string | null;
  readonly adjusted?: string | null;
  readonly adjustmentNote?: string | null;
}

/** An owner's quota of the period. */
interface Quota {
  readonly ownerId: string;
  readonly teamId: string | null;
  readonly currency: string;
  readonly amount: string;
}

interface ForecastFacts {
  readonly opportunities: readonly ForecastOpportunity[];
  readonly submissions: readonly Submission[];
  readonly quotas: readonly Quota[];
}

/** The computed lines with each owner's submission, quota and attainment beside them. */
function withOwnerFacts(
  lines: readonly ForecastLine[],
  submissions: readonly Submission[],
  quotas: readonly Quota[],
): SalesForecastLine[] {
  const key = (ownerId: string | null, currency: string) => JSON.stringify([ownerId, currency]);
  const byOwner = new Map(submissions.map((s) => [key(s.ownerId, s.currency), s]));
  const quotaByOwner = new Map(quotas.map((q) => [key(q.ownerId, q.currency), q]));
  const seen = new Set<string>();
  const lineWithFacts = (line: ForecastLine) => {
    const k = key(line.ownerId, line.currency);
    seen.add(k);
    return lineOf(line, byOwner.get(k), quotaByOwner.get(k));
  };
  const result = lines.map(lineWithFacts);
  for (const owner of [...submissions, ...quotas]) {
    if (!seen.has(key(owner.ownerId, owner.currency))) {
      result.push(lineWithFacts(emptyForecastLine(owner.ownerId, owner.teamId, owner.currency)));
    }
  }
  return result;
}

function lineOf(line: ForecastLine, submission?: Submission, quota?: Quota): SalesForecastLine {
  const quotaMinor = quota === undefined ? null : (parseMinorUnits(quota.amount) ?? null);
  return {
    submitted: submission?.submitted ?? null,
    adjusted: submission?.adjusted ?? null,
    adjustmentNote: submission?.adjustmentNote ?? null,
    quota: quota?.amount ?? null,
    attainmentPercent: quotaAttainmentPercent(line.wonMinor, quotaMinor),
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

const orNull = (value: string): string | null => (value === '' ? null : value);

/** The service's replay (proto: empty strings for absent values) as forecast facts. */
function factsOfReplay(replayed: P.PipelineAsOfResult__Output): ForecastFacts {
  return {
    opportunities: replayed.opportunities.map((o) => ({
      ownerId: orNull(o.ownerId),
      teamId: orNull(o.teamId),
      amount: o.amount,
      currency: o.currency,
      probability: o.probability,
      forecastCategory: o.forecastCategory,
      status: o.status,
      expectedCloseOn: o.expectedCloseOn,
      ...(o.closedAt ? { closedAt: o.closedAt } : {}),
    })),
    submissions: replayed.submissions.map((f) => ({
      ownerId: f.ownerId,
      teamId: null,
      currency: f.currency,
      submitted: orNull(f.submitted),
      adjusted: orNull(f.adjusted),
      adjustmentNote: orNull(f.adjustmentNote),
    })),
    quotas: replayed.quotas.map((q) => ({ ...q, teamId: orNull(q.teamId) })),
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
    @Args('asOf', {
      type: () => String,
      nullable: true,
      description:
        'An ISO-8601 instant in the past: the forecast as it stood then, replayed from events.',
    })
    asOf: string | null | undefined,
    @atLeastPosition() position: string | null | undefined,
    @Context() ctx: GatewayContext,
  ): Promise<SalesForecast> {
    const period = forecastPeriod(name);
    if (!period) {
      const message = 'period must be a quarter (2027-Q1) or a month (2027-03)';
      throw new BadUserInputError(message, [{ field: 'period', code: 'INVALID', message }]);
    }
    const facts = asOf
      ? factsOfReplay(
          await this.send<P.PipelineAsOfResult__Output>(
            ctx,
            'PipelineAsOf',
            {},
            {
              asOf,
              period: period.name,
            },
          ),
        )
      : await this.currentFacts(ctx, position, period);
    return {
      ...period,
      period: period.name,
      asOf: asOf ?? null,
      lines: withOwnerFacts(
        forecastLines(facts.opportunities, period),
        facts.submissions,
        facts.quotas,
      ),
    };
  }

  private async currentFacts(
    ctx: GatewayContext,
    position: string | null | undefined,
    period: ForecastPeriod,
  ): Promise<ForecastFacts> {
    const submissions = await this.read(
      ctx,
      position,
      SALES_FORECASTS_PROJECTION,
      (tenant, scope) => this.readModels.forecastSubmissions(tenant, scope, period.name),
    );
    const quotas = await this.read(ctx, position, SALES_QUOTAS_PROJECTION, (tenant, scope) =>
      this.readModels.quotas(tenant, scope, period.name),
    );
    const opportunities = await this.read(
      ctx,
      position,
      SALES_PIPELINE_PROJECTION,
      (tenant, scope) =>
        this.readModels.forecastOpportunities(tenant, scope, period.from, period.to),
    );
    return {
      opportunities,
      quotas,
      submissions: submissions.map((d) => ({ ...d, ownerId: d.ownerId ?? '' })),
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
