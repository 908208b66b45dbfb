// RFM cut-offs over GraphQL (docs/marketing.md#rfm-scores): a marketer configures the tenant's
// cut-offs of a currency (services/marketing, SetRfmCutOffs), which the nightly quintile run then
// leaves alone; every role reads the tenant's models and where their cut-offs came from.
import { MARKETING_RPC_ROLES } from '@crm/access-policy';
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
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';
import {
  commandResultOf,
  sendToContext,
  type CommandResultMessage,
} from '../grpc/context-commands';
import { MARKETING_ERRORS } from './marketing-errors';
import { MarketingCommandResult } from './marketing.models';
import {
  MARKETING_CLIENT,
  MARKETING_READ_MODELS,
  type MarketingClient,
  type MarketingReadModels,
} from './marketing.ports';

const FOUR =
  'Four non-negative, non-decreasing numbers (the upper edges of the lower four fifths).';

@InputType()
export class SetRfmCutOffsInput extends IdempotentCommandInput {
  @Field(() => String, { description: 'ISO 4217 code, e.g. EUR.' }) currency!: string;
  @Field(() => [Float], {
    description: `Days since the last order. ${FOUR} At most [0] days scores 5.`,
  })
  recencyDays!: number[];
  @Field(() => [Float], { description: `Orders. ${FOUR} More than [3] scores 5.` })
  frequency!: number[];
  @Field(() => [Float], { description: `Lifetime order value in minor units. ${FOUR}` })
  monetaryMinor!: number[];
}

@ObjectType({ description: "A tenant's RFM model of one currency." })
export class MarketingRfmModel {
  @Field(() => String) currency!: string;
  @Field(() => String, {
    description:
      'quintiles (set by the nightly run) or configured (by a marketer; the run leaves it)',
  })
  source!: string;
  @Field(() => [Float]) recencyDays!: number[];
  @Field(() => [Float]) frequency!: number[];
  @Field(() => [Float]) monetaryMinor!: number[];
  @Field(() => String, { description: 'When these cut-offs were set (ISO-8601 UTC).' })
  setAt!: string;
}

@Resolver()
export class RfmCutOffsResolver {
  constructor(
    @Inject(MARKETING_CLIENT) private readonly client: MarketingClient,
    @Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels,
  ) {}

  @Mutation(() => MarketingCommandResult, {
    description:
      "Configures the tenant's RFM cut-offs of a currency; the nightly quintile run then leaves them. " +
      'Segment rules over rfm.<CUR>.* score against them at once.',
  })
  @AllowRoles(...MARKETING_RPC_ROLES.SetRfmCutOffs)
  async setRfmCutOffs(
    @Args('input') input: SetRfmCutOffsInput,
    @Context() ctx: GatewayContext,
  ): Promise<MarketingCommandResult> {
    const result = await sendToContext<CommandResultMessage>(
      this.client,
      MARKETING_ERRORS,
      ctx,
      'SetRfmCutOffs',
      {
        currency: input.currency,
        recencyDays: input.recencyDays,
        frequency: input.frequency,
        monetaryMinor: input.monetaryMinor,
      },
      input.idempotencyKey,
    );
    return commandResultOf(result, ctx.correlationId);
  }

  @Query(() => [MarketingRfmModel], {
    description: "The tenant's RFM models, one per currency, and where their cut-offs came from.",
  })
  @AllowRoles(...MARKETING_RPC_ROLES.GetSendingPolicy)
  async marketingRfmModels(@Context() ctx: GatewayContext): Promise<MarketingRfmModel[]> {
    const models = await this.readModels.rfmModelList(principalOf(ctx).tenantId);
    return models.map((m) => ({
      ...m,
      recencyDays: [...m.recencyDays],
      frequency: [...m.frequency],
      monetaryMinor: [...m.monetaryMinor],
    }));
  }
}
