// The sales gRPC contract as TypeScript: where proto/sales.proto lives, its package and service
// names, and the message types generated from it (libs/contracts/src/grpc/generated/, git-ignored,
// written by `npm run proto:generate`). The loader options are customers' (one set for every proto:
// the generator derives its flags from them). Only types are exported from the generated files.
import path from 'node:path';
import { CUSTOMERS_PROTO_LOADER_OPTIONS, PROTO_ROOT } from './customers-grpc';
import type { CommandResult__Output, SalesServiceDefinition } from './generated/sales.v1';
import type { RpcNames, RpcRequestOf, RpcResponseOf } from './proto-rpc-types';

export const SALES_PROTO_PATH = path.join(PROTO_ROOT, 'sales.proto');
export const SALES_PACKAGE = 'crm.sales.v1';
export const SALES_SERVICE_NAME = `${SALES_PACKAGE}.SalesService`;
export const SALES_PROTO_LOADER_OPTIONS = CUSTOMERS_PROTO_LOADER_OPTIONS;

export type * from './generated/sales.v1';

export type SalesRpc = RpcNames<SalesServiceDefinition>;
/** What a caller sends (all fields optional), without the RequestContext the client adds. */
export type SalesRequest<M extends SalesRpc> = RpcRequestOf<SalesServiceDefinition, M>;
/** What a caller receives (proto-loader's decoded form with the shared options). */
export type SalesResponse<M extends SalesRpc> = RpcResponseOf<SalesServiceDefinition, M>;
export type SalesCommandResult = CommandResult__Output;
