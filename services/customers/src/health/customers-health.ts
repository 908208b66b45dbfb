// Liveness and readiness of the Customers service: the standard gRPC health service on the gRPC
// port and GET /health, /ready on the HTTP health port (shared by every context service:
// @crm/grpc-service, ADR 0141). Ready = PostgreSQL answers.
import { GrpcServiceHealth } from '@crm/grpc-service';
import type { Pool } from 'pg';

export const CUSTOMERS_SERVICE_NAME = 'crm.customers.v1.CustomersService';

export class CustomersHealth extends GrpcServiceHealth {
  constructor(pool: Pool, details?: () => Record<string, unknown>) {
    super(pool, CUSTOMERS_SERVICE_NAME, details);
  }
}
