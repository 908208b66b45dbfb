// Inputs of importCustomers: the CSV as text (bounded by the body limit and LIMITS.importCsvChars),
// a column → field mapping and options. The rows are processed by services/customers in the
// background; importStatus(id) reports progress and rejected rows.
import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AcquisitionChannel, DuplicatePolicy } from '../models/customer-enums';
import { CommandInput } from './shared.inputs';
import {
  CALLING_CODE_RULE,
  CUSTOM_FIELD_NAME_RULE,
  IsUuidId,
  LIMITS,
  TEAM_ID_RULE,
} from './validation-rules';

/** Mapping targets accepted by the service (proto ColumnMapping), plus `custom:<fieldName>`. */
export const IMPORT_TARGETS = [
  'kind',
  'firstName',
  'lastName',
  'companyName',
  'industry',
  'companySize',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'addressRegion',
  'countryCode',
  'birthday',
  'gender',
  'occupation',
  'incomeBand',
  'region',
  'nationalId',
  'externalId',
  'tags',
  'interests',
  'buyingMotives',
  'ownerUserId',
  'teamId',
  'status',
  'consentEmail',
  'consentSms',
  'consentPhone',
  'consentPush',
  'ignore',
] as const;

const TARGET_RULE = new RegExp(
  `^(${IMPORT_TARGETS.join('|')}|custom:${CUSTOM_FIELD_NAME_RULE.source.slice(1, -1)})$`,
);

@InputType()
export class ColumnMappingInput {
  @Field(() => String, { description: 'CSV header name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.shortText)
  column!: string;
  @Field(() => String, {
    description: `One of ${IMPORT_TARGETS.join(', ')}, or custom:<fieldName>.`,
  })
  @Matches(TARGET_RULE, {
    message: `target must be one of ${IMPORT_TARGETS.join(', ')} or custom:<fieldName>`,
    context: { code: 'UNKNOWN_VALUE' },
  })
  target!: string;
}

@InputType()
export class ImportOptionsInput {
  @Field(() => String, { nullable: true, description: 'One character; "," when omitted.' })
  @IsOptional()
  @Matches(/^[,;\t|]$/, { message: 'delimiter must be one of , ; | or a tab' })
  delimiter?: string | null;
  @Field(() => DuplicatePolicy, { nullable: true })
  @IsOptional()
  @IsEnum(DuplicatePolicy)
  duplicatePolicy?: DuplicatePolicy | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(CALLING_CODE_RULE, { message: 'defaultCountryCallingCode must be 1-4 digits' })
  defaultCountryCallingCode?: string | null;
  @Field(() => AcquisitionChannel, { nullable: true })
  @IsOptional()
  @IsEnum(AcquisitionChannel)
  channel?: AcquisitionChannel | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUuidId('ownerUserId') ownerUserId?:
    string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TEAM_ID_RULE, { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' })
  teamId?: string | null;
}

@InputType()
export class ImportCustomersInput extends CommandInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'Client-chosen UUID; re-running with the same id and file skips rows already imported.',
  })
  @IsOptional()
  @IsUuidId('importId')
  importId?: string | null;
  @Field(() => String, {
    description: `CSV text with a header line, at most ${LIMITS.importCsvChars} characters.`,
  })
  @IsString()
  @MinLength(1, { message: 'csv must not be empty' })
  @MaxLength(LIMITS.importCsvChars, {
    message: `csv must be at most ${LIMITS.importCsvChars} characters; split larger files`,
  })
  csv!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  fileName?: string | null;
  @Field(() => [ColumnMappingInput])
  @ArrayMinSize(1, { message: 'mapping must map at least one column' })
  @ArrayMaxSize(LIMITS.importMappings)
  @ValidateNested({ each: true })
  @Type(() => ColumnMappingInput)
  mapping!: ColumnMappingInput[];
  @Field(() => ImportOptionsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ImportOptionsInput)
  options?: ImportOptionsInput | null;
}
