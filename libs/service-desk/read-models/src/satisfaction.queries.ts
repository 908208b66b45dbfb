// CSAT results per agent or per team within the caller's ticket scope (agents: their own answers;
// leads: their team's and their own; admins and auditors: the tenant's), over an answer period.
// CSAT is the share of 4 and 5 scores; the average is reported beside it.
import { type TicketScope } from '@crm/access-policy';
import { ReadModelResolver } from '@crm/read-models';
import type { Connection } from 'mongoose';
import {
  NPS_MODEL,
  SATISFACTION_MODEL,
  SATISFACTION_PROJECTION,
  type CsatAnswerDocument,
  type NpsAnswerDocument,
} from './satisfaction.documents';

export type CsatGrouping = 'agent' | 'team';

export interface CsatResult {
  /** The agent or team id; null for answers on tickets that had none. */
  readonly key: string | null;
  readonly answers: number;
  readonly averageScore: number;
  /** Share of answers scoring 4 or 5, from 0 to 1. */
  readonly satisfiedShare: number;
}

export interface CsatPeriod {
  readonly from?: string;
  readonly to?: string;
}

/** CSAT answers in a ticket scope, by the agent and team they credit (reports use it too). */
export function csatScopeFilter(
  tenantId: string,
  scope: TicketScope,
): Record<string, unknown> | null {
  const tenant = { tenantId: String(tenantId) };
  switch (scope.kind) {
    case 'tenant':
      return tenant;
    case 'none':
      return null;
    case 'own':
      return { ...tenant, agentId: scope.agentId };
    case 'team':
      return {
        ...tenant,
        $or: [
          { agentId: scope.agentId },
          ...(scope.teamId !== null ? [{ teamId: scope.teamId }] : []),
        ],
      };
    default: {
      const unhandled: never = scope;
      return unhandled;
    }
  }
}

/** Groups answers into results, best CSAT first (then most answers, then key). */
export function summariseCsat(
  answers: readonly Pick<CsatAnswerDocument, 'score' | 'agentId' | 'teamId'>[],
  groupBy: CsatGrouping,
): CsatResult[] {
  const groups = new Map<string | null, { answers: number; total: number; satisfied: number }>();
  for (const answer of answers) {
    const key = (groupBy === 'agent' ? answer.agentId : answer.teamId) ?? null;
    const group = groups.get(key) ?? { answers: 0, total: 0, satisfied: 0 };
    group.answers += 1;
    group.total += answer.score;
    if (answer.score >= 4) group.satisfied += 1;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .map(([key, g]) => ({
      key,
      answers: g.answers,
      averageScore: g.total / g.answers,
      satisfiedShare: g.satisfied / g.answers,
    }))
    .sort(
      (a, b) =>
        b.satisfiedShare - a.satisfiedShare ||
        b.answers - a.answers ||
        String(a.key).localeCompare(String(b.key)),
    );
}

export interface NpsResult {
  readonly answers: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** % promoters − % detractors, from −100 to 100; null without answers. */
  readonly nps: number | null;
}

/** Net Promoter Score of a set of 0–10 answers (promoters 9–10, detractors 0–6). */
export function summariseNps(scores: readonly number[]): NpsResult {
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const answers = scores.length;
  return {
    answers,
    promoters,
    passives: answers - promoters - detractors,
    detractors,
    nps: answers === 0 ? null : Math.round(((promoters - detractors) / answers) * 1000) / 10,
  };
}

function periodFilter(period: CsatPeriod): Record<string, unknown> {
  const answeredAt = {
    ...(period.from !== undefined && { $gte: String(period.from) }),
    ...(period.to !== undefined && { $lt: String(period.to) }),
  };
  return Object.keys(answeredAt).length > 0 ? { answeredAt } : {};
}

export class SatisfactionQueries {
  private readonly resolver: ReadModelResolver;

  constructor(connection: Connection, resolver?: ReadModelResolver) {
    this.resolver = resolver ?? new ReadModelResolver(connection);
  }

  async csatResults(
    tenantId: string,
    scope: TicketScope,
    groupBy: CsatGrouping,
    period: CsatPeriod = {},
  ): Promise<CsatResult[]> {
    const scoped = csatScopeFilter(tenantId, scope);
    if (!scoped) return [];
    const answers = await (
      await this.resolver.collection<CsatAnswerDocument>(
        SATISFACTION_PROJECTION,
        SATISFACTION_MODEL,
      )
    )
      .find(
        { ...scoped, ...periodFilter(period) },
        { projection: { score: 1, agentId: 1, teamId: 1 } },
      )
      .toArray();
    return summariseCsat(answers, groupBy);
  }

  /** The tenant's NPS over the period (a company figure: every desk role may read it). */
  async npsResult(tenantId: string, period: CsatPeriod = {}): Promise<NpsResult> {
    const answers = await (
      await this.resolver.collection<NpsAnswerDocument>(SATISFACTION_PROJECTION, NPS_MODEL)
    )
      .find({ tenantId: String(tenantId), ...periodFilter(period) }, { projection: { score: 1 } })
      .toArray();
    return summariseNps(answers.map((a) => a.score));
  }

  /** The latest CSAT answer among these tickets (the caller's tickets of one customer). */
  async lastCsatOf(tenantId: string, ticketIds: readonly string[]): Promise<LastAnswer | null> {
    if (ticketIds.length === 0) return null;
    const [last] = await (
      await this.resolver.collection<CsatAnswerDocument>(
        SATISFACTION_PROJECTION,
        SATISFACTION_MODEL,
      )
    )
      .find({ tenantId: String(tenantId), ticketId: { $in: ticketIds.map(String) } })
      .sort({ answeredAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return last
      ? { score: last.score, answeredAt: last.answeredAt, ticketId: last.ticketId }
      : null;
  }

  /** The customer's latest NPS answer. */
  async lastNpsOf(tenantId: string, customerId: string): Promise<LastAnswer | null> {
    const [last] = await (
      await this.resolver.collection<NpsAnswerDocument>(SATISFACTION_PROJECTION, NPS_MODEL)
    )
      .find({ tenantId: String(tenantId), customerId: String(customerId) })
      .sort({ answeredAt: -1, _id: -1 })
      .limit(1)
      .toArray();
    return last ? { score: last.score, answeredAt: last.answeredAt } : null;
  }
}

/** One survey answer as the customer 360 shows it. */
export interface LastAnswer {
  readonly score: number;
  readonly answeredAt: string;
  /** CSAT: the ticket it was about. */
  readonly ticketId?: string;
}
