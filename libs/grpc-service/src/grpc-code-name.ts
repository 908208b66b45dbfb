// The gRPC status name (`NOT_FOUND`, `ABORTED`…) of what an RPC threw, for the `code` label of
// crm_rpc_requests_total: the controller throws RpcExceptions carrying the mapped status.
import { status } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';

export function grpcCodeName(error: unknown): string {
  if (error instanceof RpcException) {
    const code = (error.getError() as { code?: unknown }).code;
    if (typeof code === 'number' && status[code] !== undefined) return status[code];
  }
  return 'UNKNOWN';
}
