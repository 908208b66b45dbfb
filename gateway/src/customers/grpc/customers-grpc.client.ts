// The gRPC client of services/customers (proto/customers.proto): the kit's context client (token,
// RequestContext, span, deadline, typed errors) plus the client-streaming CSV import. Failures are
// translated into client-safe GraphQL errors by translateCustomersError.
import { observeGrpcClientCall } from '@crm/observability';
import { once } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import {
  CUSTOMERS_PROTO_LOADER_OPTIONS,
  CUSTOMERS_PROTO_PATH,
  CUSTOMERS_SERVICE_NAME,
} from '@crm/contracts/customers-grpc';
import { SERVICE_AUDIENCES, type ServiceTokenSigner } from '@crm/access-policy';
import {
  ContextGrpcClient,
  requestContextOf,
  type CallContext,
  type ContextServiceDefinition,
} from '../../grpc/context-grpc.client';

// Sales, loyalty and the test support import the call context from here (ADR 0170).
export type { CallContext } from '../../grpc/context-grpc.client';

export const CUSTOMERS_SERVICE: ContextServiceDefinition = {
  context: 'customers',
  protoPath: CUSTOMERS_PROTO_PATH,
  loaderOptions: CUSTOMERS_PROTO_LOADER_OPTIONS,
  serviceName: CUSTOMERS_SERVICE_NAME,
  audience: SERVICE_AUDIENCES.customers,
};

type ClientStreamingMethod = (
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => grpc.ClientWritableStream<unknown>;

export class CustomersGrpcClient extends ContextGrpcClient {
  constructor(address: string, deadlineMs: number, tokens: ServiceTokenSigner) {
    super(CUSTOMERS_SERVICE, address, deadlineMs, tokens);
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
    const fn = (this.client as unknown as Record<string, ClientStreamingMethod>)['StreamImport']!;
    const metadata = await this.metadataFor(call);
    return observeGrpcClientCall(this.spanService, 'StreamImport', metadata, () =>
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
          else if (error) reject(this.callError('StreamImport', error));
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
}
