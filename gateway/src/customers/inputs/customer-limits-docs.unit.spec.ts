// The command field limits are defined once (CUSTOMER_LIMITS); docs/graphql.md lists them and must
// say what the code enforces.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CUSTOMER_LIMITS } from '@crm/customers-domain';

const doc = readFileSync(path.resolve(__dirname, '../../../../docs/graphql.md'), 'utf8');

test.each(Object.entries(CUSTOMER_LIMITS))('docs/graphql.md lists %s = %d', (name, value) => {
  expect(doc).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|\\s*${value}\\s*\\|`));
});
