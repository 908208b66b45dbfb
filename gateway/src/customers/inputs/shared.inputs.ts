// Input building blocks shared by several customer mutations.
import { Field, InputType } from '@nestjs/graphql';
import { CUSTOMER_LIMITS } from '@crm/customers-domain';
import { IsOptional, Matches } from 'class-validator';
import { AcquisitionChannel, CompanySize, TagKind } from '../models/customer-enums';
import { IDEMPOTENCY_KEY_RULE, Nested, UuidField } from './validation-rules';

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
  @UuidField()
  customerId!: string;
}

@InputType()
export class PersonInput {
  @Field(() => String)
  firstName!: string;
  @Field(() => String)
  lastName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Personal data: stored encrypted, shown as last 4 characters.',
  })
  nationalId?: string | null;
}

@InputType()
export class CompanyInput {
  @Field(() => String)
  legalName!: string;
  @Field(() => String, { nullable: true })
  industry?: string | null;
  @Field(() => CompanySize, { nullable: true })
  size?: CompanySize | null;
  @Field(() => String, { nullable: true })
  registrationNumber?: string | null;
}

@InputType()
export class PostalAddressInput {
  @Field(() => String) line1!: string;
  @Field(() => String, { nullable: true })
  line2?: string | null;
  @Field(() => String) postalCode!: string;
  @Field(() => String) city!: string;
  @Field(() => String, { nullable: true })
  region?: string | null;
  @Field(() => String, { description: 'ISO 3166-1 alpha-2, e.g. DE.' })
  countryCode!: string;
}

@InputType({ description: 'Exactly one of email, phone, address.' })
export class ContactInput {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'With + and country code, or national with defaultCountryCallingCode.',
  })
  phone?: string | null;

  @Nested(() => PostalAddressInput, { nullable: true })
  address?: PostalAddressInput | null;

  @Field(() => String, { nullable: true, description: '"work", "home", ...' })
  label?: string | null;
  @Field(() => Boolean, { nullable: true }) primary?: boolean | null;
  @UuidField({ nullable: true }) contactId?: string | null;
}

@InputType()
export class ChannelInput {
  @Field(() => AcquisitionChannel) channel!: AcquisitionChannel;
  @Field(() => String, { nullable: true, description: "The customer's id in that channel." })
  externalId?: string | null;
  @Field(() => String, { nullable: true })
  detail?: string | null;
}

@InputType()
export class TagInput {
  @Field(() => TagKind, { nullable: true, description: 'LABEL when omitted.' })
  kind?: TagKind | null;
  @Field(() => String, {
    description: `At most ${CUSTOMER_LIMITS.tag} characters; compared case-insensitively.`,
  })
  value!: string;
}
