// Inputs of the customer mutations, one per command of proto/customers.proto. Field rules run in
// the gateway (InputValidationPipe) before anything is sent; the service validates again and its
// field violations come back in the same `extensions.fieldErrors` shape.
import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AcquisitionChannel,
  CompanySize,
  ConsentChannel,
  CustomFieldType,
  Gender,
  IncomeBand,
  InteractionDirection,
  InteractionKind,
  LifecycleStatus,
} from '../models/customer-enums';
import {
  ChannelInput,
  CommandInput,
  CompanyInput,
  ContactInput,
  CustomerCommandInput,
  PersonInput,
  TagInput,
} from './shared.inputs';
import {
  CALLING_CODE_RULE,
  CURRENCY_RULE,
  CUSTOM_FIELD_NAME_RULE,
  DATE_RULE,
  DECIMAL_RULE,
  ISO_TIME_RULE,
  IsUuidId,
  LIMITS,
  TEAM_ID_RULE,
} from './validation-rules';

const callingCode = {
  message: 'defaultCountryCallingCode must be 1-4 digits without "+", e.g. 49',
};
const isoTime = (name: string) => ({
  message: `${name} must be an ISO-8601 time with zone, e.g. 2024-05-01T10:00:00Z`,
});
const teamId = { message: 'teamId must be 1-64 letters, digits, ".", "_" or "-"' };

@InputType({ description: 'Exactly one of person, company.' })
export class RegisterCustomerInput extends CommandInput {
  @Field(() => ID, { nullable: true, description: 'Optional client-chosen UUID.' })
  @IsOptional()
  @IsUuidId('customerId')
  customerId?: string | null;
  @Field(() => PersonInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonInput)
  person?: PersonInput | null;
  @Field(() => CompanyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyInput)
  company?: CompanyInput | null;
  @Field(() => [ContactInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.contacts)
  @ValidateNested({ each: true })
  @Type(() => ContactInput)
  contacts?: ContactInput[] | null;
  @Field(() => ChannelInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ChannelInput)
  acquiredVia?: ChannelInput | null;
  @Field(() => ID, {
    nullable: true,
    description: 'Defaults to the caller for sales reps and managers.',
  })
  @IsOptional()
  @IsUuidId('ownerUserId')
  ownerUserId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(TEAM_ID_RULE, teamId) teamId?:
    string | null;
  @Field(() => LifecycleStatus, { nullable: true, description: 'PROSPECT when omitted.' })
  @IsOptional()
  @IsEnum(LifecycleStatus)
  initialStatus?: LifecycleStatus | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(CALLING_CODE_RULE, callingCode)
  defaultCountryCallingCode?: string | null;
}

@InputType({ description: 'Only the given fields change; an empty nationalId clears it.' })
export class PersonProfilePatchInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.shortText)
  firstName?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.shortText)
  lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) nationalId?:
    string | null;
}

@InputType({ description: 'Only the given fields change.' })
export class CompanyProfilePatchInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.shortText)
  legalName?: string | null;
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

@InputType({ description: 'At most one of person, company, matching the customer kind.' })
export class UpdateProfileInput extends CustomerCommandInput {
  @Field(() => PersonProfilePatchInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonProfilePatchInput)
  person?: PersonProfilePatchInput | null;
  @Field(() => CompanyProfilePatchInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CompanyProfilePatchInput)
  company?: CompanyProfilePatchInput | null;
  @Field(() => String, {
    nullable: true,
    description: 'Stored encrypted; read models show the last 4 digits. Empty clears.',
  })
  @IsOptional()
  @Matches(/^(\d[ -]?){0,18}\d?$/, {
    message: 'bankCardNumber must be 12-19 digits (spaces and dashes allowed) or empty',
  })
  bankCardNumber?: string | null;
}

@InputType()
export class ChangeLifecycleStatusInput extends CustomerCommandInput {
  @Field(() => LifecycleStatus) @IsEnum(LifecycleStatus) status!: LifecycleStatus;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText * 5)
  reason?: string | null;
}

@InputType({ description: 'A null ownerUserId / teamId unassigns.' })
export class AssignOwnerInput extends CustomerCommandInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUuidId('ownerUserId') ownerUserId?:
    string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(TEAM_ID_RULE, teamId) teamId?:
    string | null;
}

@InputType()
export class AddContactInput extends CustomerCommandInput {
  @Field(() => ContactInput) @ValidateNested() @Type(() => ContactInput) contact!: ContactInput;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(CALLING_CODE_RULE, callingCode)
  defaultCountryCallingCode?: string | null;
}

@InputType()
export class ContactRefInput extends CustomerCommandInput {
  @Field(() => ID) @IsUuidId('contactId') contactId!: string;
}

@InputType()
export class RecordChannelInput extends CustomerCommandInput {
  @Field(() => ChannelInput) @ValidateNested() @Type(() => ChannelInput) channel!: ChannelInput;
}

@InputType({ description: 'Replaces all demographics; omitted fields are cleared.' })
export class SetDemographicsInput extends CustomerCommandInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DATE_RULE, { message: 'birthday must be a date YYYY-MM-DD' })
  birthday?: string | null;
  @Field(() => Gender, { nullable: true }) @IsOptional() @IsEnum(Gender) gender?: Gender | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  occupation?: string | null;
  @Field(() => IncomeBand, { nullable: true })
  @IsOptional()
  @IsEnum(IncomeBand)
  incomeBand?: IncomeBand | null;
  @Field(() => String, { nullable: true, description: 'Region code, e.g. DE-BY.' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  region?: string | null;
}

@InputType()
export class TagsInput extends CustomerCommandInput {
  @Field(() => [TagInput])
  @ArrayMinSize(1, { message: 'tags must contain at least one tag' })
  @ArrayMaxSize(LIMITS.tags)
  @ValidateNested({ each: true })
  @Type(() => TagInput)
  tags!: TagInput[];
}

@InputType()
export class CustomFieldValidationInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() required?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'STRING; default 1000.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(LIMITS.longText)
  maxLength?: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'STRING; ECMAScript regex, anchored by the service.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  pattern?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() min?: number | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() max?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() integer?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'ENUM: the allowed values (required).' })
  @IsOptional()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(LIMITS.tagValue, { each: true })
  allowedValues?: string[] | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DATE_RULE, { message: 'minDate must be YYYY-MM-DD' })
  minDate?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DATE_RULE, { message: 'maxDate must be YYYY-MM-DD' })
  maxDate?: string | null;
}

@InputType()
export class DeclareCustomFieldInput extends CommandInput {
  @Field(() => String, {
    description: 'camelCase identifier: ^[a-z][a-zA-Z0-9_]*$, at most 64 characters.',
  })
  @Matches(CUSTOM_FIELD_NAME_RULE, {
    message:
      'name must be a camelCase identifier of at most 64 characters (letters, digits, "_"), starting with a lower-case letter',
  })
  name!: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.shortText) label!: string;
  @Field(() => CustomFieldType) @IsEnum(CustomFieldType) type!: CustomFieldType;
  @Field(() => CustomFieldValidationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomFieldValidationInput)
  validation?: CustomFieldValidationInput | null;
}

@InputType({
  description:
    'Exactly one of stringValue (STRING, ENUM), numberValue, booleanValue, dateValue, clear: true.',
})
export class CustomFieldValueInput {
  @Field(() => String)
  @Matches(CUSTOM_FIELD_NAME_RULE, {
    message: 'name must be a declared custom field name (a camelCase identifier)',
    context: { code: 'UNKNOWN_CUSTOM_FIELD' },
  })
  name!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.longText)
  stringValue?: string | null;
  @Field(() => Float, { nullable: true }) @IsOptional() @IsNumber() numberValue?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() booleanValue?:
    boolean | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DATE_RULE, { message: 'dateValue must be YYYY-MM-DD' })
  dateValue?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() clear?: boolean | null;
}

@InputType()
export class SetCustomFieldValuesInput extends CustomerCommandInput {
  @Field(() => [CustomFieldValueInput])
  @ArrayMinSize(1, { message: 'values must contain at least one value' })
  @ArrayMaxSize(LIMITS.customFieldValues)
  @ValidateNested({ each: true })
  @Type(() => CustomFieldValueInput)
  values!: CustomFieldValueInput[];
}

@InputType()
export class RecordInteractionInput extends CustomerCommandInput {
  @Field(() => ID, { nullable: true, description: 'Optional UUID; the same id twice is a no-op.' })
  @IsOptional()
  @IsUuidId('interactionId')
  interactionId?: string | null;
  @Field(() => InteractionKind) @IsEnum(InteractionKind) kind!: InteractionKind;
  @Field(() => InteractionDirection, { nullable: true })
  @IsOptional()
  @IsEnum(InteractionDirection)
  direction?: InteractionDirection | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601; now when omitted; not in the future.',
  })
  @IsOptional()
  @Matches(ISO_TIME_RULE, isoTime('occurredAt'))
  occurredAt?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  subject?: string | null;
  @Field(() => String, { nullable: true, description: 'Up to 10,000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.longText)
  notes?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  outcome?: string | null;
  @Field(() => ID, { nullable: true, description: 'The caller when omitted.' })
  @IsOptional()
  @IsUuidId('performedByUserId')
  performedByUserId?: string | null;
}

@InputType()
export class PurchaseItemInput {
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.id) sku!: string;
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.shortText) name!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  category?: string | null;
  @Field(() => Int) @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @Field(() => String, { description: 'Decimal string, e.g. "19.99".' })
  @Matches(DECIMAL_RULE, {
    message: 'unitPrice must be a decimal string with at most 2 fraction digits, e.g. 19.99',
  })
  unitPrice!: string;
}

@InputType()
export class RecordPurchaseInput extends CustomerCommandInput {
  @Field(() => String) @IsString() @MinLength(1) @MaxLength(LIMITS.id * 2) orderId!: string;
  @Field(() => [PurchaseItemInput])
  @ArrayMaxSize(LIMITS.purchaseItems)
  @ValidateNested({ each: true })
  @Type(() => PurchaseItemInput)
  items!: PurchaseItemInput[];
  @Field(() => String, { description: 'Decimal total, e.g. "129.90".' })
  @Matches(DECIMAL_RULE, {
    message: 'amount must be a decimal string with at most 2 fraction digits, e.g. 129.90',
  })
  amount!: string;
  @Field(() => String, { description: 'ISO-4217, e.g. EUR.' })
  @Matches(CURRENCY_RULE, { message: 'currency must be an ISO-4217 code such as EUR' })
  currency!: string;
  @Field(() => AcquisitionChannel, { nullable: true })
  @IsOptional()
  @IsEnum(AcquisitionChannel)
  channel?: AcquisitionChannel | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(ISO_TIME_RULE, isoTime('purchasedAt'))
  purchasedAt?: string | null;
}

@InputType()
export class ConsentInput extends CustomerCommandInput {
  @Field(() => ConsentChannel) @IsEnum(ConsentChannel) channel!: ConsentChannel;
  @Field(() => String, {
    nullable: true,
    description: 'Where it was given or withdrawn, e.g. "web-form:newsletter".',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText)
  source?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601; now when omitted; not in the future.',
  })
  @IsOptional()
  @Matches(ISO_TIME_RULE, isoTime('at'))
  at?: string | null;
}

@InputType()
export class MergeCustomersInput extends CommandInput {
  @Field(() => ID) @IsUuidId('survivorCustomerId') survivorCustomerId!: string;
  @Field(() => ID) @IsUuidId('mergedCustomerId') mergedCustomerId!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.shortText * 5)
  reason?: string | null;
}

@InputType()
export class ErasePersonalDataInput extends CustomerCommandInput {
  @Field(() => String, {
    description: 'Why, e.g. "GDPR Art. 17 request #123". Recorded in the event.',
  })
  @IsString()
  @MinLength(3, { message: 'reason must say why the data is erased (at least 3 characters)' })
  @MaxLength(LIMITS.shortText * 5)
  reason!: string;
}
