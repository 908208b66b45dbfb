// A gRPC client of one context's service, with the platform's conventions, for contexts wired after
// customers: each call carries a service call token for the verified user (the service's audience),
// the correlation id and idempotency key in the RequestContext, and a deadline. A failure becomes a
// ContextCallError with the gRPC status and the typed ErrorDetail (see translateContextError).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  SERVICE_TOKEN_METADATA_KEY,
  type ServiceAudience,
  type ServiceTokenSigner,
} from '@crm/access-policy';
import {
  callerOf,
  readErrorDetail,
  requestContextOf,
  type CallContext,
  type ErrorDetailMessage,
  type UnaryMethod,
} from '../customers/grpc/customers-grpc.client';

/** Which service a client talks to: its proto, fully qualified service name and token audience. */
export interface ContextServiceDefinition {
  /** Short name used in errors and logs: "sales". */
  readonly context: string;
  readonly protoPath: string;
  readonly loaderOptions: protoLoader.Options;
  /** "crm.sales.v1.SalesService" */
  readonly serviceName: string;
  readonly audience: ServiceAudience;
}

/** A failed call: the gRPC status and the typed ErrorDetail, if any. */
export class ContextCallError extends Error {
  constructor(
    readonly context: string,
    readonly method: string,
    readonly status: grpc.status,
    readonly detail: ErrorDetailMessage | null,
    readonly grpcMessage: string,
  ) {
    super(
      `${context}.${method} failed with ${grpc.status[status]}: ${detail?.code ?? grpcMessage}`,
    );
    this.name = 'ContextCallError';
  }
}

export class ContextGrpcClient {
  private readonly client: grpc.Client;

  constructor(
    private readonly service: ContextServiceDefinition,
    address: string,
    private readonly deadlineMs: number,
    private readonly tokens: ServiceTokenSigner,
  ) {
    let node: unknown = grpc.loadPackageDefinition(
      protoLoader.loadSync(service.protoPath, service.loaderOptions),
    );
    for (const part of service.serviceName.split('.')) {
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    if (typeof node !== 'function') {
      throw new Error(`${service.serviceName} is not defined in ${service.protoPath}`);
    }
    const Client = node as grpc.ServiceClientConstructor;
    this.client = new Client(address, grpc.credentials.createInsecure());
  }

  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function') throw new Error(`unknown ${this.service.context} RPC ${method}`);
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    metadata.set(
      SERVICE_TOKEN_METADATA_KEY,
      `Bearer ${await this.tokens.sign(callerOf(call), this.service.audience)}`,
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
                new ContextCallError(
                  this.service.context,
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
