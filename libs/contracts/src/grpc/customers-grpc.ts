// The customers gRPC contract as TypeScript: where proto/customers.proto lives, the one set of
// @grpc/proto-loader options that the service, the gateway and the type generator all use, and the
// message types generated from the .proto (libs/contracts/src/grpc/generated/, git-ignored, written
// by `npm run proto:generate`, which `npm test`, `npm start` and `npm run typecheck` run first).
//
// `Foo` is what a caller may send (fields optional, enums as names or numbers); `Foo__Output` is what
// proto-loader hands a handler with these options: camelCase fields, scalars always present
// (`defaults`), enums as names, 64-bit integers as strings, and the oneof's member name in a virtual
// field (`details: 'person'`). Only types are exported, so nothing needs the generated files at run
// time (lint forbids value imports from them).
import path from 'node:path';
import type { CommandResult__Output, CustomersServiceDefinition } from './generated/customers.v1';
import type { RpcNames, RpcRequestOf, RpcResponseOf } from './proto-rpc-types';

export const PROTO_ROOT = path.resolve(__dirname, '../../../../proto');
export const CUSTOMERS_PROTO_PATH = path.join(PROTO_ROOT, 'customers.proto');
export const CUSTOMERS_PACKAGE = 'crm.customers.v1';
export const CUSTOMERS_SERVICE_NAME = `${CUSTOMERS_PACKAGE}.CustomersService`;

/** proto/README.md "Loading": the generator derives its flags from this object. */
export const CUSTOMERS_PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

export type * from './generated/customers.v1';

/** The unary RPCs of CustomersService, with what a caller sends and what it gets back. */
type Service = CustomersServiceDefinition;
export type CustomersUnaryRpc = Exclude<RpcNames<Service>, 'StreamImport'>;
export type CustomersRequest<M extends CustomersUnaryRpc> = RpcRequestOf<Service, M>;
export type CustomersResponse<M extends CustomersUnaryRpc> = RpcResponseOf<Service, M>;
/** The RPCs that answer with a CommandResult (the state-changing commands). */
export type CustomersCommandRpc = {
  [M in CustomersUnaryRpc]: CustomersResponse<M> extends CommandResult__Output ? M : never;
}[CustomersUnaryRpc];
