// Which standard reports answer asOf (docs/reports.md lists the same): every other one is refused
// with a typed error naming why, never answered from undated facts.
import { DATASETS } from '../datasets/catalogue';
import { InvalidReportError, validateReport } from '../definition/report-definition';
import { STANDARD_PACKS, standardReport } from './standard-packs';

const NOW = new Date('2026-06-30T12:00:00Z');
// A month's first instant: the month-dated customer figures (value tier, RFM) answer it too.
const AS_OF = '2026-04-01T00:00:00Z';

const ANSWER_AS_OF = [
  'customers/byValueTier',
  'customers/byAcquisitionChannel',
  'customers/growth',
  'customers/rfmGrid',
  'customers/byLifecycle',
  'sales/funnelByStage',
  'sales/winRateByOwner',
  'sales/outcomes',
  'sales/leadsBySource',
  'sales/leadsBySourceOverTime',
  'sales/forecastByPeriod',
  'sales/revenueByMonth',
  'sales/funnelVelocity',
  'sales/timeInStageByOwner',
  'sales/forecastAccuracy',
  'sales/winRateBySource',
  'sales/quotaAttainment',
  'sales/quoteOutcomesByOwner',
  'sales/quoteApprovalTurnaround',
  'sales/pipelineAgainstQuota',
  'serviceDesk/slaAndResolution',
  'serviceDesk/backlogByAge',
  'serviceDesk/csatTrend',
  'serviceDesk/csatByAgent',
  'serviceDesk/npsTrend',
  'serviceDesk/slaByChannel',
  'serviceDesk/firstResponseByChannel',
  'serviceDesk/deflectionByArticle',
  'loyalty/liabilityAndFlows',
  'loyalty/tierMix',
  'loyalty/churnBands',
  'loyalty/churnCohorts',
  'marketing/deliveryRates',
  'marketing/campaignResults',
];

const ALL = Object.entries(STANDARD_PACKS).flatMap(([pack, reports]) =>
  Object.keys(reports).map((name) => `${pack}/${name}`),
);

describe('standard reports as of an instant', () => {
  it.each(ALL)('%s', (id) => {
    const [pack, name] = id.split('/') as [string, string];
    const validate = () =>
      validateReport(standardReport(pack, name, { asOf: AS_OF }), DATASETS, NOW);
    if (ANSWER_AS_OF.includes(id)) expect(validate().asOf).toEqual(new Date(AS_OF));
    else expect(validate).toThrow(InvalidReportError);
  });
});
