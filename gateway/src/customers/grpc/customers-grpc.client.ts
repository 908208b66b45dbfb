// The gRPC client of services/customers (proto/customers.proto), loaded at runtime with the options
// fixed in proto/README.md. Each call carries a service call token (tenant, actor, roles and team of
// the verified user, signed by the gateway, 60 s) as `authorization` metadata, the correlation id
// and idempotency key in the RequestContext, the correlation id again as metadata, and a deadline.
// Failures are translated into client-safe GraphQL errors by translateCustomersError.
import { observeGrpcClientCall } from '@crm/observability';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
  CUSTOMERS_SERVICE_NAME,
  type ErrorDetail,
  type FieldViolation__Output,
  type RequestContext__Output,
} from '@crm/contracts/customers-grpc';
import {
  SERVICE_AUDIENCES,
  SERVICE_TOKEN_METADATA_KEY,
  type ServiceCaller,
  type ServiceTokenSigner,
} from '@crm/access-policy';
import { type Principal } from '../../authz/principal';

export { CUSTOMERS_PROTO_PATH, CUSTOMERS_SERVICE_NAME };

/** The RequestContext fields the service still reads; who calls travels only in the token. */
export type RequestContextMessage = Pick<
  RequestContext__Output,
  'correlationId' | 'idempotencyKey'
>;

export interface CallContext {
  readonly principal: Principal;
  /** The caller's team members (sales managers' record scope); empty when not needed. */
  readonly teamMemberIds?: readonly string[];
  readonly correlationId: string;
  readonly idempotencyKey?: string | null;
}

export function requestContextOf(call: CallContext): RequestContextMessage {
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

/** A failed call: the gRPC status and the typed ErrorDetail from the trailing metadata, if any. */
export class CustomersCallError extends Error {
  constructor(
    readonly method: string,
    readonly status: grpc.status,
    readonly detail: ErrorDetailMessage | null,
    readonly grpcMessage: string,
  ) {
    super(`customers.${method} failed with ${grpc.status[status]}: ${detail?.code ?? grpcMessage}`);
    this.name = 'CustomersCallError';
  }
}

export type FieldViolationMessage = FieldViolation__Output;
/** ErrorDetail as proto3 JSON (absent defaults), with the fields the gateway relies on. */
export type ErrorDetailMessage = Omit<ErrorDetail, 'violations'> & {
  code: string;
  message: string;
  violations?: FieldViolationMessage[];
};

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

export type UnaryMethod = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientUnaryCall;

type ClientStreamingMethod = (
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientWritableStream<unknown>;

/** The service name of the spans (`<Service>/<Method>`, as the service names its own). */
const CUSTOMERS_SERVICE = 'CustomersService';

export class CustomersGrpcClient {
  private readonly client: grpc.Client;

  constructor(
    address: string,
    private readonly deadlineMs: number,
    private readonly tokens: ServiceTokenSigner,
    protoPath: string = CUSTOMERS_PROTO_PATH,
  ) {
    const definition = protoLoader.loadSync(protoPath, CUSTOMERS_PROTO_LOADER_OPTIONS);
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      crm: { customers: { v1: { CustomersService: grpc.ServiceClientConstructor } } };
    };
    this.client = new loaded.crm.customers.v1.CustomersService(
      address,
      grpc.credentials.createInsecure(),
    );
  }

  /** Correlation id and a fresh service call token for this call's caller. */
  private async metadataFor(call: CallContext): Promise<grpc.Metadata> {
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    const token = await this.tokens.sign(callerOf(call), SERVICE_AUDIENCES.customers);
    metadata.set(SERVICE_TOKEN_METADATA_KEY, `Bearer ${token}`);
    return metadata;
  }

  /** Calls a unary RPC by its proto name (e.g. `RegisterCustomer`) with the RequestContext filled in. */
  async call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function') throw new Error(`unknown customers RPC ${method}`);
    const metadata = await this.metadataFor(call);
    const message = { ...request, ctx: requestContextOf(call) };
    // A CLIENT span whose `traceparent` travels in the metadata (docs/operations/tracing.md).
    return observeGrpcClientCall(CUSTOMERS_SERVICE, method, metadata, () =>
      this.send<Response>(fn, method, message, metadata),
    );
  }

  private send<Response>(
    fn: UnaryMethod,
    method: string,
    message: Record<string, unknown>,
    metadata: grpc.Metadata,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      fn.call(
        this.client,
        message,
        metadata,
        { deadline: Date.now() + this.deadlineMs },
        (error, response) => {
          if (error)
            reject(
              new CustomersCallError(
                method,
                error.code,
                readErrorDetail(error),
                error.details ?? error.message,
              ),
            );
          else resolve(response as Response);
        },
      );
    });
  }

  /**
   * Client-streaming import (StreamImport): the first message carries the request without CSV, the
   * following ones the CSV in chunks, with back-pressure: the next chunk of `csv` is pulled only when the call can
   * take it, so memory holds a chunk at a time. If `csv` fails (e.g. the upload was cut off), the
   * call is cancelled and the promise rejects with that error.
   */
  async streamImport<Response>(
    call: CallContext,
    start: Record<string, unknown>,
    csv: AsyncIterable<Buffer>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, ClientStreamingMethod | undefined>)[
      'StreamImport'
    ];
    if (typeof fn !== 'function') throw new Error('unknown customers RPC StreamImport');
    const metadata = await this.metadataFor(call);
    return observeGrpcClientCall(CUSTOMERS_SERVICE, 'StreamImport', metadata, () =>
      this.sendStream<Response>(fn, metadata, call, start, csv),
    );
  }

  private sendStream<Response>(
    fn: ClientStreamingMethod,
    metadata: grpc.Metadata,
    call: CallContext,
    start: Record<string, unknown>,
    csv: AsyncIterable<Buffer>,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      let sourceError: Error | undefined;
      const stream = fn.call(
        this.client,
        metadata,
        // The deadline covers the upload only: the service answers once the file is staged.
        { deadline: Date.now() + this.deadlineMs * 6 },
        (error, response) => {
          if (sourceError !== undefined) reject(sourceError);
          else if (error)
            reject(
              new CustomersCallError(
                'StreamImport',
                error.code,
                readErrorDetail(error),
                error.details ?? error.message,
              ),
            );
          else resolve(response as Response);
        },
      );
      const pump = async (): Promise<void> => {
        stream.write({ start: { ...start, csv: Buffer.alloc(0), ctx: requestContextOf(call) } });
        for await (const chunk of csv) {
          if (!stream.write({ csvChunk: chunk })) await once(stream, 'drain');
        }
        stream.end();
      };
      pump().catch((error: unknown) => {
        sourceError = error instanceof Error ? error : new Error('the upload could not be read');
        stream.cancel();
      });
    });
  }

  /** Resolves when the channel is connected (readiness), rejects after `timeoutMs`. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.waitForReady(Date.now() + timeoutMs, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
