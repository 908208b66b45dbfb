// The standard packs: named report definitions per context, run by the same engine as custom
// reports (so the same scope, freshness, asOf and drill-down apply). docs/reports.md defines each
// figure.
import type { ReportDefinition } from '../definition/report-definition';

export type StandardReport = Omit<ReportDefinition, 'asOf' | 'from' | 'to'>;

export const STANDARD_PACKS = {
  customers: {
    byRegion: { dataset: 'customers', dimensions: ['region'], measures: ['customers'] },
    byValueTier: { dataset: 'customers', dimensions: ['valueTier'], measures: ['customers'] },
    byAcquisitionChannel: {
      dataset: 'customers',
      dimensions: ['acquisitionChannel'],
      measures: ['customers'],
    },
    byLifecycle: { dataset: 'customers', dimensions: ['lifecycle'], measures: ['customers'] },
    growth: {
      dataset: 'customers',
      dimensions: ['period'],
      measures: ['customers'],
      timeGrain: 'month',
    },
    // Recency × frequency, each cell with its customers and their purchases.
    rfmGrid: {
      dataset: 'customers',
      dimensions: ['rfmRecency', 'rfmFrequency'],
      measures: ['customers', 'purchases'],
    },
  },
  sales: {
    funnelByStage: {
      dataset: 'opportunities',
      dimensions: ['stage'],
      measures: ['opportunities'],
      filters: [{ dimension: 'status', values: ['open'] }],
    },
    winRateByOwner: {
      dataset: 'opportunities',
      dimensions: ['owner'],
      measures: ['opportunities', 'won', 'daysToClose'],
    },
    outcomes: { dataset: 'opportunities', dimensions: ['status'], measures: ['opportunities'] },
    leadsBySource: {
      dataset: 'leads',
      dimensions: ['source'],
      measures: ['leads', 'conversionRate'],
    },
    leadsBySourceOverTime: {
      dataset: 'leads',
      dimensions: ['source', 'period'],
      measures: ['leads'],
      timeGrain: 'month',
    },
    quoteOutcomesByOwner: {
      dataset: 'quotes',
      dimensions: ['owner'],
      measures: ['quotes', 'acceptanceRate', 'daysToDecision', 'neededApproval'],
    },
    quoteApprovalTurnaround: {
      dataset: 'quoteApprovals',
      dimensions: ['owner'],
      measures: [
        'approvalsRequested',
        'approved',
        'approvalHours',
        'approvalHoursP50',
        'approvalHoursP90',
      ],
    },
    forecastByPeriod: {
      dataset: 'forecasts',
      dimensions: ['forecastPeriod', 'currency'],
      measures: ['forecasts', 'submitted', 'adjusted'],
    },
    // Orders per month in the reporting currency, each at the rate in force when it was placed.
    revenueByMonth: {
      dataset: 'orders',
      dimensions: ['period'],
      measures: ['orders', 'amountConverted', 'unconverted'],
      timeGrain: 'month',
    },
    // Funnel velocity: per stage, how many reached it, moved on or were lost there, and how long
    // they stayed (ended visits).
    funnelVelocity: {
      dataset: 'stageDurations',
      dimensions: ['stage'],
      measures: [
        'opportunities',
        'movedOn',
        'lostHere',
        'daysInStage',
        'daysInStageP90',
        'stillIn',
      ],
    },
    timeInStageByOwner: {
      dataset: 'stageDurations',
      dimensions: ['owner', 'stage'],
      measures: ['opportunities', 'daysInStage', 'daysInStageP50'],
    },
    // Each owner's latest forecast of a period against what they won in it.
    forecastAccuracy: {
      dataset: 'forecastAccuracy',
      dimensions: ['forecastPeriod', 'owner', 'currency'],
      measures: ['submitted', 'won', 'wonDeals', 'accuracy', 'gap'],
    },
    // Win rate by the source of the lead each opportunity was converted from.
    winRateBySource: {
      dataset: 'opportunitySources',
      dimensions: ['leadSource'],
      measures: ['opportunities', 'won', 'daysToClose'],
    },
    // Each owner's quota of a period against what they won and forecast (answers asOf).
    quotaAttainment: {
      dataset: 'quotaAttainment',
      dimensions: ['quotaPeriod', 'owner', 'currency'],
      measures: ['quota', 'won', 'attainment', 'forecast', 'forecastToQuota'],
    },
    // Per team: the members' quotas against won, forecast and the open pipeline of the period.
    pipelineAgainstQuota: {
      dataset: 'quotaAttainment',
      dimensions: ['quotaPeriod', 'team', 'currency'],
      measures: ['quota', 'won', 'attainment', 'forecast', 'openPipeline', 'coverage'],
    },
  },
  serviceDesk: {
    slaAndResolution: {
      dataset: 'tickets',
      dimensions: ['priority'],
      measures: ['tickets', 'slaMet', 'resolutionHoursP50', 'resolutionHoursP90'],
    },
    backlogByAge: {
      dataset: 'tickets',
      dimensions: ['backlogAge'],
      measures: ['tickets'],
    },
    csatTrend: {
      dataset: 'csatAnswers',
      dimensions: ['period'],
      measures: ['answers', 'csat', 'averageScore'],
      timeGrain: 'month',
    },
    csatByAgent: {
      dataset: 'csatAnswers',
      dimensions: ['agent'],
      measures: ['answers', 'csat', 'averageScore'],
    },
    npsTrend: {
      dataset: 'npsAnswers',
      dimensions: ['period'],
      measures: ['answers', 'nps', 'promoters', 'detractors'],
      timeGrain: 'month',
    },
    deflectionByArticle: {
      dataset: 'articles',
      dimensions: ['article'],
      measures: ['articles', 'deflections'],
    },
    // By channel rather than priority: a ticket's channel never changes, so this one answers asOf.
    slaByChannel: {
      dataset: 'tickets',
      dimensions: ['channel'],
      measures: ['tickets', 'slaMet', 'resolutionHoursP50', 'resolutionHoursP90'],
    },
    // First public agent reply after the opening, per channel (answers asOf).
    firstResponseByChannel: {
      dataset: 'ticketResponses',
      dimensions: ['channel'],
      measures: ['tickets', 'responded', 'firstResponseHoursP50', 'firstResponseHoursP90'],
    },
  },
  loyalty: {
    liabilityAndFlows: {
      dataset: 'loyaltyMembers',
      dimensions: [],
      measures: ['members', 'liabilityPoints', 'earnedPoints', 'redeemedPoints', 'expiredPoints'],
    },
    tierMix: {
      dataset: 'loyaltyMembers',
      dimensions: ['tier'],
      measures: ['members', 'liabilityPoints'],
    },
    churnBands: {
      dataset: 'loyaltyMembers',
      dimensions: ['churnBand'],
      measures: ['members', 'churnScore', 'liabilityPoints'],
    },
    // Cohorts by enrolment month, each split by its current churn band.
    churnCohorts: {
      dataset: 'loyaltyMembers',
      dimensions: ['period', 'churnBand'],
      measures: ['members', 'churnScore', 'liabilityPoints'],
      timeGrain: 'month',
    },
  },
  marketing: {
    campaignResults: {
      dataset: 'campaigns',
      dimensions: ['campaign'],
      measures: [
        'audience',
        'sent',
        'skipped',
        'skippedNoConsent',
        'skippedUnsubscribed',
        'skippedNoEmail',
        'skippedMergeFieldMissing',
      ],
    },
    // Dated per message, so it answers asOf.
    deliveryRates: {
      dataset: 'campaignMessages',
      dimensions: ['campaign'],
      measures: ['messages', 'bounced', 'bounceRate', 'unsubscribed', 'unsubscribeRate'],
    },
    journeyFunnels: {
      dataset: 'journeyFunnels',
      dimensions: ['journey', 'version'],
      measures: ['entered', 'completed', 'converted', 'active', 'conversionRate'],
    },
    journeySteps: {
      dataset: 'journeySteps',
      dimensions: ['journey', 'version', 'step'],
      measures: ['passed', 'sent', 'skipped', 'conditionHeld', 'conditionNotHeld', 'deferred'],
    },
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, StandardReport>>>>;

export type StandardPack = keyof typeof STANDARD_PACKS;

export class UnknownStandardReportError extends Error {
  constructor(pack: string, name: string) {
    super(`No standard report ${pack}/${name}`);
    this.name = 'UnknownStandardReportError';
  }
}

/** The definition of a standard report, with the caller's window, asOf and target currency. */
export function standardReport(
  pack: string,
  name: string,
  window: Pick<ReportDefinition, 'asOf' | 'from' | 'to' | 'currency'> = {},
): ReportDefinition {
  const reports: Readonly<Record<string, StandardReport>> | undefined =
    Object.prototype.hasOwnProperty.call(STANDARD_PACKS, pack)
      ? STANDARD_PACKS[pack as StandardPack]
      : undefined;
  const report =
    reports && Object.prototype.hasOwnProperty.call(reports, name) ? reports[name] : undefined;
  if (!report) throw new UnknownStandardReportError(pack, name);
  return { ...report, ...window };
}
