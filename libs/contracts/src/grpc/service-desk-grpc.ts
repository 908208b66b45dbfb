// The service-desk gRPC contract as TypeScript: where proto/service-desk.proto lives and its
// generated message types (same loader options as every service: customers-grpc.ts).
import path from 'node:path';
import { CUSTOMERS_PROTO_LOADER_OPTIONS, PROTO_ROOT } from './customers-grpc';

export const SERVICE_DESK_PROTO_PATH = path.join(PROTO_ROOT, 'service-desk.proto');
export const SERVICE_DESK_PACKAGE = 'crm.service_desk.v1';
export const SERVICE_DESK_SERVICE_NAME = `${SERVICE_DESK_PACKAGE}.ServiceDeskService`;
export const SERVICE_DESK_PROTO_LOADER_OPTIONS = CUSTOMERS_PROTO_LOADER_OPTIONS;

export type * from './generated/service-desk.v1';
