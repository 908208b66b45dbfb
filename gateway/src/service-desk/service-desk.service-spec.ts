// Where the gateway finds services/service-desk's gRPC contract (proto/service-desk.proto); the
// composition root builds `new ContextGrpcClient(SERVICE_DESK_SERVICE, …)` from it (ADR 0175, 0188).
import { SERVICE_AUDIENCES } from '@crm/access-policy';
import {
  SERVICE_DESK_PROTO_LOADER_OPTIONS,
  SERVICE_DESK_PROTO_PATH,
  SERVICE_DESK_SERVICE_NAME,
} from '@crm/contracts/service-desk-grpc';
import { type ContextServiceDefinition } from '../grpc/context-grpc.client';

export const SERVICE_DESK_SERVICE: ContextServiceDefinition = {
  context: 'service-desk',
  protoPath: SERVICE_DESK_PROTO_PATH,
  loaderOptions: SERVICE_DESK_PROTO_LOADER_OPTIONS,
  serviceName: SERVICE_DESK_SERVICE_NAME,
  audience: SERVICE_AUDIENCES.serviceDesk,
};
