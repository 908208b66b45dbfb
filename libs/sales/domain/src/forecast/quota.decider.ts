// Quotas (stream `sales.Quota-<quotaId>`, one per tenant, period and owner): what an owner is
// expected to win in a quarter or month. Every setting is an event, so the quota in force at any
// past instant is known (forecast as of a date, attainment).
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { OrderMismatchError } from '../errors';
import { formatMinorUnits } from '../values/money';

export type SetQuota = {
  readonly type: 'SetQuota';
  readonly data: {
    readonly quotaId: string;
    readonly period: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    readonly currency: string;
    readonly amountMinor: number;
    readonly setBy: string;
    readonly now: string;
  };
};

export type QuotaSet = DomainEvent<
  'sales.QuotaSet',
  {
    readonly quotaId: string;
    readonly period: string;
    readonly ownerId: string;
    readonly teamId: string | null;
    readonly currency: string;
    readonly amount: string;
    readonly setBy: string;
    readonly setAt: string;
  }
>;

export type QuotaState =
  | { readonly status: 'None' }
  | {
      readonly status: 'Set';
      readonly ownerId: string;
      readonly teamId: string | null;
      readonly currency: string;
      readonly amount: string;
    };

export const quotaDecider: Decider<QuotaState, SetQuota, QuotaSet> = {
  decide(command, state) {
    const { amountMinor, now, ...data } = command.data;
    const amount = formatMinorUnits(amountMinor);
    if (state.status === 'Set') {
      if (state.currency !== data.currency) {
        throw new OrderMismatchError(`Quota ${data.quotaId} is in ${state.currency}`);
      }
      if (state.amount === amount && state.teamId === data.teamId) return [];
    }
    return [{ type: 'sales.QuotaSet', data: { ...data, amount, setAt: now } }];
  },
  evolve(_state, event) {
    const { ownerId, teamId, currency, amount } = event.data;
    return { status: 'Set', ownerId, teamId, currency, amount };
  },
  initialState: { status: 'None' },
};
