// Builds and starts the Loyalty gRPC microservice (used by main.ts and the integration tests), with
// GET /health and /ready (PostgreSQL answers) on the health port.
import {
  LOYALTY_PROTO_LOADER_OPTIONS,
  LOYALTY_PROTO_PATH,
  LOYALTY_PACKAGE,
} from '@crm/contracts/loyalty-grpc';
import type { RuntimeDependencies } from '@crm/event-sourcing';
import { startHealthServer, type HealthServer } from '@crm/messaging';
import type { INestMicroservice, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { LoyaltyConfig } from './config/loyalty.config';
import { LoyaltyModule } from './loyalty.module';
import { LoyaltyWorkers } from './loyalty-workers';

export interface RunningLoyaltyService {
  readonly app: INestMicroservice;
  readonly grpcAddress: string;
  readonly healthPort: number;
  stop(): Promise<void>;
}

export async function startLoyaltyService(
  config: LoyaltyConfig,
  logger: Logger,
  options: { runtime?: RuntimeDependencies; providers?: readonly Provider[] } = {},
): Promise<RunningLoyaltyService> {
  const pool = new Pool({ connectionString: config.postgresUrl, max: config.pgPoolSize });
  let stopping = false;
  const grpcAddress = `${config.grpcHost}:${config.grpcPort}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(
    LoyaltyModule.forRoot(config, { logger, pool, ...options }),
    {
      transport: Transport.GRPC,
      logger: ['error', 'warn'],
      options: {
        package: LOYALTY_PACKAGE,
        protoPath: LOYALTY_PROTO_PATH,
        url: grpcAddress,
        loader: LOYALTY_PROTO_LOADER_OPTIONS,
        gracefulShutdown: true,
      },
    },
  );
  await app.listen();
  let healthServer: HealthServer | undefined;
  try {
    healthServer = await startHealthServer({
      port: config.healthPort,
      host: '127.0.0.1',
      health: async () => ({
        ok: true,
        details: { service: 'loyalty', reactors: await app.get(LoyaltyWorkers).status() },
      }),
      ready: async () => {
        if (stopping) return { ok: false, details: { reason: 'stopping' } };
        try {
          await pool.query('SELECT 1');
          return { ok: true, details: { postgres: 'up' } };
        } catch (error) {
          return { ok: false, details: { postgres: 'down', error: String(error) } };
        }
      },
    });
  } catch (error) {
    await app.close();
    throw error;
  }
  logger.info({ grpc: grpcAddress, healthPort: healthServer.port }, 'loyalty service listening');
  return {
    app,
    grpcAddress,
    healthPort: healthServer.port,
    stop: async () => {
      stopping = true;
      await healthServer?.close();
      await app.close();
    },
  };
}
