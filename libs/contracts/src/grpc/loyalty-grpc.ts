// The loyalty gRPC contract as TypeScript: where proto/loyalty.proto lives and its generated
// message types (same loader options as every contract, CUSTOMERS_PROTO_LOADER_OPTIONS; see
// customers-grpc.ts for what the generated `Foo` / `Foo__Output` types mean).
import path from 'node:path';
import { CUSTOMERS_PROTO_LOADER_OPTIONS, PROTO_ROOT } from './customers-grpc';

export const LOYALTY_PROTO_PATH = path.join(PROTO_ROOT, 'loyalty.proto');
export const LOYALTY_PACKAGE = 'crm.loyalty.v1';
export const LOYALTY_SERVICE_NAME = `${LOYALTY_PACKAGE}.LoyaltyService`;
/** The one set of proto-loader options of the platform (proto/README.md "Loading"). */
export const LOYALTY_PROTO_LOADER_OPTIONS = CUSTOMERS_PROTO_LOADER_OPTIONS;

export type * from './generated/loyalty.v1';
