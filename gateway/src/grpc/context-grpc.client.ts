// A gRPC client of one context's service, with the platform's conventions (customers' typed client
// extends it with the streaming import): each call carries a service call token (tenant, actor,
// roles and team of the verified user, signed by the gateway, 60 s, for the service's audience) as
// `authorization` metadata, the correlation id and idempotency key in the RequestContext, the
// correlation id again as metadata, a CLIENT span and a deadline. A failure becomes a
// ContextCallError with the gRPC status and the typed ErrorDetail (see translateContextError).
import { observeGrpcClientCall } from '@crm/observability';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  SERVICE_TOKEN_METADATA_KEY,
  type ServiceAudience,
  type ServiceCaller,
  type ServiceTokenSigner,
} from '@crm/access-policy';
import { type Principal } from '../authz/principal';

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

/** Who calls (signed into the token) and the request's correlation id and idempotency key. */
export interface CallContext {
  readonly principal: Principal;
  /** The caller's team members (sales managers' record scope); empty when not needed. */
  readonly teamMemberIds?: readonly string[];
  readonly correlationId: string;
  readonly idempotencyKey?: string | null;
}

/** The RequestContext fields the services still read; who calls travels only in the token. */
export function requestContextOf(call: CallContext): {
  correlationId: string;
  idempotencyKey: string;
} {
  return { correlationId: call.correlationId, idempotencyKey: call.idempotencyKey ?? '' };
}

export function callerOf(call: CallContext): ServiceCaller {
  const { principal } = call;
  return {
    tenantId: principal.tenantId,
    // A principal names a system process as `system:<name>` (Principal.userId); its token says so.
    actor: principal.userId.startsWith('system:')
      ? { kind: 'system', name: principal.userId.slice('system:'.length) }
      : { kind: 'user', userId: principal.userId },
    roles: principal.roles,
    teamId: principal.teamId,
    teamMemberIds: call.teamMemberIds ?? [],
  };
}

/** ErrorDetail (every context proto declares the same) as proto3 JSON, with absent defaults. */
export interface ErrorDetailMessage {
  readonly code: string;
  readonly message: string;
  readonly violations?: { field: string; code: string; message: string }[];
  readonly correlationId?: string;
}

/** The typed ErrorDetail the service put in the trailing metadata, if any. */
export function readErrorDetail(error: grpc.ServiceError): ErrorDetailMessage | null {
  const raw = error.metadata?.get('crm-error-detail-bin')[0];
  if (raw === undefined) return null;
  try {
    const parsed = JSON.parse(
      Buffer.isBuffer(raw) ? raw.toString('utf8') : raw,
    ) as Partial<ErrorDetailMessage>;
    if (typeof parsed.code !== 'string') return null;
    return {
      code: parsed.code,
      message: typeof parsed.message === 'string' ? parsed.message : '',
      violations: Array.isArray(parsed.violations)
        ? parsed.violations.filter((v) => typeof v?.field === 'string')
        : [],
      ...(typeof parsed.correlationId === 'string' ? { correlationId: parsed.correlationId } : {}),
    };
  } catch {
    return null;
  }
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

type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

export class ContextGrpcClient {
  protected readonly client: grpc.Client;
  /** The service name of the spans (`<Service>/<Method>`, as the service names its own). */
  protected readonly spanService: string;

  constructor(
    protected readonly service: ContextServiceDefinition,
    address: string,
    protected readonly deadlineMs: number,
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
    this.spanService = service.serviceName.split('.').at(-1) ?? service.serviceName;
  }

  /** Correlation id and a fresh service call token for this call's caller. */
  protected async metadataFor(call: CallContext): Promise<grpc.Metadata> {
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    const token = await this.tokens.sign(callerOf(call), this.service.audience);
    metadata.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${token}`);
    return metadata;
  }

  protected callError(method: string, error: grpc.ServiceError): ContextCallError {
    const detail = readErrorDetail(error);
    const message = error.details ?? error.message;
    return new ContextCallError(this.service.context, method, error.code, detail, message);
  }

  /** Calls a unary RPC by its proto name (e.g. `RegisterCustomer`) with the RequestContext filled in. */
  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function') throw new Error(`unknown ${this.service.context} RPC ${method}`);
    const metadata = await this.metadataFor(call);
    const message = { ...request, ctx: requestContextOf(call) };
    // A CLIENT span whose `traceparent` travels in the metadata (docs/operations/tracing.md).
    return observeGrpcClientCall(this.spanService, method, metadata, () => {
      return new Promise<Response>((resolve, reject) => {
        const deadline = Date.now() + this.deadlineMs;
        fn.call(this.client, message, metadata, { deadline }, (error, response) =>
          error ? reject(this.callError(method, error)) : resolve(response as Response),
        );
      });
    });
  }

  /** Resolves when the channel is connected (readiness), rejects after `timeoutMs`. */
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
