// Liveness and readiness of a context service, answered on two surfaces: the standard gRPC health
// service on the gRPC port (for the gateway and grpc-health-probe) and GET /health, /ready on the
// HTTP health port (for process supervisors). Ready = PostgreSQL answers.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { Pool } from 'pg';

/** The standard grpc.health.v1 proto the services serve (clients and probes load it too). */
export const GRPC_HEALTH_PROTO_PATH = path.join(__dirname, 'health.proto');

export class GrpcServiceHealth {
  private stopping = false;

  /** `serviceName`: the fully qualified gRPC service, e.g. `crm.sales.v1.SalesService`. */
  constructor(
    private readonly pool: Pool,
    private readonly serviceName: string,
    private readonly details: () => Record<string, unknown> = () => ({}),
  ) {}

  markStopping(): void {
    this.stopping = true;
  }

  async ready(): Promise<{ ok: boolean; details: Record<string, unknown> }> {
    if (this.stopping) return { ok: false, details: { reason: 'stopping' } };
    try {
      await this.pool.query('SELECT 1');
      return { ok: true, details: { postgres: 'up', ...this.details() } };
    } catch (error) {
      return {
        ok: false,
        details: {
          postgres: 'down',
          error: error instanceof Error ? error.message : String(error),
        },
      };
    }
  }

  /** Adds grpc.health.v1.Health to the server Nest creates (GrpcOptions.onLoadPackageDefinition). */
  addGrpcHealthService(server: grpc.Server): void {
    const definition = protoLoader.loadSync(GRPC_HEALTH_PROTO_PATH, {
      keepCase: false,
      enums: String,
      defaults: true,
    });
    const loaded = grpc.loadPackageDefinition(definition) as unknown as {
      grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } };
    };
    const check = async (service: string): Promise<string> => {
      if (service !== '' && service !== this.serviceName) return 'SERVICE_UNKNOWN';
      return (await this.ready()).ok ? 'SERVING' : 'NOT_SERVING';
    };
    server.addService(loaded.grpc.health.v1.Health.service, {
      Check: (
        call: grpc.ServerUnaryCall<{ service: string }, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => {
        check(call.request.service).then(
          (status) =>
            status === 'SERVICE_UNKNOWN'
              ? callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' })
              : callback(null, { status }),
          (error: unknown) => callback({ code: grpc.status.INTERNAL, details: String(error) }),
        );
      },
      Watch: (call: grpc.ServerWritableStream<{ service: string }, unknown>) => {
        // One answer, then the stream stays open until the client leaves (enough for probes).
        check(call.request.service).then(
          (status) => call.write({ status }),
          () => call.end(),
        );
      },
    });
  }
}
