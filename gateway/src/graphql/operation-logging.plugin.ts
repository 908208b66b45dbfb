// One structured log line per GraphQL operation: name, type, duration, caller and error codes.
// Variables and results are never logged (they carry personal data and passwords).
import { type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { type Logger } from 'pino';
import { type GatewayContext } from './gateway-context';

export function operationLoggingPlugin(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      const ctx = contextValue as Partial<GatewayContext>;
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = (errors ?? []).map((e) =>
            typeof e.extensions?.['code'] === 'string'
              ? e.extensions['code']
              : 'INTERNAL_SERVER_ERROR',
          );
          logger.info(
            {
              graphql: {
                operationName: operationName ?? null,
                operationType: operation?.operation ?? null,
              },
              userId: ctx.principal?.userId,
              tenantId: ctx.principal?.tenantId,
              durationMs: Math.round(durationMs * 10) / 10,
              httpStatus: response.http.status ?? 200,
              ...(codes.length > 0 ? { errorCodes: codes } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
