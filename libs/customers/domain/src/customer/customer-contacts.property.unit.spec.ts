// Invariant: whatever sequence of contact commands is applied, every kind that has contacts has
// exactly one primary, and no value appears twice within a kind.
import fc from 'fast-check';
import { CustomersDomainError } from '../errors';
import { CUSTOMER_ID, registered } from '../testing/customer-fixtures';
import type { CustomerCommand } from './customer.commands';
import { customerDecider } from './customer.decider';
import type { CustomerState } from './customer.state';

const contactCommand = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom('email' as const, 'phone' as const),
      n: fc.integer({ min: 0, max: 5 }),
      primary: fc.boolean(),
    })
    .map(({ kind, n, primary }): CustomerCommand => ({
      type: 'AddContact',
      data: {
        customerId: CUSTOMER_ID,
        contact: {
          contactId: `${kind}-${n}`,
          kind,
          value: kind === 'email' ? `p${n}@example.com` : `+4930100000${n}`,
          requestedPrimary: primary,
        },
      },
    })),
  fc
    .record({ kind: fc.constantFrom('email', 'phone'), n: fc.integer({ min: 0, max: 5 }) })
    .map(({ kind, n }): CustomerCommand => ({
      type: 'RemoveContact',
      data: { customerId: CUSTOMER_ID, contactId: `${kind}-${n}` },
    })),
  fc
    .record({ kind: fc.constantFrom('email', 'phone'), n: fc.integer({ min: 0, max: 5 }) })
    .map(({ kind, n }): CustomerCommand => ({
      type: 'SetPrimaryContact',
      data: { customerId: CUSTOMER_ID, contactId: `${kind}-${n}` },
    })),
);

describe('contact invariants', () => {
  it('keep exactly one primary per kind in use and unique values', () => {
    fc.assert(
      fc.property(fc.array(contactCommand, { maxLength: 40 }), (commands) => {
        let state: CustomerState = customerDecider.evolve(
          customerDecider.initialState,
          registered(),
        );
        for (const command of commands) {
          try {
            state = customerDecider.decide(command, state).reduce(customerDecider.evolve, state);
          } catch (error) {
            if (!(error instanceof CustomersDomainError)) throw error;
          }
        }
        if (state.stage !== 'registered') return false;
        for (const kind of ['email', 'phone'] as const) {
          const ofKind = state.contacts.filter((c) => c.kind === kind);
          const primaries = ofKind.filter((c) => c.primary).length;
          if (ofKind.length > 0 ? primaries !== 1 : primaries !== 0) return false;
          if (new Set(ofKind.map((c) => JSON.stringify(c.value))).size !== ofKind.length)
            return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
