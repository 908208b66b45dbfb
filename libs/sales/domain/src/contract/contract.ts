// The Contract aggregate (stream `sales.Contract-<contractId>`, one per accepted quote): the terms a
// customer signed, from `startsAt` to `endsAt`. Its renewal falls due `renewalNoticeDays` before the
// end (a durable timer fires MarkContractRenewalDue, and the service opens the renewal opportunity
// named in the event); it is renewed to a later end, expires at its end, or is terminated early
// with a reason. A timer firing that no longer fits (renewed or ended since) decides nothing.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { InvalidTransitionError, RecordAlreadyExistsError, RecordNotFoundError } from '../errors';
import { formatMinorUnits, parseMinorUnits } from '../values/money';

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

export type StartContract = Command<
  'StartContract',
  {
    readonly contractId: string;
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly customerId: string;
    readonly currency: string;
    readonly amountMinor: number;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly renewalNoticeDays: number;
    readonly now: string;
  }
>;
/** Fired by the renewal timer for the term ending at `endsAt`. */
export type MarkContractRenewalDue = Command<
  'MarkContractRenewalDue',
  {
    readonly contractId: string;
    readonly endsAt: string;
    readonly renewalOpportunityId: string;
    readonly now: string;
  }
>;
export type RenewContract = Command<
  'RenewContract',
  { readonly contractId: string; readonly endsAt: string; readonly now: string }
>;
/** Fired by the expiry timer for the term ending at `endsAt`. */
export type ExpireContract = Command<
  'ExpireContract',
  { readonly contractId: string; readonly endsAt: string; readonly now: string }
>;
export type TerminateContract = Command<
  'TerminateContract',
  { readonly contractId: string; readonly reason: string; readonly now: string }
>;
export type ContractCommand =
  StartContract | MarkContractRenewalDue | RenewContract | ExpireContract | TerminateContract;

export type ContractStarted = DomainEvent<
  'sales.ContractStarted',
  {
    readonly contractId: string;
    readonly quoteId: string;
    readonly opportunityId: string;
    readonly customerId: string;
    readonly currency: string;
    readonly amount: string;
    readonly ownerId: string | null;
    readonly teamId: string | null;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly renewalNoticeDays: number;
    readonly startedAt: string;
  }
>;
export type ContractRenewalDue = DomainEvent<
  'sales.ContractRenewalDue',
  {
    readonly contractId: string;
    readonly endsAt: string;
    readonly renewalOpportunityId: string;
    readonly dueAt: string;
  }
>;
export type ContractRenewed = DomainEvent<
  'sales.ContractRenewed',
  {
    readonly contractId: string;
    readonly previousEndsAt: string;
    readonly endsAt: string;
    /** The contract's notice, repeated so the renewal timer of the new term needs no lookup. */
    readonly renewalNoticeDays: number;
    readonly renewedAt: string;
  }
>;
export type ContractExpired = DomainEvent<
  'sales.ContractExpired',
  { readonly contractId: string; readonly endsAt: string; readonly expiredAt: string }
>;
export type ContractTerminated = DomainEvent<
  'sales.ContractTerminated',
  { readonly contractId: string; readonly reason: string; readonly terminatedAt: string }
>;
export type ContractEvent =
  ContractStarted | ContractRenewalDue | ContractRenewed | ContractExpired | ContractTerminated;

export type ContractStatus = 'Active' | 'Expired' | 'Terminated';

export type ContractState =
  | { readonly status: 'None' }
  | {
      readonly status: ContractStatus;
      readonly contractId: string;
      readonly quoteId: string;
      readonly opportunityId: string;
      readonly customerId: string;
      readonly currency: string;
      readonly amountMinor: number;
      readonly ownerId: string | null;
      readonly teamId: string | null;
      readonly startsAt: string;
      readonly endsAt: string;
      readonly renewalNoticeDays: number;
      /** The renewal opportunity opened for the current term, once its renewal fell due. */
      readonly renewalOpportunityId: string | null;
    };

type Existing = Exclude<ContractState, { status: 'None' }>;

const DAY_MS = 86_400_000;

/** When the renewal of a term ending at `endsAt` falls due. */
export function contractRenewalDueAt(endsAt: string, renewalNoticeDays: number): string {
  return new Date(Date.parse(endsAt) - renewalNoticeDays * DAY_MS).toISOString();
}

function active(state: ContractState, contractId: string, action: string): Existing {
  if (state.status === 'None') throw new RecordNotFoundError('contract', contractId);
  if (state.status !== 'Active') throw new InvalidTransitionError('contract', state.status, action);
  return state;
}

/** A timer firing for a term the contract no longer has, or for a contract no longer active. */
const isStale = (state: ContractState, endsAt: string): boolean =>
  state.status !== 'Active' || state.endsAt !== endsAt;

function decide(command: ContractCommand, state: ContractState): readonly ContractEvent[] {
  switch (command.type) {
    case 'StartContract': {
      const { now, amountMinor, ...data } = command.data;
      if (state.status !== 'None') throw new RecordAlreadyExistsError('contract', data.contractId);
      if (Date.parse(data.endsAt) <= Date.parse(data.startsAt)) {
        throw new InvalidTransitionError('contract', 'ending before it starts', 'started');
      }
      return [
        {
          type: 'sales.ContractStarted',
          data: { ...data, amount: formatMinorUnits(amountMinor), startedAt: now },
        },
      ];
    }
    case 'MarkContractRenewalDue': {
      const { contractId, endsAt, renewalOpportunityId, now } = command.data;
      if (isStale(state, endsAt) || state.status === 'None') return [];
      if (state.renewalOpportunityId !== null) return [];
      return [
        {
          type: 'sales.ContractRenewalDue',
          data: { contractId, endsAt, renewalOpportunityId, dueAt: now },
        },
      ];
    }
    case 'RenewContract': {
      const { contractId, endsAt, now } = command.data;
      const contract = active(state, contractId, 'renewed');
      if (contract.endsAt === endsAt) return [];
      if (Date.parse(endsAt) <= Date.parse(contract.endsAt)) {
        throw new InvalidTransitionError(
          'contract',
          `ending at ${contract.endsAt}`,
          'renewed earlier',
        );
      }
      return [
        {
          type: 'sales.ContractRenewed',
          data: {
            contractId,
            previousEndsAt: contract.endsAt,
            endsAt,
            renewalNoticeDays: contract.renewalNoticeDays,
            renewedAt: now,
          },
        },
      ];
    }
    case 'ExpireContract': {
      const { contractId, endsAt, now } = command.data;
      if (isStale(state, endsAt) || Date.parse(now) < Date.parse(endsAt)) return [];
      return [{ type: 'sales.ContractExpired', data: { contractId, endsAt, expiredAt: now } }];
    }
    case 'TerminateContract': {
      const { contractId, reason, now } = command.data;
      if (state.status === 'Terminated') return [];
      active(state, contractId, 'terminated');
      return [
        { type: 'sales.ContractTerminated', data: { contractId, reason, terminatedAt: now } },
      ];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown contract command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: ContractState, event: ContractEvent): ContractState {
  switch (event.type) {
    case 'sales.ContractStarted': {
      const { amount, startedAt: _startedAt, ...data } = event.data;
      const amountMinor = parseMinorUnits(amount) ?? 0;
      return { status: 'Active', ...data, amountMinor, renewalOpportunityId: null };
    }
    case 'sales.ContractRenewalDue':
      return state.status === 'None'
        ? state
        : { ...state, renewalOpportunityId: event.data.renewalOpportunityId };
    case 'sales.ContractRenewed':
      return state.status === 'None'
        ? state
        : { ...state, endsAt: event.data.endsAt, renewalOpportunityId: null };
    case 'sales.ContractExpired':
      return state.status === 'None' ? state : { ...state, status: 'Expired' };
    case 'sales.ContractTerminated':
      return state.status === 'None' ? state : { ...state, status: 'Terminated' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown contract event ${JSON.stringify(unknown)}`);
    }
  }
}

export const contractDecider: Decider<ContractState, ContractCommand, ContractEvent> = {
  decide,
  evolve,
  initialState: { status: 'None' },
};
