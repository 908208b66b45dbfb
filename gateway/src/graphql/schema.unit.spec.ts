import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { startTestGateway, type TestGateway } from '../../test/support/test-gateway';
import { breakingChanges, printContract, SCHEMA_FILE } from './schema-contract';

let gw: TestGateway;
let schema: GraphQLSchema;
beforeAll(async () => {
  gw = await startTestGateway();
  schema = gw.app.get(GraphQLSchemaHost).schema;
  if (process.env['CRM_UPDATE_GRAPHQL_SCHEMA'] === '1')
    writeFileSync(SCHEMA_FILE, printContract(schema));
});
afterAll(() => gw.close());

describe('the committed schema (gateway/schema.graphql)', () => {
  test('exists', () => {
    expect(existsSync(SCHEMA_FILE)).toBe(true);
  });

  test('has no breaking change against the code', () => {
    expect(breakingChanges(readFileSync(SCHEMA_FILE, 'utf8'), schema)).toEqual([]);
  });

  test('matches the code exactly (no drift); regenerate with CRM_UPDATE_GRAPHQL_SCHEMA=1', () => {
    expect(printContract(schema)).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });
});

describe('the breaking-change check', () => {
  const before =
    'type Query { customer(id: ID!): Customer }\ntype Customer { id: ID!, name: String }\nenum Kind { A B }';
  test('reports a removed field, a changed type and a removed enum value', () => {
    const after = buildSchema(
      'type Query { customer(id: ID!): Customer }\ntype Customer { id: String! }\nenum Kind { A }',
    );
    const changes = breakingChanges(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FIELD_REMOVED: Customer.name/),
        expect.stringMatching(/^FIELD_CHANGED_KIND: Customer.id/),
        expect.stringMatching(/^VALUE_REMOVED_FROM_ENUM/),
      ]),
    );
  });

  test('accepts additions', () => {
    const after = buildSchema(
      'type Query { customer(id: ID!): Customer, customers: [Customer] }\ntype Customer { id: ID!, name: String, email: String }\nenum Kind { A B C }',
    );
    expect(breakingChanges(before, after)).toEqual([]);
  });
});
