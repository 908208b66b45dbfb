// The one list of bounded contexts that publish events. Adding a context = adding its folder
// (libs/contracts/src/<context>/index.ts exporting a ContextContracts) and one line here; then
// regenerate docs/asyncapi.yaml with `npx nx run contracts:generate-asyncapi`.
import { customersContracts } from './customers';
import { loyaltyContracts } from './loyalty';
import { salesContracts } from './sales';
import { serviceDeskContracts } from './service-desk';
import { marketingContracts } from './marketing';
import { reportsContracts } from './reports';
import type { ContextContracts } from './event-contract';

export const PUBLISHED_CONTEXTS: readonly ContextContracts[] = [
  customersContracts,
  salesContracts,
  serviceDeskContracts,
  loyaltyContracts,
  marketingContracts,
  reportsContracts,
];
