import { parse, type OperationDefinitionNode } from 'graphql';
import { rootFieldsOf } from './operation-telemetry.plugin';

const operation = (source: string): OperationDefinitionNode =>
  parse(source).definitions[0] as OperationDefinitionNode;

describe('the operation label of GraphQL metrics and spans', () => {
  it('is the root fields, sorted, never the client-chosen operation name', () => {
    expect(
      rootFieldsOf(
        operation('mutation AnyNameAtAll { registerCustomer(input: {}) { customerId } }'),
      ),
    ).toBe('registerCustomer');
    expect(
      rootFieldsOf(operation('query { me { id } customers { totalCount } me2: me { id } }')),
    ).toBe('customers,me');
    expect(rootFieldsOf(operation('query { ...F } fragment F on Query { me { id } }'))).toBe('...');
    expect(rootFieldsOf(undefined)).toBe('unparsed');
  });
});
