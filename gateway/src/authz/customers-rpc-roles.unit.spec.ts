// The gateway and services/customers refuse the same roles: every GraphQL operation (and the upload
// route) that sends a customers RPC declares exactly the roles the shared policy allows for that
// RPC (libs/access-policy CUSTOMERS_RPC_ROLES), which the service enforces again on its side.
import { CUSTOMERS_RPC_ROLES, type CustomersRpc } from '@crm/access-policy';
import { CustomerImportUploadController } from '../customers/customer-import-upload.controller';
import { CustomerMutationsResolver } from '../customers/customer-mutations.resolver';
import { CustomerServiceQueriesResolver } from '../customers/customer-service-queries.resolver';
import { ALLOWED_ROLES_KEY } from './allow.decorator';
import { type Role } from './role';

const SENDERS: readonly [object, string, CustomersRpc][] = [
  [CustomerMutationsResolver, 'registerCustomer', 'RegisterCustomer'],
  [CustomerMutationsResolver, 'updateCustomerProfile', 'UpdateProfile'],
  [CustomerMutationsResolver, 'changeLifecycleStatus', 'ChangeLifecycleStatus'],
  [CustomerMutationsResolver, 'assignCustomerOwner', 'AssignOwner'],
  [CustomerMutationsResolver, 'addCustomerContact', 'AddContact'],
  [CustomerMutationsResolver, 'setPrimaryContact', 'SetPrimaryContact'],
  [CustomerMutationsResolver, 'removeCustomerContact', 'RemoveContact'],
  [CustomerMutationsResolver, 'recordCustomerChannel', 'RecordChannel'],
  [CustomerMutationsResolver, 'setCustomerDemographics', 'SetDemographics'],
  [CustomerMutationsResolver, 'tagCustomer', 'TagCustomer'],
  [CustomerMutationsResolver, 'untagCustomer', 'UntagCustomer'],
  [CustomerMutationsResolver, 'declareCustomField', 'DeclareCustomField'],
  [CustomerMutationsResolver, 'setCustomFieldValues', 'SetCustomFieldValues'],
  [CustomerMutationsResolver, 'recordInteraction', 'RecordInteraction'],
  [CustomerMutationsResolver, 'recordPurchase', 'RecordPurchase'],
  [CustomerMutationsResolver, 'grantConsent', 'GrantConsent'],
  [CustomerMutationsResolver, 'withdrawConsent', 'WithdrawConsent'],
  [CustomerMutationsResolver, 'mergeCustomers', 'MergeCustomers'],
  [CustomerMutationsResolver, 'importCustomers', 'StartImport'],
  [CustomerMutationsResolver, 'erasePersonalData', 'ErasePersonalData'],
  [CustomerServiceQueriesResolver, 'checkConsent', 'CheckConsent'],
  [CustomerServiceQueriesResolver, 'duplicateCandidates', 'FindDuplicateCandidates'],
  [CustomerServiceQueriesResolver, 'importStatus', 'GetImportStatus'],
  [CustomerServiceQueriesResolver, 'exportPersonalData', 'ExportPersonalData'],
  [CustomerImportUploadController, 'upload', 'StreamImport'],
];

describe.each(SENDERS)('%p.%s', (type, method, rpc) => {
  test(`allows the roles the service allows for ${rpc}`, () => {
    const handler = (type as { prototype: Record<string, unknown> }).prototype[method];
    expect(typeof handler).toBe('function');
    const declared = Reflect.getMetadata(ALLOWED_ROLES_KEY, handler as object) as Role[];
    expect([...declared].sort()).toEqual([...CUSTOMERS_RPC_ROLES[rpc]].sort());
  });
});

test('every customers RPC is sent by some gateway operation', () => {
  expect(new Set(SENDERS.map(([, , rpc]) => rpc))).toEqual(
    new Set(Object.keys(CUSTOMERS_RPC_ROLES)),
  );
});
