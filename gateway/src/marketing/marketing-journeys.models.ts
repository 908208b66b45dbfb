// GraphQL types of journeys and attribution (docs/marketing.md#journeys, #attribution-and-roi).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum ReadyMadeJourneyKind {
  WELCOME = 'welcome',
  THANK_YOU = 'thank-you',
  WIN_BACK = 'win-back',
  BIRTHDAY = 'birthday',
}
registerEnumType(ReadyMadeJourneyKind, {
  name: 'ReadyMadeJourneyKind',
  description:
    'Ready-made journeys: welcome, thank-you after purchase, win-back on churn risk, birthday.',
});

export enum AttributionModel {
  LAST_TOUCH = 'lastTouch',
  FIRST_TOUCH = 'firstTouch',
  LINEAR = 'linear',
}
registerEnumType(AttributionModel, { name: 'AttributionModel' });

export enum MinimumEngagement {
  SENT = 'sent',
  OPENED = 'opened',
  CLICKED = 'clicked',
}
registerEnumType(MinimumEngagement, {
  name: 'MinimumEngagement',
  description:
    'Which touches count for attribution: every mail sent, those opened (tracked pixel or click) or clicked.',
});

@InputType()
export class PublishJourneyInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true, description: 'Empty: derived from the idempotency key.' })
  journeyId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, {
    description: 'The definition as JSON: trigger, steps, reEntry, exitOn (docs/marketing.md).',
  })
  definitionJson!: string;
}

@InputType()
export class InstallReadyMadeJourneyInput extends IdempotentCommandInput {
  @Field(() => ReadyMadeJourneyKind) kind!: ReadyMadeJourneyKind;
  @Field(() => String, {
    nullable: true,
    description: 'Birthday: the IANA zone of customers whose profile names none (default UTC).',
  })
  timeZone?: string | null;
}

@InputType()
export class RecordMarketingCostInput extends IdempotentCommandInput {
  @Field(() => String, { description: 'campaign or journey' }) sourceKind!: string;
  @Field(() => ID) sourceId!: string;
  @Field(() => String, { nullable: true, description: 'email (default)' }) channel?: string | null;
  @Field(() => String, { description: 'Decimal with two digits, e.g. "120.00".' }) amount!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
export class MarketingJourneyVersion {
  @Field(() => Int) version!: number;
  @Field(() => String) definitionJson!: string;
  @Field(() => String) publishedAt!: string;
}

@ObjectType()
export class MarketingJourney {
  @Field(() => ID) journeyId!: string;
  @Field(() => String) name!: string;
  @Field(() => [MarketingJourneyVersion], {
    description: 'Oldest first; the last is the one new enrolments enter.',
  })
  versions!: MarketingJourneyVersion[];
  @Field(() => String, {
    nullable: true,
    description: 'When a marketer paused it (its sends hold until it resumes); null while it runs.',
  })
  pausedAt!: string | null;
}

@InputType()
export class JourneyRefInput extends IdempotentCommandInput {
  @Field(() => ID) journeyId!: string;
}

@ObjectType()
export class AttributionRow {
  @Field(() => String, { nullable: true, description: 'campaign or journey (null per channel).' })
  sourceKind!: string | null;
  @Field(() => ID, { nullable: true }) sourceId!: string | null;
  @Field(() => String) channel!: string;
  @Field(() => String) currency!: string;
  @Field(() => String) revenue!: string;
  @Field(() => Int) orders!: number;
  @Field(() => String) cost!: string;
  @Field(() => Float, {
    nullable: true,
    description: '(revenue − cost) / cost; null without cost.',
  })
  roi!: number | null;
}

@ObjectType()
export class CurrencyAmount {
  @Field(() => String) currency!: string;
  @Field(() => String) amount!: string;
}

@ObjectType()
export class AttributionReport {
  @Field(() => AttributionModel) model!: AttributionModel;
  @Field(() => Int) windowDays!: number;
  @Field(() => MinimumEngagement) minimumEngagement!: MinimumEngagement;
  @Field(() => [AttributionRow]) bySource!: AttributionRow[];
  @Field(() => [AttributionRow]) byChannel!: AttributionRow[];
  @Field(() => [CurrencyAmount]) unattributed!: CurrencyAmount[];
}
