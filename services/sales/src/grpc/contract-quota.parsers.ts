// Parsers of the contract, quota and pipeline-as-of RPCs. A contract's customer, amount, owner and
// team are not in the request: the application copies them from the accepted quote. A quota's id
// derives from tenant, period and owner (one quota stream per owner and period).
import type * as P from '@crm/contracts/sales-grpc';
import {
  ASSIGNMENT_STRATEGIES,
  SALES_LIMITS,
  type DefineSalesTeam,
  type RenewContract,
  type SetQuota,
  type TerminateContract,
} from '@crm/sales-domain';
import { v5 as uuidv5 } from 'uuid';
import { actingUserIdOf } from '../application/caller-access';
import type { ContractTerms } from '../application/sales.application';
import { period } from './forecast.parsers';
import { parseRequest, type RequestReader } from './request-parsing';
import type { ParseContext, Parsed } from './sales-command.parsers';

const QUOTA_NAMESPACE = '3b7e2d1c-6a5f-4e8d-9c0b-1a2f3e4d5c6b';
const DAY_MS = 86_400_000;

export const quotaIdOf = (tenantId: string, name: string, ownerId: string): string =>
  uuidv5(`${tenantId}\0quota\0${name}\0${ownerId}`, QUOTA_NAMESPACE);

/** An end after `from`, within the longest term. */
function endsAt(r: RequestReader, value: string, from: string, field = 'endsAt'): string {
  const end = r.instant(field, value);
  if (!end || !from) return end;
  const ms = Date.parse(end) - Date.parse(from);
  if (ms <= 0 || ms > SALES_LIMITS.contractTermDays * DAY_MS) {
    r.add(
      field,
      'OUT_OF_RANGE',
      `must be after the start, at most ${SALES_LIMITS.contractTermDays} days later`,
    );
  }
  return end;
}

export function parseStartContract(
  req: P.StartContractRequest__Output,
  ctx: ParseContext,
): ContractTerms {
  return parseRequest((r) => {
    const startsAt = r.instant('startsAt', req.startsAt);
    return {
      quoteId: r.requiredId('quoteId', req.quoteId),
      startsAt,
      endsAt: endsAt(r, req.endsAt, startsAt),
      renewalNoticeDays: r.integer(
        'renewalNoticeDays',
        req.renewalNoticeDays,
        0,
        SALES_LIMITS.contractRenewalNoticeDays,
      ),
      now: ctx.now(),
    };
  });
}

export function parseRenewContract(
  req: P.RenewContractRequest__Output,
  ctx: ParseContext,
): Parsed<RenewContract> {
  return parseRequest((r) => {
    const now = ctx.now();
    return {
      command: {
        type: 'RenewContract',
        data: {
          contractId: r.requiredId('contractId', req.contractId),
          endsAt: endsAt(r, req.endsAt, now),
          now,
        },
      },
    };
  });
}

export function parseTerminateContract(
  req: P.TerminateContractRequest__Output,
  ctx: ParseContext,
): Parsed<TerminateContract> {
  return parseRequest((r) => ({
    command: {
      type: 'TerminateContract',
      data: {
        contractId: r.requiredId('contractId', req.contractId),
        reason: r.requiredText('reason', req.reason, SALES_LIMITS.reason),
        now: ctx.now(),
      },
    },
  }));
}

/** The quota's owner; its team is the setting manager's (admins: none). */
export function parseSetQuota(req: P.SetQuotaRequest__Output, ctx: ParseContext): Parsed<SetQuota> {
  return parseRequest((r) => {
    const name = period(r, req.period);
    const ownerId = r.requiredId('ownerId', req.ownerId);
    return {
      command: {
        type: 'SetQuota',
        data: {
          quotaId: quotaIdOf(ctx.caller.tenantId, name, ownerId),
          period: name,
          ownerId,
          teamId: ctx.caller.teamId,
          currency: r.currency('currency', req.currency),
          amountMinor: r.amount('amount', req.amount),
          setBy: actingUserIdOf(ctx.caller),
          now: ctx.now(),
        },
      },
    };
  });
}

export function parsePipelineAsOf(
  req: P.PipelineAsOfRequest__Output,
  ctx: ParseContext,
): { readonly asOf: string; readonly period?: string } {
  return parseRequest((r) => {
    const asOf = r.instant('asOf', req.asOf);
    if (asOf && Date.parse(asOf) > Date.parse(ctx.now())) {
      r.add('asOf', 'OUT_OF_RANGE', 'must not be in the future');
    }
    const name = req.period.trim() ? period(r, req.period) : undefined;
    return { asOf, ...(name ? { period: name } : {}) };
  });
}

/** A team's roster: reps once each, capacities 1..100,000, rules naming reps of the roster. */
export function parseDefineSalesTeam(
  req: P.DefineSalesTeamRequest__Output,
  ctx: ParseContext,
): Parsed<DefineSalesTeam> {
  return parseRequest((r) => {
    const strategy = req.strategy.trim();
    if (!(ASSIGNMENT_STRATEGIES as readonly string[]).includes(strategy)) {
      r.add('strategy', 'UNKNOWN_VALUE', `must be one of ${ASSIGNMENT_STRATEGIES.join(', ')}`);
    }
    if (req.reps.length > 500) r.add('reps', 'TOO_MANY', 'at most 500 reps');
    if (req.rules.length > 100) r.add('rules', 'TOO_MANY', 'at most 100 rules');
    req.reps.forEach((rep, i) => {
      if (rep.territories.length > 200) r.add(`reps[${i}].territories`, 'TOO_MANY', 'at most 200');
    });
    const reps = req.reps.slice(0, 500).map((rep, i) => ({
      repId: r.requiredId(`reps[${i}].repId`, rep.repId),
      capacity: r.integer(`reps[${i}].capacity`, rep.capacity, 1, 100_000),
      absent: rep.absent,
      optedOut: rep.optedOut,
      ...(rep.territories.length > 0
        ? {
            territories: rep.territories.map((value, j) =>
              r.requiredText(`reps[${i}].territories[${j}]`, value, SALES_LIMITS.name),
            ),
          }
        : {}),
    }));
    const territoryField = r.text('territoryField', req.territoryField, 64);
    const pipelineId = r.id('pipelineId', req.pipelineId);
    const repIds = new Set(reps.map((rep) => rep.repId));
    if (repIds.size !== reps.length) r.add('reps', 'INVALID_FORMAT', 'each rep at most once');
    const rules = req.rules.slice(0, 100).map((rule, i) => ({
      field: r.requiredText(`rules[${i}].field`, rule.field, 64),
      equals: r.requiredText(`rules[${i}].equals`, rule.equals, SALES_LIMITS.name),
      repIds: rule.repIds.map((id, j) => {
        const repId = r.requiredId(`rules[${i}].repIds[${j}]`, id);
        if (!repIds.has(repId))
          r.add(`rules[${i}].repIds[${j}]`, 'UNKNOWN_VALUE', 'is not in reps');
        return repId;
      }),
    }));
    return {
      command: {
        type: 'DefineSalesTeam',
        data: {
          teamId: r.requiredId('teamId', req.teamId),
          strategy: strategy as DefineSalesTeam['data']['strategy'],
          reps,
          rules,
          ...(territoryField ? { territoryField } : {}),
          ...(pipelineId === undefined ? {} : { pipelineId }),
          definedBy: actingUserIdOf(ctx.caller),
          now: ctx.now(),
        },
      },
    };
  });
}
