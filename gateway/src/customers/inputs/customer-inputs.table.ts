// What the GraphQL inputs of the customer commands add to proto/customers.proto, from which they
// are generated (by generate-customer-inputs.ts at `npm run proto:generate`; output git-ignored in
// ./generated/): the public input names, the fields a caller must give, the ID fields that must be
// UUIDs, the GraphQL names that differ from the proto's and the gateway's own rules. Field types,
// lists, nesting and descriptions (`// GraphQL:` lines of the proto comments, with `{limit}` read
// from CUSTOMER_LIMITS) come from the proto. ProtoRequestBuilder maps the inputs back by the same
// table's renames.
import { type GraphqlInputTable } from '@crm/graphql-inputs';
import { type INPUT_RULES } from './validation-rules';

const CUSTOMER = ['customerId'];

export const CUSTOMER_INPUTS: GraphqlInputTable<keyof typeof INPUT_RULES> = {
  inputs: {
    RegisterCustomerRequest: ['RegisterCustomerInput'],
    PersonDetails: ['PersonInput', ['firstName', 'lastName']],
    CompanyDetails: ['CompanyInput', ['legalName']],
    ContactInput: ['ContactInput'],
    PostalAddress: ['PostalAddressInput', ['line1', 'postalCode', 'city', 'countryCode']],
    ChannelRef: ['ChannelInput', ['channel']],
    UpdateProfileRequest: ['UpdateProfileInput', CUSTOMER],
    PersonProfilePatch: ['PersonProfilePatchInput'],
    CompanyProfilePatch: ['CompanyProfilePatchInput'],
    ChangeLifecycleStatusRequest: ['ChangeLifecycleStatusInput', [...CUSTOMER, 'status']],
    AssignOwnerRequest: ['AssignOwnerInput', CUSTOMER],
    AddContactRequest: ['AddContactInput', [...CUSTOMER, 'contact']],
    SetPrimaryContactRequest: ['ContactRefInput', [...CUSTOMER, 'contactId']],
    RemoveContactRequest: ['ContactRefInput', [...CUSTOMER, 'contactId']],
    RecordChannelRequest: ['RecordChannelInput', [...CUSTOMER, 'channel']],
    SetDemographicsRequest: ['SetDemographicsInput', CUSTOMER],
    TagCustomerRequest: ['TagsInput', [...CUSTOMER, 'tags']],
    UntagCustomerRequest: ['TagsInput', [...CUSTOMER, 'tags']],
    Tag: ['TagInput', ['value']],
    DeclareCustomFieldRequest: ['DeclareCustomFieldInput', ['name', 'label', 'type']],
    CustomFieldValidation: ['CustomFieldValidationInput'],
    SetCustomFieldValuesRequest: ['SetCustomFieldValuesInput', [...CUSTOMER, 'values']],
    CustomFieldValue: ['CustomFieldValueInput', ['name']],
    RecordInteractionRequest: ['RecordInteractionInput', [...CUSTOMER, 'kind']],
    PurchaseItem: ['PurchaseItemInput', ['sku', 'name', 'quantity', 'unitPrice']],
    RecordPurchaseRequest: [
      'RecordPurchaseInput',
      [...CUSTOMER, 'orderId', 'items', 'amount', 'currency'],
    ],
    GrantConsentRequest: ['ConsentInput', [...CUSTOMER, 'channel']],
    WithdrawConsentRequest: ['ConsentInput', [...CUSTOMER, 'channel']],
    MergeCustomersRequest: ['MergeCustomersInput', ['survivorCustomerId', 'mergedCustomerId']],
    ErasePersonalDataRequest: ['ErasePersonalDataInput', [...CUSTOMER, 'reason']],
  },
  uuidFields: [
    'customerId',
    'contactId',
    'ownerUserId',
    'interactionId',
    'performedByUserId',
    'survivorCustomerId',
    'mergedCustomerId',
  ],
  renames: {
    GrantConsentRequest: { grantedAt: 'at' },
    WithdrawConsentRequest: { withdrawnAt: 'at' },
    CustomFieldValue: { boolValue: 'booleanValue' },
  },
  rules: {
    'DeclareCustomFieldInput.name': 'declaredCustomFieldName',
    'CustomFieldValueInput.name': 'customFieldName',
    'TagsInput.tags': 'atLeastOneTag',
    'SetCustomFieldValuesInput.values': 'atLeastOneValue',
    'ErasePersonalDataInput.reason': 'erasureReason',
  },
};
