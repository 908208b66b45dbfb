// The customer 360 as clients see it: profile, contacts, channels, demographics, tags, custom
// fields, consents and a purchase summary, answered from the MongoDB read model (eventually
// consistent with the write side; `version` is the stream version it reflects).
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  AcquisitionChannel,
  CompanySize,
  ConsentChannel,
  ContactKind,
  CustomerKind,
  CustomerStatus,
  CustomFieldType,
  Gender,
  IncomeBand,
  TagKind,
} from './customer-enums';

@ObjectType({ description: 'Name and identifiers of a person. Personal data: erased on request.' })
export class PersonProfile {
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Last 4 characters of the national id only.',
  })
  nationalIdLast4!: string | null;
}

@ObjectType()
export class CompanyProfile {
  @Field(() => String, { nullable: true }) legalName!: string | null;
  @Field(() => String, { nullable: true }) industry!: string | null;
  @Field(() => CompanySize, { nullable: true }) size!: CompanySize | null;
  @Field(() => String, { nullable: true }) registrationNumber!: string | null;
}

@ObjectType()
export class PostalAddress {
  @Field(() => String) line1!: string;
  @Field(() => String, { nullable: true }) line2!: string | null;
  @Field(() => String) postalCode!: string;
  @Field(() => String) city!: string;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2.' }) countryCode!: string;
}

@ObjectType()
export class Contact {
  @Field(() => ID) id!: string;
  @Field(() => ContactKind) kind!: ContactKind;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true, description: 'E.164, e.g. +4930123456.' }) phone!:
    string | null;
  @Field(() => PostalAddress, { nullable: true }) address!: PostalAddress | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => Boolean, { description: 'The primary contact of its kind.' }) primary!: boolean;
}

@ObjectType()
export class ChannelRecord {
  @Field(() => AcquisitionChannel) channel!: AcquisitionChannel;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO-8601 UTC.' }) recordedAt!: string | null;
}

@ObjectType()
export class Demographics {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD. Personal data.' }) birthday!:
    string | null;
  @Field(() => Gender, { nullable: true }) gender!: Gender | null;
  @Field(() => String, { nullable: true }) occupation!: string | null;
  @Field(() => IncomeBand, { nullable: true }) incomeBand!: IncomeBand | null;
  @Field(() => String, { nullable: true }) region!: string | null;
}

@ObjectType()
export class CustomerTag {
  @Field(() => TagKind) kind!: TagKind;
  @Field(() => String) value!: string;
}

@ObjectType({ description: 'A tenant-defined field; exactly one of the value fields is set.' })
export class CustomFieldEntry {
  @Field(() => String) name!: string;
  @Field(() => CustomFieldType, { nullable: true }) type!: CustomFieldType | null;
  @Field(() => String, {
    nullable: true,
    description: 'STRING, ENUM and DATE (YYYY-MM-DD) values.',
  })
  stringValue!: string | null;
  @Field(() => Float, { nullable: true }) numberValue!: number | null;
  @Field(() => Boolean, { nullable: true }) booleanValue!: boolean | null;
}

@ObjectType()
export class ConsentState {
  @Field(() => ConsentChannel) channel!: ConsentChannel;
  @Field(() => Boolean) granted!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'When the current state began (ISO-8601 UTC).',
  })
  since!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
}

@ObjectType()
export class MoneyAmount {
  @Field(() => String, { description: 'Decimal string, e.g. "129.90".' }) amount!: string;
  @Field(() => String, { description: 'ISO-4217.' }) currency!: string;
}

@ObjectType()
export class PurchaseSummary {
  @Field(() => Int) orderCount!: number;
  @Field(() => [MoneyAmount], { description: 'Total spent, one entry per currency.' })
  totals!: MoneyAmount[];
  @Field(() => String, { nullable: true }) lastPurchaseAt!: string | null;
}

@ObjectType({ description: 'Everything known about one customer (the customer 360).' })
export class Customer {
  @Field(() => ID) id!: string;
  @Field(() => CustomerKind) kind!: CustomerKind;
  @Field(() => CustomerStatus) status!: CustomerStatus;
  @Field(() => String, {
    description: 'Person: "first last"; company: legal name; "(erased)" after erasure.',
  })
  displayName!: string;
  @Field(() => PersonProfile, { nullable: true }) person!: PersonProfile | null;
  @Field(() => CompanyProfile, { nullable: true }) company!: CompanyProfile | null;
  @Field(() => [Contact]) contacts!: Contact[];
  @Field(() => [ChannelRecord]) channels!: ChannelRecord[];
  @Field(() => Demographics, { nullable: true }) demographics!: Demographics | null;
  @Field(() => [CustomerTag]) tags!: CustomerTag[];
  @Field(() => [CustomFieldEntry]) customFields!: CustomFieldEntry[];
  @Field(() => [ConsentState]) consents!: ConsentState[];
  @Field(() => PurchaseSummary, { nullable: true }) purchases!: PurchaseSummary | null;
  @Field(() => String, { nullable: true, description: 'Last 4 digits of the stored bank card.' })
  bankCardLast4!: string | null;
  @Field(() => ID, { nullable: true }) ownerUserId!: string | null;
  @Field(() => String, { nullable: true }) teamId!: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Set when this customer was merged into another.',
  })
  mergedIntoCustomerId!: string | null;
  @Field(() => String, { description: 'ISO-8601 UTC.' }) createdAt!: string;
  @Field(() => String, { description: 'ISO-8601 UTC.' }) updatedAt!: string;
  @Field(() => Int, { description: 'Stream version this view reflects.' }) version!: number;
}
