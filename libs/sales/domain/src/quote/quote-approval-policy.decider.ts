// The tenant's quote approval policy (stream `sales.QuoteApprovalPolicy-<tenantId>`, ADR 0382):
// each definition is a new version with its levels in approval order; a quote version records the
// route it got and the policy version it came from. A tenant without one uses version 0.
import type { Decider, DomainEvent } from '@crm/event-sourcing';
import { formatMinorUnits, parseMinorUnits } from '../values/money';
import {
  DEFAULT_TENANT_QUOTE_APPROVAL_POLICY,
  type ApprovalLevel,
  type QuoteApproverRole,
  type TenantQuoteApprovalPolicy,
} from './quote.types';

export type DefineQuoteApprovalPolicy = {
  readonly type: 'DefineQuoteApprovalPolicy';
  readonly data: { readonly levels: readonly ApprovalLevel[]; readonly now: string };
};

/** A level as published: the amount limit as a decimal string, like every amount in events. */
export interface ApprovalLevelData {
  readonly approverRole: QuoteApproverRole;
  readonly maxDiscountPercent: number;
  readonly maxAmount: string;
}

export type QuoteApprovalPolicyDefined = DomainEvent<
  'sales.QuoteApprovalPolicyDefined',
  {
    readonly version: number;
    readonly levels: readonly ApprovalLevelData[];
    readonly definedAt: string;
  }
>;

function decide(
  command: DefineQuoteApprovalPolicy,
  state: TenantQuoteApprovalPolicy,
): readonly QuoteApprovalPolicyDefined[] {
  const { levels, now } = command.data;
  return [
    {
      type: 'sales.QuoteApprovalPolicyDefined',
      data: {
        version: state.version + 1,
        levels: levels.map(({ maxAmountMinor, ...level }) => ({
          ...level,
          maxAmount: formatMinorUnits(maxAmountMinor),
        })),
        definedAt: now,
      },
    },
  ];
}

function evolve(
  _state: TenantQuoteApprovalPolicy,
  event: QuoteApprovalPolicyDefined,
): TenantQuoteApprovalPolicy {
  return {
    version: event.data.version,
    levels: event.data.levels.map(({ maxAmount, ...level }) => ({
      ...level,
      maxAmountMinor: parseMinorUnits(maxAmount) ?? 0,
    })),
  };
}

export const quoteApprovalPolicyDecider: Decider<
  TenantQuoteApprovalPolicy,
  DefineQuoteApprovalPolicy,
  QuoteApprovalPolicyDefined
> = { decide, evolve, initialState: DEFAULT_TENANT_QUOTE_APPROVAL_POLICY };

/** The policy in force and when it was defined (null: the default), for reading it (ADR 0441). */
export interface QuoteApprovalPolicyInForce {
  readonly policy: TenantQuoteApprovalPolicy;
  readonly definedAt: string | null;
}

/** Folds the policy stream into the policy in force, with the decider's own `evolve`. */
export const quoteApprovalPolicyInForce: Pick<
  Decider<QuoteApprovalPolicyInForce, never, QuoteApprovalPolicyDefined>,
  'evolve' | 'initialState'
> = {
  initialState: { policy: DEFAULT_TENANT_QUOTE_APPROVAL_POLICY, definedAt: null },
  evolve: (state, event) => ({
    policy: evolve(state.policy, event),
    definedAt: event.data.definedAt,
  }),
};
