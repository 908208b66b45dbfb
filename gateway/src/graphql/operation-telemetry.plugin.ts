// Metrics and span names per GraphQL operation. The operation is named by its root fields
// (`registerCustomer`, `customers,me`), which the schema bounds, not by the client's free-form
// operation name: a label must not grow with what clients send. The HTTP request's span (started
// by the tracing middleware) is renamed `graphql <type> <root fields>`.
import { type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { platformMetrics } from '@crm/observability';
import { trace } from '@opentelemetry/api';
import { Kind, type OperationDefinitionNode } from 'graphql';

const MAX_LABEL_LENGTH = 120;

export function rootFieldsOf(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'unparsed';
  const names = new Set<string>();
  for (const selection of operation.selectionSet.selections)
    names.add(selection.kind === Kind.FIELD ? selection.name.value : '...');
  const label = [...names].sort().join(',');
  return label.length > MAX_LABEL_LENGTH ? `${label.slice(0, MAX_LABEL_LENGTH)}…` : label;
}

export function operationTelemetryPlugin(): ApolloServerPlugin<BaseContext> {
  const metrics = platformMetrics();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ operation }) {
          const span = trace.getActiveSpan();
          if (!span || !operation) return;
          span.updateName(`graphql ${operation.operation} ${rootFieldsOf(operation)}`);
          span.setAttribute('graphql.operation.type', operation.operation);
        },
        async willSendResponse({ operation, errors }) {
          const labels = {
            operation: rootFieldsOf(operation),
            type: operation?.operation ?? 'unknown',
          };
          const first = errors?.[0]?.extensions?.['code'];
          const outcome =
            errors && errors.length > 0
              ? typeof first === 'string'
                ? first
                : 'INTERNAL_SERVER_ERROR'
              : 'ok';
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          metrics.graphqlOperations.inc({ ...labels, outcome });
        },
      };
    },
  };
}
