// The tenant's reporting currency and exchange rates (ADR 0234): admins set them; every role that
// reads reports may list them (they explain the converted figures).
import {
  InvalidExchangeRateError,
  type ExchangeRate as Rate,
  type ExchangeRateBook,
} from '@crm/reports';
import { Inject } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  Float,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { AllowAnyRole, AllowRoles } from '../authz/allow.decorator';
import { Role } from '../authz/role';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { BadUserInputError } from '../graphql/gateway-errors';

export type ExchangeRatesApi = Pick<ExchangeRateBook, 'setReportingCurrency' | 'setRate' | 'list'>;
export const EXCHANGE_RATES = Symbol('EXCHANGE_RATES');

const notConfigured = () => Promise.reject(new Error('exchange rates are not configured'));
export const EXCHANGE_RATES_NOT_CONFIGURED: ExchangeRatesApi = {
  setReportingCurrency: notConfigured,
  setRate: notConfigured,
  list: notConfigured,
};

@InputType({
  description:
    '`rate` units of the reporting currency buy one unit of `currency`, from `effectiveFrom` (ISO-8601 instant) until a later rate.',
})
export class ExchangeRateInput {
  @Field() currency!: string;
  @Field(() => Float) rate!: number;
  @Field() effectiveFrom!: string;
}

@ObjectType()
export class ExchangeRate {
  @Field() currency!: string;
  @Field() reportingCurrency!: string;
  @Field(() => Float) rate!: number;
  @Field() effectiveFrom!: string;
}

@ObjectType()
export class ExchangeRates {
  @Field(() => String, { nullable: true }) reportingCurrency!: string | null;
  @Field(() => [ExchangeRate]) rates!: Rate[];
}

function badInput(error: unknown): unknown {
  return error instanceof InvalidExchangeRateError
    ? new BadUserInputError(error.message, [
        { field: error.field, code: 'INVALID', message: error.reason },
      ])
    : error;
}

@Resolver()
export class ExchangeRatesResolver {
  constructor(@Inject(EXCHANGE_RATES) private readonly rates: ExchangeRatesApi) {}

  @Mutation(() => String, {
    description:
      'Sets the currency reports convert amounts into (ISO 4217); only rates towards it are used from then on.',
  })
  @AllowRoles(Role.ADMIN)
  async setReportingCurrency(
    @Context() ctx: GatewayContext,
    @Args('currency') currency: string,
  ): Promise<string> {
    try {
      return await this.rates.setReportingCurrency(principalOf(ctx), currency, ctx.correlationId);
    } catch (error) {
      throw badInput(error);
    }
  }

  @Mutation(() => ExchangeRate, { description: 'Enters a rate towards the reporting currency.' })
  @AllowRoles(Role.ADMIN)
  async setExchangeRate(
    @Context() ctx: GatewayContext,
    @Args('input') input: ExchangeRateInput,
  ): Promise<Rate> {
    try {
      return await this.rates.setRate(principalOf(ctx), { ...input }, ctx.correlationId);
    } catch (error) {
      throw badInput(error);
    }
  }

  @Query(() => ExchangeRates, { description: 'The reporting currency and the rates towards it.' })
  @AllowAnyRole()
  async exchangeRates(@Context() ctx: GatewayContext): Promise<ExchangeRates> {
    return this.rates.list(principalOf(ctx).tenantId);
  }
}
