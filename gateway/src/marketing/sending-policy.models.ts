// GraphQL types of the tenant's sending policy (docs/marketing.md#tenant-sending-caps-and-quiet-hours).
import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

@InputType()
export class ChannelSendingCapInput {
  @Field(() => String, { description: 'email, sms, push or social' }) channel!: string;
  @Field(() => Int, { nullable: true, description: 'Per clock hour; null or 0: no hourly cap.' })
  perHour?: number | null;
  @Field(() => Int, { nullable: true, description: 'Per local day; null or 0: no daily cap.' })
  perDay?: number | null;
}

@InputType()
export class SetSendingPolicyInput extends IdempotentCommandInput {
  @Field(() => String, { description: "The tenant's IANA time zone, e.g. Europe/Berlin." })
  timeZone!: string;
  @Field(() => String, { nullable: true, description: 'Quiet hours start, HH:MM (local).' })
  quietFrom?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Quiet hours end, HH:MM; may span midnight.',
  })
  quietTo?: string | null;
  @Field(() => [ChannelSendingCapInput], {
    nullable: true,
    description: 'One per channel at most.',
  })
  caps?: ChannelSendingCapInput[] | null;
}

@ObjectType()
export class ChannelSendingCap {
  @Field(() => String) channel!: string;
  @Field(() => Int, { nullable: true }) perHour!: number | null;
  @Field(() => Int, { nullable: true }) perDay!: number | null;
}

@ObjectType({
  description:
    "The tenant's sending policy: sends inside the quiet hours or beyond a cap wait until they end.",
})
export class MarketingSendingPolicy {
  @Field(() => Boolean, { description: 'False: no policy, every send goes at once.' })
  configured!: boolean;
  @Field(() => String, { nullable: true }) timeZone!: string | null;
  @Field(() => String, { nullable: true }) quietFrom!: string | null;
  @Field(() => String, { nullable: true }) quietTo!: string | null;
  @Field(() => [ChannelSendingCap]) caps!: ChannelSendingCap[];
}
