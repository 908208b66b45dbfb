// A segment's rule compiled for the audience now: the joined facts it reads (open opportunities,
// last CSAT) loaded first, then the MongoDB filter (ADR 0190, 0192). Shared by sending a campaign
// and by the membership reconciliation, so both select the same customers.
import {
  factsReadBy,
  parseSegmentRule,
  segmentFilter,
  type MongoFilter,
} from '@crm/marketing-domain';
import type { CustomerAudience } from '@crm/marketing-read-models';

export async function compileSegment(
  audience: Pick<CustomerAudience, 'facts'>,
  tenantId: string,
  ruleJson: unknown,
  now: Date,
): Promise<MongoFilter> {
  const rule = parseSegmentRule(ruleJson);
  return segmentFilter(rule, now, await audience.facts(tenantId, factsReadBy(rule)));
}
