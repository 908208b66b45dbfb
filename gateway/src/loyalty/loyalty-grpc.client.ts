// The gRPC client of services/loyalty (proto/loyalty.proto), with the platform's loader options.
// Like the customers client: each call carries a service call token for the verified user (audience
// crm.loyalty), the correlation id and idempotency key in the RequestContext, and a deadline.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  SERVICE_AUDIENCES,
  SERVICE_TOKEN_METADATA_KEY,
  type ServiceTokenSigner,
} from '@crm/access-policy';
import { LOYALTY_PROTO_LOADER_OPTIONS, LOYALTY_PROTO_PATH } from '@crm/contracts/loyalty-grpc';
import {
  callerOf,
  readErrorDetail,
  requestContextOf,
  type CallContext,
  type ErrorDetailMessage,
} from '../customers/grpc/customers-grpc.client';

/** A failed loyalty call: the gRPC status and the typed ErrorDetail, if any. */
export class LoyaltyCallError extends Error {
  constructor(
    readonly method: string,
    readonly status: grpc.status,
    readonly detail: ErrorDetailMessage | null,
    readonly grpcMessage: string,
  ) {
    super(`loyalty.${method} failed with ${grpc.status[status]}: ${detail?.code ?? grpcMessage}`);
    this.name = 'LoyaltyCallError';
  }
}

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

export class LoyaltyGrpcClient {
  private readonly client: grpc.Client;

  constructor(
    address: string,
    private readonly deadlineMs: number,
    private readonly tokens: ServiceTokenSigner,
  ) {
    const loaded = grpc.loadPackageDefinition(
      protoLoader.loadSync(LOYALTY_PROTO_PATH, LOYALTY_PROTO_LOADER_OPTIONS),
    ) as unknown as { crm: { loyalty: { v1: { LoyaltyService: grpc.ServiceClientConstructor } } } };
    this.client = new loaded.crm.loyalty.v1.LoyaltyService(
      address,
      grpc.credentials.createInsecure(),
    );
  }

  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function') throw new Error(`unknown loyalty RPC ${method}`);
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    metadata.set(
      SERVICE_TOKEN_METADATA_KEY,
      `Bearer ${await this.tokens.sign(callerOf(call), SERVICE_AUDIENCES.loyalty)}`,
    );
    return new Promise<Response>((resolve, reject) => {
      fn.call(
        this.client,
        { ...request, ctx: requestContextOf(call) },
        metadata,
        { deadline: Date.now() + this.deadlineMs },
        (error, response) =>
          error
            ? reject(
                new LoyaltyCallError(
                  method,
                  error.code,
                  readErrorDetail(error),
                  error.details ?? error.message,
                ),
              )
            : resolve(response as Response),
      );
    });
  }

  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.client.waitForReady(Date.now() + timeoutMs, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}
