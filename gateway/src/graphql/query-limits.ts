// Depth and complexity limits, checked after the operation is parsed and validated and before
// anything executes, for HTTP (an Apollo plugin) and WebSocket subscriptions alike. Connection
// fields cost their child complexity times `first`, so a wide page of deep objects is expensive.
import { type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  BREAK,
  type DocumentNode,
  getOperationAST,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ClientError, ErrorCode } from './gateway-errors';

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxComplexity: number;
}

/** Field nesting depth of the selected operation; introspection subtrees (`__schema`, `__type`) are not counted. */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const selected = operationName
    ? operations.filter((o) => o.name?.value === operationName)
    : operations;
  const depthOf = (set: SelectionSetNode | undefined, visiting: ReadonlySet<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const selection of set.selections) {
      switch (selection.kind) {
        case Kind.FIELD:
          if (selection.name.value.startsWith('__')) break;
          max = Math.max(max, 1 + depthOf(selection.selectionSet, visiting));
          break;
        case Kind.INLINE_FRAGMENT:
          max = Math.max(max, depthOf(selection.selectionSet, visiting));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment && !visiting.has(name))
            max = Math.max(max, depthOf(fragment.selectionSet, new Set([...visiting, name])));
          break;
        }
      }
    }
    return max;
  };
  return Math.max(0, ...selected.map((o) => depthOf(o.selectionSet, new Set())));
}

/** Throws a client error (HTTP 400) when the operation is too deep or too complex. */
export function assertWithinLimits(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  limits: QueryLimits;
}): void {
  const depth = operationDepth(args.document, args.operationName);
  if (depth > args.limits.maxDepth) {
    throw new ClientError(
      `The query is ${depth} levels deep; the limit is ${args.limits.maxDepth}. Split it into several queries.`,
      ErrorCode.QUERY_TOO_DEEP,
      { depth, maxDepth: args.limits.maxDepth, http: { status: 400 } },
    );
  }
  const operation = getOperationAST(args.document, args.operationName ?? undefined);
  if (operation) {
    // Invalid variables are a request error, reported as GraphQL itself would report them.
    const coerced = getVariableValues(
      args.schema,
      operation.variableDefinitions ?? [],
      args.variables ?? {},
      { maxErrors: 10 },
    );
    if (coerced.errors) {
      throw new ClientError(
        coerced.errors.map((e) => e.message).join(' '),
        ErrorCode.BAD_USER_INPUT,
        { http: { status: 400 } },
      );
    }
  }
  const complexity = complexityOf(args);
  if (complexity > args.limits.maxComplexity) {
    throw new ClientError(
      `The query costs ${complexity} points; the limit is ${args.limits.maxComplexity}. Ask for fewer items (smaller "first") or fewer fields.`,
      ErrorCode.QUERY_TOO_COMPLEX,
      { complexity, maxComplexity: args.limits.maxComplexity, http: { status: 400 } },
    );
  }
}

/**
 * Costs of documents whose cost cannot change with their variables, per document and operation
 * name. Apollo hands over the same parsed document for the same query text (its document cache),
 * so a client repeating a mutation is costed once (ADR 0367: costing was ~5 % of the gateway's CPU
 * per registration in P9). A cost that may depend on variables is computed every time.
 */
const variableFreeCosts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, number>>>();

function complexityOf(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}): number {
  const operation = args.operationName ?? '';
  const bySchema = variableFreeCosts.get(args.schema) ?? new WeakMap();
  variableFreeCosts.set(args.schema, bySchema);
  const cached = bySchema.get(args.document)?.get(operation);
  if (cached !== undefined) return cached;
  let complexity: number;
  try {
    complexity = getComplexity({
      schema: args.schema,
      query: args.document,
      variables: args.variables ?? {},
      ...(args.operationName ? { operationName: args.operationName } : {}),
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    throw new ClientError(
      `The query could not be costed: ${error instanceof Error ? error.message : 'invalid query'}`,
      ErrorCode.QUERY_TOO_COMPLEX,
      { http: { status: 400 } },
    );
  }
  if (!costDependsOnVariables(args.schema, args.document)) {
    const costs = bySchema.get(args.document) ?? new Map<string, number>();
    costs.set(operation, complexity);
    bySchema.set(args.document, costs);
  }
  return complexity;
}

/**
 * Whether a variable can change the cost of `document` under the estimators above: the simple
 * estimator ignores arguments, so only a variable inside the arguments of a field with its own
 * `complexity` extension (a connection's `first`), or in a directive (`@include(if: $x)`,
 * `@skip`), can. Conservative: every operation and fragment of the document is looked at.
 */
export function costDependsOnVariables(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let depends = false;
  const hasVariable = (node: object): boolean => {
    let found = false;
    visit(node as DocumentNode, {
      Variable() {
        found = true;
        return BREAK;
      },
    });
    return found;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const definition = typeInfo.getFieldDef();
        const costed = definition?.extensions?.['complexity'] !== undefined || !definition;
        if (costed && node.arguments?.some((argument) => hasVariable(argument))) {
          depends = true;
          return BREAK;
        }
        return undefined;
      },
      Directive(node) {
        if (node.arguments?.some((argument) => hasVariable(argument))) {
          depends = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return depends;
}

export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          assertWithinLimits({
            schema,
            document,
            operationName: request.operationName ?? null,
            variables: request.variables ?? {},
            limits,
          });
        },
      };
    },
  };
}

/**
 * Complexity of a connection field: its items' cost times the page size. Sizes above the maximum
 * are costed at the maximum, so that they fail with the clearer "first must be between" error.
 */
export function connectionComplexity(defaultPageSize: number, maxPageSize = 100) {
  return ({
    args,
    childComplexity,
  }: {
    args: Record<string, unknown>;
    childComplexity: number;
  }): number => {
    const first = typeof args['first'] === 'number' ? args['first'] : defaultPageSize;
    return 1 + childComplexity * Math.min(maxPageSize, Math.max(1, first));
  };
}
