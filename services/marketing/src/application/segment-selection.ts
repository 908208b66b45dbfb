// A segment's rule compiled for the audience now: the joined facts it reads (open opportunities,
// last CSAT) and the RFM models of the currencies it reads loaded first, then the MongoDB filter
// (ADR 0190, 0192, 0194). Shared by sending a campaign
// and by the membership reconciliation, so both select the same customers.
import {
  factsReadBy,
  parseSegmentRule,
  rfmCurrenciesReadBy,
  segmentFilter,
  type MongoFilter,
} from '@crm/marketing-domain';
import type { CustomerAudience } from '@crm/marketing-read-models';

export async function compileSegment(
  audience: Pick<CustomerAudience, 'facts' | 'rfmModels'>,
  tenantId: string,
  ruleJson: unknown,
  now: Date,
): Promise<MongoFilter> {
  const rule = parseSegmentRule(ruleJson);
  const [facts, rfm] = await Promise.all([
    audience.facts(tenantId, factsReadBy(rule)),
    audience.rfmModels(tenantId, rfmCurrenciesReadBy(rule)),
  ]);
  return segmentFilter(rule, now, { facts, rfm });
}
