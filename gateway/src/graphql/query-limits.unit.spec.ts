import {
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';
import {
  assertWithinLimits,
  connectionComplexity,
  costDependsOnVariables,
  operationDepth,
} from './query-limits';

describe('operation depth', () => {
  test.each([
    ['{ me { id } }', 2],
    ['{ customers { edges { node { id owner { email } } } } }', 5],
    ['query A { me { id } } query B { customers { edges { cursor } } }', 3],
    [
      '{ customers { ...F } } fragment F on CustomerConnection { edges { node { contacts { address { city } } } } }',
      6,
    ],
    ['{ __schema { types { fields { type { ofType { ofType { name } } } } } } me { id } }', 2],
  ])('%s → %i', (query, depth) => {
    expect(operationDepth(parse(query))).toBe(depth);
  });

  test('only the selected operation counts', () => {
    const doc = parse('query A { me { id } } query B { customers { edges { cursor } } }');
    expect(operationDepth(doc, 'A')).toBe(2);
  });
});

// ADR 0367: a cost that cannot change with the variables is computed once per document.
describe('complexity with remembered costs', () => {
  const item = new GraphQLObjectType({ name: 'Item', fields: { id: { type: GraphQLString } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        items: {
          type: new GraphQLList(item),
          args: { first: { type: GraphQLInt }, filter: { type: GraphQLString } },
          extensions: { complexity: connectionComplexity(10) },
        },
        note: { type: GraphQLString, args: { text: { type: GraphQLString } } },
      },
    }),
  });
  const limits = { maxDepth: 10, maxComplexity: 50 };
  const check = (query: ReturnType<typeof parse>, variables: Record<string, unknown>) => () =>
    assertWithinLimits({ schema, document: query, variables, limits });

  test('a page size given by a variable is costed again with every request', () => {
    const document = parse('query($n: Int) { items(first: $n) { id } }');
    expect(check(document, { n: 5 })).not.toThrow();
    expect(check(document, { n: 100 })).toThrow(/costs 101 points/);
    expect(check(document, { n: 5 })).not.toThrow();
  });

  test('a variable in @include is costed again with every request', () => {
    const document = parse(
      'query($big: Boolean!) { note @include(if: $big) items(first: 100) @include(if: $big) { id } }',
    );
    expect(check(document, { big: false })).not.toThrow();
    expect(check(document, { big: true })).toThrow(/points/);
  });

  test('which documents can be costed once', () => {
    const cost = (query: string) => costDependsOnVariables(schema, parse(query));
    expect(cost('query($t: String) { note(text: $t) items(first: 3) { id } }')).toBe(false);
    expect(cost('query($n: Int) { items(first: $n) { id } }')).toBe(true);
    expect(cost('query($f: String) { items(first: 3, filter: $f) { id } }')).toBe(true);
    expect(cost('query($b: Boolean!) { note @skip(if: $b) }')).toBe(true);
    expect(cost('query($n: Int) { ...F } fragment F on Query { items(first: $n) { id } }')).toBe(
      true,
    );
  });

  test('an over-limit variable-free document stays refused on every request', () => {
    const document = parse('query($t: String) { note(text: $t) items(first: 60) { id } }');
    expect(check(document, { t: 'a' })).toThrow(/costs/);
    expect(check(document, { t: 'b' })).toThrow(/costs/);
  });
});
