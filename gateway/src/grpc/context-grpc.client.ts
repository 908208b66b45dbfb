// A gRPC client of one context service (loyalty, service desk, ...) with the platform's loader
// options. Like the customers client: each call carries a service call token for the verified user
// (audience of the service), the correlation id and idempotency key in the RequestContext, and a
// deadline. Failures become ContextCallError with the typed ErrorDetail of the trailing metadata.
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

/** A failed call to a context service: the gRPC status and the typed ErrorDetail, if any. */
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

/** Where a context's service lives and how to reach it. */
export interface ContextServiceSpec {
  /** Short name in errors and logs: "loyalty", "service-desk". */
  readonly context: string;
  readonly protoPath: string;
  readonly loaderOptions: protoLoader.Options;
  /** Fully qualified service name, e.g. crm.service_desk.v1.ServiceDeskService. */
  readonly serviceName: string;
  readonly audience: ServiceAudience;
}

export class ContextGrpcClient {
  private readonly client: grpc.Client;

  constructor(
    private readonly spec: ContextServiceSpec,
    address: string,
    private readonly deadlineMs: number,
    private readonly tokens: ServiceTokenSigner,
  ) {
    const definition = protoLoader.loadSync(spec.protoPath, spec.loaderOptions)[spec.serviceName];
    if (!definition) throw new Error(`${spec.protoPath} defines no ${spec.serviceName}`);
    const Client = grpc.makeClientConstructor(
      definition as grpc.ServiceDefinition,
      spec.serviceName,
    );
    this.client = new Client(address, grpc.credentials.createInsecure());
  }

  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const { context } = this.spec;
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function') throw new Error(`unknown ${context} RPC ${method}`);
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    metadata.set(
      SERVICE_TOKEN_METADATA_KEY,
      `Bearer ${await this.tokens.sign(callerOf(call), this.spec.audience)}`,
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
                  context,
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
