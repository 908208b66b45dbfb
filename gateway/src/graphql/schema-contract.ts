// The GraphQL schema as a published contract: gateway/schema.graphql is the committed, printed
// schema. schema.unit.spec.ts fails on drift (the code's schema differs from the file) and on
// breaking changes (removed or re-typed fields, arguments, enum values...) against the file.
import path from 'node:path';
import {
  buildSchema,
  findBreakingChanges,
  type GraphQLSchema,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';

export const SCHEMA_FILE = path.resolve(__dirname, '../../schema.graphql');
export const SCHEMA_HEADER =
  '# The public GraphQL API of the CRM gateway. Generated from the code-first resolvers: do not edit.\n# Regenerate: CRM_UPDATE_GRAPHQL_SCHEMA=1 npx nx run gateway:test-unit (then review the diff; breaking changes fail the test).\n\n';

export function printContract(schema: GraphQLSchema): string {
  return `${SCHEMA_HEADER}${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** Human-readable breaking changes from `committedSdl` to `current`. */
export function breakingChanges(committedSdl: string, current: GraphQLSchema): string[] {
  return findBreakingChanges(buildSchema(committedSdl), current).map(
    (c) => `${c.type}: ${c.description}`,
  );
}
