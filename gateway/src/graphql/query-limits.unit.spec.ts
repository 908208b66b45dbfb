import { parse } from 'graphql';
import { operationDepth } from './query-limits';

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
