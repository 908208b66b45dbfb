// marketingSinkMessages: what the marketing service's FAKE channel sink recorded for a campaign's
// SMS, push or social messages, in place of a provider (docs/marketing.md#channels). Marketers,
// admins and auditors, like the recipients of a segment.
import { Role } from '@crm/access-policy';
import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { AllowRoles } from '../authz/allow.decorator';
import { principalOf } from '../customers/customer-access';
import { type GatewayContext } from '../graphql/gateway-context';
import { MARKETING_READ_MODELS, type MarketingReadModels } from './marketing.ports';

@ObjectType({ description: 'A message the FAKE channel sink recorded instead of sending it.' })
export class SinkMessage {
  @Field(() => String, { description: 'sms, push or social.' }) channel!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => String, { description: 'Phone number, app user (customer id) or social handle.' })
  to!: string;
  @Field(() => String) text!: string;
  @Field(() => String) sentAt!: string;
}

@Resolver()
export class ChannelSinkResolver {
  constructor(@Inject(MARKETING_READ_MODELS) private readonly readModels: MarketingReadModels) {}

  @Query(() => [SinkMessage], {
    description:
      'The SMS, push and social messages of a campaign as the FAKE channel sink recorded them (newest first, at most 200).',
  })
  @AllowRoles(Role.ADMIN, Role.MARKETER, Role.AUDITOR)
  async marketingSinkMessages(
    @Args('campaignId', { type: () => ID }) campaignId: string,
    @Context() ctx: GatewayContext,
  ): Promise<SinkMessage[]> {
    const messages = await this.readModels.sinkMessages(principalOf(ctx).tenantId, campaignId);
    return messages.map(({ channel, customerId, to, text, sentAt }) => ({
      channel,
      customerId,
      to,
      text,
      sentAt,
    }));
  }
}
