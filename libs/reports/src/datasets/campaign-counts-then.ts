// A campaign's results as they stood at an instant (docs/reports.md, campaigns as of an instant):
// marketing's campaign read model keeps running counters, so the messages sent and the recipients
// skipped by then are counted from the reports context's campaign deliveries, each dated (ADR 0391
// for the pattern); the audience is the one resolved when sending started, if it had by then.
import type { CampaignDocument } from '@crm/marketing-read-models';
import {
  REPORT_CAMPAIGN_MESSAGES_MODEL,
  REPORT_CAMPAIGN_MESSAGES_PROJECTION,
  type CampaignMessageDocument,
} from '../read-models/report-read-models';
import type { JoinSource } from './dataset';

/** What the campaign had sent and skipped (in all and per reason) by the instant. */
export interface CampaignCountsThen {
  readonly sentCount: number;
  readonly skippedCount: number;
  readonly skipped: Readonly<Record<string, number>>;
}

export type CampaignRow = CampaignDocument & { readonly then?: CampaignCountsThen };

const by = (iso: string | undefined, asOf: Date) =>
  iso !== undefined && Date.parse(iso) <= asOf.getTime();

/** The deliveries of one campaign counted up to `asOf`. */
export function countsThen(
  deliveries: readonly Pick<CampaignMessageDocument, 'sentAt' | 'skippedAt' | 'skipReason'>[],
  asOf: Date,
): CampaignCountsThen {
  const skipped: Record<string, number> = {};
  let sentCount = 0;
  let skippedCount = 0;
  for (const delivery of deliveries) {
    if (by(delivery.sentAt, asOf)) sentCount += 1;
    if (by(delivery.skippedAt, asOf) && delivery.skipReason) {
      skippedCount += 1;
      skipped[delivery.skipReason] = (skipped[delivery.skipReason] ?? 0) + 1;
    }
  }
  return { sentCount, skippedCount, skipped };
}

/** Each campaign row with its deliveries counted up to `asOf`. */
export async function withCampaignCountsThen(
  rows: readonly CampaignRow[],
  source: JoinSource,
  asOf: Date,
): Promise<CampaignRow[]> {
  const ids = [...new Set(rows.map((row) => row.campaignId))];
  const found =
    ids.length === 0
      ? []
      : ((await source.find(
          REPORT_CAMPAIGN_MESSAGES_PROJECTION,
          REPORT_CAMPAIGN_MESSAGES_MODEL,
          { campaignId: { $in: ids } },
          ['campaignId', 'sentAt', 'skippedAt', 'skipReason'],
        )) as unknown as CampaignMessageDocument[]);
  const perCampaign = new Map<string, CampaignMessageDocument[]>();
  for (const doc of found)
    perCampaign.set(doc.campaignId, [...(perCampaign.get(doc.campaignId) ?? []), doc]);
  return rows.map((row) => ({
    ...row,
    then: countsThen(perCampaign.get(row.campaignId) ?? [], asOf),
  }));
}

/** The campaign as it stood at `asOf`: the counts of then; no audience before sending started. */
export function campaignAsOf(doc: CampaignRow, asOf: Date): CampaignRow {
  const { then, audienceSize, ...campaign } = doc;
  const counted = then ?? { sentCount: 0, skippedCount: 0, skipped: {} };
  return {
    ...campaign,
    ...(by(doc.startedAt, asOf) && audienceSize !== undefined ? { audienceSize } : {}),
    ...counted,
  };
}

export { REPORT_CAMPAIGN_MESSAGES_PROJECTION };
