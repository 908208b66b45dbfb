// The search filter of `customers(filter, first, after)`. Every field is typed (a String can never
// carry an object such as `{ "$ne": null }`), and names that reach MongoDB as keys are restricted to
// identifiers; assertNoOperatorKeys double-checks the whole argument before it reaches the read model.
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AT_LEAST_POSITION_DESCRIPTION,
  READ_POSITION_MESSAGE,
  READ_POSITION_RULE,
} from '../../read-consistency/read-consistency';
import { CustomerKind, CustomerStatus } from '../models/customer-enums';
import { CUSTOM_FIELD_NAME_RULE, IsUuidId, LIMITS, TEAM_ID_RULE } from './validation-rules';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@InputType()
export class CustomFieldFilterInput {
  @Field(() => String)
  @Matches(CUSTOM_FIELD_NAME_RULE, {
    message: 'name must be a custom field name (a camelCase identifier)',
    context: { code: 'UNKNOWN_CUSTOM_FIELD' },
  })
  name!: string;
  @Field(() => String, { description: 'Exact value (numbers and booleans as text).' })
  @IsString()
  @MaxLength(LIMITS.shortText)
  value!: string;
}

@InputType()
export class CustomerSearchFilter {
  @Field(() => String, { nullable: true, description: 'Matches name, e-mail and phone.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.searchText)
  text?: string | null;
  @Field(() => [CustomerKind], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(2)
  @IsEnum(CustomerKind, { each: true })
  kinds?: CustomerKind[] | null;
  @Field(() => [CustomerStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(CustomerStatus, { each: true })
  statuses?: CustomerStatus[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Customers carrying all of these tag values.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(LIMITS.tagValue, { each: true })
  tags?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsUuidId('ownerUserId') ownerUserId?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TEAM_ID_RULE, { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' })
  teamId?: string | null;
  @Field(() => CustomFieldFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomFieldFilterInput)
  customField?: CustomFieldFilterInput | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 1-${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `first must be between 1 and ${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_=.:+/-]+$/, {
    message: 'after must be a cursor returned by a previous page',
  })
  after?: string | null;
}

/** A page of a read model, optionally only once it reflects the caller's own write. */
@ArgsType()
export class ConsistentPageArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: AT_LEAST_POSITION_DESCRIPTION })
  @IsOptional()
  @Matches(READ_POSITION_RULE, { message: READ_POSITION_MESSAGE })
  atLeastPosition?: string | null;
}

@ArgsType()
export class CustomersArgs extends ConsistentPageArgs {
  @Field(() => CustomerSearchFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerSearchFilter)
  filter?: CustomerSearchFilter | null;
}

@ArgsType()
export class TimelineArgs extends ConsistentPageArgs {
  @Field(() => ID, { description: 'The customer id.' }) @IsUuidId('id') id!: string;
}
