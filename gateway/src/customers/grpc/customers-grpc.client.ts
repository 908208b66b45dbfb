// The gRPC client of services/customers (proto/customers.proto), loaded at runtime with the options
// fixed in proto/README.md. Each call carries the RequestContext (tenant and actor from the token,
// correlation id, idempotency key), the correlation id again as metadata, and a deadline. Failures
// are translated into client-safe GraphQL errors by translateCustomersError.
import path from 'node:path';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { type Principal } from '../../authz/principal';

export const CUSTOMERS_PROTO_PATH = path.resolve(__dirname, '../../../../proto/customers.proto');
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};
export const CUSTOMERS_SERVICE_NAME = 'crm.customers.v1.CustomersService';

export interface RequestContextMessage {
  tenantId: string;
  actorUserId: string;
  actorRoles: string[];
  correlationId: string;
  idempotencyKey: string;
}

export interface CallContext {
  readonly principal: Principal;
  readonly correlationId: string;
  readonly idempotencyKey?: string | null;
}

export function requestContextOf(call: CallContext): RequestContextMessage {
  return {
    tenantId: call.principal.tenantId,
    actorUserId: call.principal.userId,
    actorRoles: [...call.principal.roles],
    correlationId: call.correlationId,
    idempotencyKey: call.idempotencyKey ?? '',
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

export interface FieldViolationMessage {
  field: string;
  code: string;
  message: string;
}

export interface ErrorDetailMessage {
  code: string;
  message: string;
  violations?: FieldViolationMessage[];
  correlationId?: string;
}

function readErrorDetail(error: grpc.ServiceError): ErrorDetailMessage | null {
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

type UnaryMethod = (
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

export class CustomersGrpcClient {
  private readonly client: grpc.Client;

  constructor(
    address: string,
    private readonly deadlineMs: number,
    protoPath: string = CUSTOMERS_PROTO_PATH,
  ) {
    const definition = protoLoader.loadSync(protoPath, PROTO_LOADER_OPTIONS);
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      crm: { customers: { v1: { CustomersService: grpc.ServiceClientConstructor } } };
    };
    this.client = new loaded.crm.customers.v1.CustomersService(
      address,
      grpc.credentials.createInsecure(),
    );
  }

  /** Calls a unary RPC by its proto name (e.g. `RegisterCustomer`) with the RequestContext filled in. */
  call<Response>(
    method: string,
    call: CallContext,
    request: Record<string, unknown>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, UnaryMethod | undefined>)[method];
    if (typeof fn !== 'function')
      return Promise.reject(new Error(`unknown customers RPC ${method}`));
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
    const message = { ...request, ctx: requestContextOf(call) };
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
   * following ones the CSV in chunks, so files larger than one gRPC message can be imported.
   */
  /**
   * Client streaming with back-pressure: the next chunk of `csv` is pulled only when the call can
   * take it, so memory holds a chunk at a time. If `csv` fails (e.g. the upload was cut off), the
   * call is cancelled and the promise rejects with that error.
   */
  streamImport<Response>(
    call: CallContext,
    start: Record<string, unknown>,
    csv: AsyncIterable<Buffer>,
  ): Promise<Response> {
    const fn = (this.client as unknown as Record<string, ClientStreamingMethod | undefined>)[
      'StreamImport'
    ];
    if (typeof fn !== 'function')
      return Promise.reject(new Error('unknown customers RPC StreamImport'));
    const metadata = new grpc.Metadata();
    metadata.set('x-correlation-id', call.correlationId);
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
