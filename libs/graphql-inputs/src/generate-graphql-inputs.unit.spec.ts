// The generator of the GraphQL command inputs: what it derives from a proto and its table, and the
// mistakes in either that it refuses instead of generating a wrong schema.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateInputs, type GraphqlInputTable } from './generate-graphql-inputs';

const PROTO = `syntax = "proto3";
package t.v1;
message RequestContext { string idempotency_key = 5; }
message Item {
  // GraphQL: At most {tag} characters.
  string value = 1;
  uint32 count = 2;
}
// Internal note, not for GraphQL.
// GraphQL: Adds items.
message AddItemsRequest {
  RequestContext ctx = 1;
  string customer_id = 2;
  repeated Item items = 3;
  string granted_at = 4;
  string owner_user_id = 5;
}
message OtherItemsRequest {
  RequestContext ctx = 1;
  string customer_id = 2;
  repeated Item items = 3;
}
`;

function protoFile(source = PROTO): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'graphql-inputs-')), 't.proto');
  writeFileSync(file, source);
  return file;
}

const LIMITS = { tag: 1_000 };
const IMPORTS = { enums: './enums', bases: './bases', rules: './rules' };
const generate = (protoPath: string, table: GraphqlInputTable): string =>
  generateInputs({ protoPath, table, limits: LIMITS, imports: IMPORTS });

const TABLE: GraphqlInputTable = {
  inputs: {
    AddItemsRequest: ['AddItemsInput', ['customerId', 'items']],
    Item: ['ItemInput', ['value']],
  },
  uuidFields: ['customerId', 'ownerUserId'],
  renames: { AddItemsRequest: { grantedAt: 'at' } },
  rules: { 'AddItemsInput.items': 'atLeastOneTag' },
};

test('derives types, nullability, renames, UUID ids, rules and descriptions from proto and table', () => {
  const source = generate(protoFile(), TABLE);
  expect(source).toContain('@InputType({ description: "Adds items." })');
  expect(source).toContain('export class AddItemsInput extends CustomerCommandInput {');
  expect(source).toContain(
    '@NestedList(() => ItemInput)\n  @INPUT_RULES.atLeastOneTag\n  items!: ItemInput[];',
  );
  expect(source).toContain('@Field(() => String, { nullable: true })\n  at?: string | null;');
  expect(source).toContain('@UuidField({ nullable: true })\n  ownerUserId?: string | null;');
  expect(source).toContain('@Field(() => String, { description: "At most 1,000 characters." })');
  expect(source).toContain('@Field(() => Int, { nullable: true })\n  count?: number | null;');
  // Nested inputs come first: a class's decorator metadata refers to the classes it nests.
  expect(source.indexOf('class ItemInput')).toBeLessThan(source.indexOf('class AddItemsInput'));
});

test('refuses a nested message the table does not name', () => {
  const table = { ...TABLE, inputs: { AddItemsRequest: TABLE.inputs['AddItemsRequest']! } };
  expect(() => generate(protoFile(), table)).toThrow(
    'no GraphQL input for Item: add it to the table',
  );
});

test('refuses two messages sharing an input whose fields differ', () => {
  const table = {
    ...TABLE,
    inputs: { ...TABLE.inputs, OtherItemsRequest: ['AddItemsInput'] as const },
  };
  expect(() => generate(protoFile(), table)).toThrow(
    'OtherItemsRequest differs from the other AddItemsInput',
  );
});

test('refuses a description quoting an unknown limit', () => {
  const proto = PROTO.replace('{tag}', '{noSuchLimit}');
  expect(() => generate(protoFile(proto), TABLE)).toThrow(
    'unknown limit {noSuchLimit} in .t.v1.Item.value',
  );
});
