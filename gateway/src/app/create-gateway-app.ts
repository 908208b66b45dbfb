// Builds the Nest application around GatewayModule: JSON logs, correlation ids, no framework body
// parser (the GraphQL route has its own, with the size limit), and the schema handed to the
// WebSocket checks. Used by main.ts and by the tests.
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { httpRequestTracing } from '@crm/observability';
import pinoHttp from 'pino-http';
import { type GatewayConfig } from '../config/gateway-config';
import { hostConsole } from '../console/console-hosting';
import { correlationIdMiddleware, correlationIdOf } from '../logging/correlation-id';
import { NestPinoLogger } from '../logging/nest-pino-logger';
import { GatewayModule, type GatewayInfrastructure, SchemaHolder } from './gateway.module';

export async function createGatewayApp(
  config: GatewayConfig,
  infra: GatewayInfrastructure,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.create(config, infra),
    {
      bodyParser: false,
      logger: new NestPinoLogger(infra.logger),
      abortOnError: false,
    },
  );
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  app.use(correlationIdMiddleware);
  app.use(httpRequestTracing({ correlationIdOf }));
  app.use(
    pinoHttp({
      logger: infra.logger,
      genReqId: (req) => correlationIdOf(req),
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: {
        // Without the query string: a GET request may carry GraphQL variables there.
        req: (req: { method?: string; url?: string }) => ({
          method: req.method,
          path: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/ready' },
    }),
  );
  hostConsole(app, config.consoleDir, {
    graphiqlLandingPage: config.graphiql,
    logger: infra.logger,
  });
  await app.init();
  app.get(SchemaHolder).schema = app.get(GraphQLSchemaHost).schema;
  return app;
}
