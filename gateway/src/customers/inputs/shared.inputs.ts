// Input building blocks shared by several customer mutations.
import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AcquisitionChannel, CompanySize, TagKind } from '../models/customer-enums';
import {
  COUNTRY_RULE,
  IDEMPOTENCY_KEY_RULE,
  IsPhoneNumber,
  IsUuidId,
  LIMITS,
} from './validation-rules';

@InputType({ isAbstract: true })
export abstract class CommandInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Makes a retried mutation a no-op that returns the first result. Unique per user action; 1-128 of [A-Za-z0-9._:-].',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_RULE, {
    message: 'idempotencyKey must be 1-128 characters of letters, digits, ".", "_", ":" or "-"',
  })
  idempotencyKey?: string | null;
}

@InputType({ isAbstract: true })
export abstract class CustomerCommandInput extends CommandInput {
  @Field(() => ID)
  @IsUuidId('customerId')
  customerId!: string;
}

@InputType()
export class PersonInput {
  @Field(() => String)
  @IsString()
  @MinLength(1, { message: 'firstName must not be empty' })
  @MaxLength(LIMITS.shortText)
  firstName!: string;
  @Field(() => String)
  @IsString()
  @MinLength(1, { message: 'lastName must not be empty' })
  @MaxLength(LIMITS.shortText)
  lastName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Personal data: stored encrypted, shown as last 4 characters.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  nationalId?: string | null;
}

@InputType()
export class CompanyInput {
  @Field(() => String)
  @IsString()
  @MinLength(1, { message: 'legalName must not be empty' })
  @MaxLength(LIMITS.shortText)
  legalName!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  industry?: string | null;
  @Field(() => CompanySize, { nullable: true })
  @IsOptional()
  @IsEnum(CompanySize)
  size?: CompanySize | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  registrationNumber?: string | null;
}

@InputType()
export class PostalAddressInput {
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.shortText) line1!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  line2?: string | null;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(20) postalCode!: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.shortText) city!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  region?: string | null;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2, e.g. DE.' })
  @Matches(COUNTRY_RULE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code such as DE' })
  countryCode!: string;
}

@InputType({ description: 'Exactly one of email, phone, address.' })
export class ContactInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address such as ada@example.com' })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'With + and country code, or national with defaultCountryCallingCode.',
  })
  @IsOptional()
  @IsPhoneNumber()
  phone?: string | null;

  @Field(() => PostalAddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressInput)
  address?: PostalAddressInput | null;

  @Field(() => String, { nullable: true, description: '"work", "home", ...' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  label?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() primary?: boolean | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUuidId('contactId') contactId?:
    string | null;
}

@InputType()
export class ChannelInput {
  @Field(() => AcquisitionChannel) @IsEnum(AcquisitionChannel) channel!: AcquisitionChannel;
  @Field(() => String, { nullable: true, description: "The customer's id in that channel." })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.id * 2)
  externalId?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  detail?: string | null;
}

@InputType()
export class TagInput {
  @Field(() => TagKind, { nullable: true, description: 'LABEL when omitted.' })
  @IsOptional()
  @IsEnum(TagKind)
  kind?: TagKind | null;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.tagValue) value!: string;
}
