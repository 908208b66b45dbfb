// Writes the GraphQL inputs of the customer commands from proto/customers.proto and
// customer-inputs.table.ts into ./generated/ (git-ignored): run by `npm run proto:generate` after the
// proto types (ADR 0345).
import path from 'node:path';
import { CUSTOMERS_PROTO_PATH } from '@crm/contracts/customers-grpc';
import { CUSTOMER_LIMITS } from '@crm/customers-domain';
import { writeInputs } from '@crm/graphql-inputs';
import { CUSTOMER_INPUTS } from './customer-inputs.table';

writeInputs({
  protoPath: CUSTOMERS_PROTO_PATH,
  table: CUSTOMER_INPUTS,
  limits: CUSTOMER_LIMITS,
  outFile: path.join(__dirname, 'generated', 'customer-commands.inputs.ts'),
  imports: {
    enums: '../../models/customer-enums',
    bases: '../shared.inputs',
    rules: '../validation-rules',
  },
});
