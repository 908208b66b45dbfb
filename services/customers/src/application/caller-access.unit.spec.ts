// The shared access policy inside the service's decisions: record scope against the stored owner
// and team, and who may be given as owner (also per imported row).
import { Role, type ServiceCaller } from '@crm/access-policy';
import {
  CustomerNotFoundError,
  customerDecider,
  type CustomerCommand,
  type CustomerState,
} from '@crm/customers-domain';
import { CallerNotAllowedError, assertMayCall, customerDeciderFor } from './caller-access';

const user = (
  userId: string,
  roles: Role[],
  extra: Partial<ServiceCaller> = {},
): ServiceCaller => ({
  tenantId: 'acme',
  actor: { kind: 'user', userId },
  roles,
  teamId: 'team-1',
  teamMemberIds: [],
  ...extra,
});

function registered(ownerUserId: string, teamId: string | null): CustomerState {
  const command: CustomerCommand = {
    type: 'RegisterCustomer',
    data: {
      customerId: 'c-1',
      kind: 'person',
      person: { firstName: 'Ada', lastName: 'Lovelace' },
      contacts: [],
      ownerUserId,
      ...(teamId ? { teamId } : {}),
    },
  };
  return customerDecider
    .decide(command, customerDecider.initialState)
    .reduce(customerDecider.evolve, customerDecider.initialState);
}

const tag: CustomerCommand = {
  type: 'TagCustomer',
  data: { customerId: 'c-1', tags: [{ kind: 'label', value: 'vip' }] },
};

describe('customer decisions as a caller may make them', () => {
  it("refuses a rep on another rep's customer as if it did not exist", () => {
    const state = registered('rep-1', null);
    expect(() =>
      customerDeciderFor(user('rep-2', [Role.SALES_REP]), customerDecider).decide(tag, state),
    ).toThrow(CustomerNotFoundError);
    expect(
      customerDeciderFor(user('rep-1', [Role.SALES_REP]), customerDecider).decide(tag, state),
    ).not.toHaveLength(0);
  });

  it("lets a manager decide on their team members' customers only", () => {
    const manager = user('manager-1', [Role.SALES_MANAGER], {
      teamId: 'team-9',
      teamMemberIds: ['manager-1', 'rep-1'],
    });
    const decide = customerDeciderFor(manager, customerDecider).decide;
    expect(decide(tag, registered('rep-1', null))).not.toHaveLength(0);
    expect(decide(tag, registered('rep-2', 'team-9'))).not.toHaveLength(0);
    expect(() => decide(tag, registered('rep-2', 'team-2'))).toThrow(CustomerNotFoundError);
  });

  it('refuses an imported row that a rep would own for someone else', () => {
    const row: CustomerCommand = {
      type: 'ImportCustomer',
      data: {
        customerId: 'c-2',
        registration: {
          kind: 'person',
          person: { firstName: 'Grace', lastName: 'Hopper' },
          contacts: [],
          ownerUserId: 'rep-2',
        },
        tags: [],
        customFields: [],
        definitions: {},
        consents: [],
        consentSource: 'import:1',
        now: '2026-01-01T00:00:00.000Z',
      },
    };
    expect(() =>
      customerDeciderFor(user('rep-1', [Role.SALES_REP]), customerDecider).decide(
        row,
        customerDecider.initialState,
      ),
    ).toThrow(CallerNotAllowedError);
  });

  it('refuses RPCs the roles do not allow', () => {
    expect(() => assertMayCall(user('m-1', [Role.MARKETER]), 'ErasePersonalData')).toThrow(
      CallerNotAllowedError,
    );
    expect(() => assertMayCall(user('a-1', [Role.ADMIN]), 'NoSuchRpc')).toThrow(
      CallerNotAllowedError,
    );
    expect(() => assertMayCall(user('a-1', [Role.ADMIN]), 'ErasePersonalData')).not.toThrow();
  });
});
