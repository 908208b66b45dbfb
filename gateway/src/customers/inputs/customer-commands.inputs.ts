// Inputs of the customer mutations, one per command of proto/customers.proto. They carry shape only:
// the customers service parses and validates each command once (limits: CUSTOMER_LIMITS, quoted in
// the descriptions) and its field violations come back as `extensions.fieldErrors` under `input.`.
// The gateway itself checks only what it needs before calling: ids it authorises (UUIDs) and the
// idempotency key.
import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { ArrayMinSize, Matches, MinLength } from 'class-validator';
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
import { CUSTOMER_LIMITS as L } from '@crm/customers-domain';
import { CUSTOM_FIELD_NAME_RULE, Nested, NestedList, UuidField } from './validation-rules';

@InputType({ description: 'Exactly one of person, company.' })
export class RegisterCustomerInput extends CommandInput {
  @UuidField({ nullable: true, description: 'Optional client-chosen UUID.' })
  customerId?: string | null;
  @Nested(() => PersonInput, { nullable: true })
  person?: PersonInput | null;
  @Nested(() => CompanyInput, { nullable: true })
  company?: CompanyInput | null;
  @NestedList(() => ContactInput, {
    nullable: true,
    description: `At most ${L.contactsPerKind} of each kind (email, phone, address).`,
  })
  contacts?: ContactInput[] | null;
  @Nested(() => ChannelInput, { nullable: true })
  acquiredVia?: ChannelInput | null;
  @UuidField({
    nullable: true,
    description: 'Defaults to the caller for sales reps and managers.',
  })
  ownerUserId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
  @Field(() => LifecycleStatus, { nullable: true, description: 'PROSPECT when omitted.' })
  initialStatus?: LifecycleStatus | null;
  @Field(() => String, { nullable: true })
  defaultCountryCallingCode?: string | null;
}

@InputType({ description: 'Only the given fields change; an empty nationalId clears it.' })
export class PersonProfilePatchInput {
  @Field(() => String, { nullable: true })
  firstName?: string | null;
  @Field(() => String, { nullable: true })
  lastName?: string | null;
  @Field(() => String, { nullable: true }) nationalId?: string | null;
}

@InputType({ description: 'Only the given fields change.' })
export class CompanyProfilePatchInput {
  @Field(() => String, { nullable: true })
  legalName?: string | null;
  @Field(() => String, { nullable: true })
  industry?: string | null;
  @Field(() => CompanySize, { nullable: true })
  size?: CompanySize | null;
  @Field(() => String, { nullable: true })
  registrationNumber?: string | null;
}

@InputType({ description: 'At most one of person, company, matching the customer kind.' })
export class UpdateProfileInput extends CustomerCommandInput {
  @Nested(() => PersonProfilePatchInput, { nullable: true })
  person?: PersonProfilePatchInput | null;
  @Nested(() => CompanyProfilePatchInput, { nullable: true })
  company?: CompanyProfilePatchInput | null;
  @Field(() => String, {
    nullable: true,
    description: 'Stored encrypted; read models show the last 4 digits. Empty clears.',
  })
  bankCardNumber?: string | null;
}

@InputType()
export class ChangeLifecycleStatusInput extends CustomerCommandInput {
  @Field(() => LifecycleStatus) status!: LifecycleStatus;
  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType({ description: 'A null ownerUserId / teamId unassigns.' })
export class AssignOwnerInput extends CustomerCommandInput {
  @UuidField({ nullable: true }) ownerUserId?: string | null;
  @Field(() => String, { nullable: true }) teamId?: string | null;
}

@InputType()
export class AddContactInput extends CustomerCommandInput {
  @Nested(() => ContactInput) contact!: ContactInput;
  @Field(() => String, { nullable: true })
  defaultCountryCallingCode?: string | null;
}

@InputType()
export class ContactRefInput extends CustomerCommandInput {
  @UuidField() contactId!: string;
}

@InputType()
export class RecordChannelInput extends CustomerCommandInput {
  @Nested(() => ChannelInput) channel!: ChannelInput;
}

@InputType({ description: 'Replaces all demographics; omitted fields are cleared.' })
export class SetDemographicsInput extends CustomerCommandInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  birthday?: string | null;
  @Field(() => Gender, { nullable: true }) gender?: Gender | null;
  @Field(() => String, { nullable: true })
  occupation?: string | null;
  @Field(() => IncomeBand, { nullable: true })
  incomeBand?: IncomeBand | null;
  @Field(() => String, { nullable: true, description: 'Region code, e.g. DE-BY.' })
  region?: string | null;
}

@InputType()
export class TagsInput extends CustomerCommandInput {
  @NestedList(() => TagInput, { description: `At most ${L.tagsPerKind} of each kind.` })
  @ArrayMinSize(1, { message: 'tags must contain at least one tag' })
  tags!: TagInput[];
}

@InputType()
export class CustomFieldValidationInput {
  @Field(() => Boolean, { nullable: true }) required?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'STRING; default 1000.' })
  maxLength?: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'STRING; ECMAScript regex, anchored by the service.',
  })
  pattern?: string | null;
  @Field(() => Float, { nullable: true }) min?: number | null;
  @Field(() => Float, { nullable: true }) max?: number | null;
  @Field(() => Boolean, { nullable: true }) integer?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'ENUM: the allowed values (required).' })
  allowedValues?: string[] | null;
  @Field(() => String, { nullable: true })
  minDate?: string | null;
  @Field(() => String, { nullable: true })
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
  @Field(() => String) label!: string;
  @Field(() => CustomFieldType) type!: CustomFieldType;
  @Nested(() => CustomFieldValidationInput, { nullable: true })
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
  stringValue?: string | null;
  @Field(() => Float, { nullable: true }) numberValue?: number | null;
  @Field(() => Boolean, { nullable: true }) booleanValue?: boolean | null;
  @Field(() => String, { nullable: true })
  dateValue?: string | null;
  @Field(() => Boolean, { nullable: true }) clear?: boolean | null;
}

@InputType()
export class SetCustomFieldValuesInput extends CustomerCommandInput {
  @NestedList(() => CustomFieldValueInput)
  @ArrayMinSize(1, { message: 'values must contain at least one value' })
  values!: CustomFieldValueInput[];
}

@InputType()
export class RecordInteractionInput extends CustomerCommandInput {
  @UuidField({ nullable: true, description: 'Optional UUID; the same id twice is a no-op.' })
  interactionId?: string | null;
  @Field(() => InteractionKind) kind!: InteractionKind;
  @Field(() => InteractionDirection, { nullable: true })
  direction?: InteractionDirection | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601; now when omitted; not in the future.',
  })
  occurredAt?: string | null;
  @Field(() => String, { nullable: true })
  subject?: string | null;
  @Field(() => String, {
    nullable: true,
    description: `Up to ${L.notes.toLocaleString('en-US')} characters.`,
  })
  notes?: string | null;
  @Field(() => String, { nullable: true })
  outcome?: string | null;
  @UuidField({ nullable: true, description: 'The caller when omitted.' })
  performedByUserId?: string | null;
}

@InputType()
export class PurchaseItemInput {
  @Field(() => String) sku!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true })
  category?: string | null;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { description: 'Decimal string, e.g. "19.99".' })
  unitPrice!: string;
}

@InputType()
export class RecordPurchaseInput extends CustomerCommandInput {
  @Field(() => String, { description: `At most ${L.id} characters, no spaces.` })
  orderId!: string;
  @NestedList(() => PurchaseItemInput, { description: `At most ${L.purchaseItems} items.` })
  items!: PurchaseItemInput[];
  @Field(() => String, { description: 'Decimal total, e.g. "129.90".' })
  amount!: string;
  @Field(() => String, { description: 'ISO-4217, e.g. EUR.' })
  currency!: string;
  @Field(() => AcquisitionChannel, { nullable: true })
  channel?: AcquisitionChannel | null;
  @Field(() => String, { nullable: true })
  purchasedAt?: string | null;
}

@InputType()
export class ConsentInput extends CustomerCommandInput {
  @Field(() => ConsentChannel) channel!: ConsentChannel;
  @Field(() => String, {
    nullable: true,
    description: 'Where it was given or withdrawn, e.g. "web-form:newsletter".',
  })
  source?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'ISO-8601; now when omitted; not in the future.',
  })
  at?: string | null;
}

@InputType()
export class MergeCustomersInput extends CommandInput {
  @UuidField() survivorCustomerId!: string;
  @UuidField() mergedCustomerId!: string;
  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
export class ErasePersonalDataInput extends CustomerCommandInput {
  @Field(() => String, {
    description: 'Why, e.g. "GDPR Art. 17 request #123". Recorded in the event.',
  })
  @MinLength(3, { message: 'reason must say why the data is erased (at least 3 characters)' })
  reason!: string;
}
