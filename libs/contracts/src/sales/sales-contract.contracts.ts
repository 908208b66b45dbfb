// Public contracts of sales contracts (stream `sales.Contract-<contractId>`): the terms started
// from an accepted quote, the renewal falling due (with the renewal opportunity it opens), renewal
// to a later end, expiry at the end and early termination. No personal data: the customer is named
// by id.
import type { EventContract, JsonSchema } from '../event-contract';
import { id, instant, nullable, object, text } from '../customers/customers-schema-parts';
import { v1 } from './sales-pipeline.contracts';
import { currency, money } from './sales-schema-parts';

const CONTRACT = '0190b000-0000-7000-8000-0000000000f1';
const QUOTE = '0190b000-0000-7000-8000-0000000000d1';
const OPPORTUNITY = '0190b000-0000-7000-8000-0000000000c1';
const RENEWAL = '0190b000-0000-7000-8000-0000000000c2';
const CUSTOMER = '0190a000-0000-7000-8000-000000000001';
const START = '2024-06-01T00:00:00.000Z';
const END = '2025-06-01T00:00:00.000Z';

const noticeDays: JsonSchema = { type: 'integer', minimum: 0, maximum: 365 };

export const SALES_CONTRACT_EVENT_CONTRACTS: readonly EventContract[] = [
  v1(
    'ContractStarted',
    'A contract started from an accepted quote: its customer, amount, term and how many days before its end the renewal falls due.',
    object(
      {
        contractId: id,
        quoteId: id,
        opportunityId: id,
        customerId: id,
        currency,
        amount: money,
        ownerId: nullable(id),
        teamId: nullable(id),
        startsAt: instant,
        endsAt: instant,
        renewalNoticeDays: noticeDays,
        startedAt: instant,
      },
      [
        'contractId',
        'quoteId',
        'opportunityId',
        'customerId',
        'currency',
        'amount',
        'ownerId',
        'teamId',
        'startsAt',
        'endsAt',
        'renewalNoticeDays',
        'startedAt',
      ],
    ),
    {
      contractId: CONTRACT,
      quoteId: QUOTE,
      opportunityId: OPPORTUNITY,
      customerId: CUSTOMER,
      currency: 'EUR',
      amount: '12000.00',
      ownerId: 'rep-1',
      teamId: 'team-emea',
      startsAt: START,
      endsAt: END,
      renewalNoticeDays: 30,
      startedAt: START,
    },
  ),
  v1(
    'ContractRenewalDue',
    'The renewal of the term ending at endsAt fell due; the renewal opportunity named here is opened.',
    object({ contractId: id, endsAt: instant, renewalOpportunityId: id, dueAt: instant }, [
      'contractId',
      'endsAt',
      'renewalOpportunityId',
      'dueAt',
    ]),
    {
      contractId: CONTRACT,
      endsAt: END,
      renewalOpportunityId: RENEWAL,
      dueAt: '2025-05-02T00:00:00.000Z',
    },
  ),
  v1(
    'ContractRenewed',
    'A contract was renewed to a later end.',
    object(
      {
        contractId: id,
        previousEndsAt: instant,
        endsAt: instant,
        renewalNoticeDays: noticeDays,
        renewedAt: instant,
      },
      ['contractId', 'previousEndsAt', 'endsAt', 'renewalNoticeDays', 'renewedAt'],
    ),
    {
      contractId: CONTRACT,
      previousEndsAt: END,
      endsAt: '2026-06-01T00:00:00.000Z',
      renewalNoticeDays: 30,
      renewedAt: '2025-05-10T00:00:00.000Z',
    },
  ),
  v1(
    'ContractExpired',
    'A contract reached its end without being renewed.',
    object({ contractId: id, endsAt: instant, expiredAt: instant }, [
      'contractId',
      'endsAt',
      'expiredAt',
    ]),
    { contractId: CONTRACT, endsAt: END, expiredAt: END },
  ),
  v1(
    'ContractTerminated',
    'A contract was ended before its end, with a reason.',
    object({ contractId: id, reason: text(500), terminatedAt: instant }, [
      'contractId',
      'reason',
      'terminatedAt',
    ]),
    { contractId: CONTRACT, reason: 'Customer closed the site', terminatedAt: START },
  ),
  v1(
    'QuotaSet',
    'An owner’s quota for a quarter or month was set (the latest counts; every setting is kept, so the quota of any past date is known).',
    object(
      {
        quotaId: id,
        period: { type: 'string', pattern: '^\\d{4}-(Q[1-4]|0[1-9]|1[0-2])$' },
        ownerId: id,
        teamId: nullable(id),
        currency,
        amount: money,
        setBy: id,
        setAt: instant,
      },
      ['quotaId', 'period', 'ownerId', 'teamId', 'currency', 'amount', 'setBy', 'setAt'],
    ),
    {
      quotaId: '0190b000-0000-7000-8000-0000000000f9',
      period: '2024-Q3',
      ownerId: 'rep-1',
      teamId: 'team-emea',
      currency: 'EUR',
      amount: '40000.00',
      setBy: 'manager-1',
      setAt: START,
    },
  ),
];
