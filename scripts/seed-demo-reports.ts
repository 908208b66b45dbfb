// The demo seed's last step: runs every standard report as the admin and prints its totals, so the
// demo shows (and checks) that each pack has figures over the seeded data. Read models trail the
// writes, so an empty pack is retried for a while before the seed fails. Before that it submits
// the admin's forecast of the current quarter (the forecast pack's figure). CSAT and NPS figures
// come only from customers answering the survey links of their mails, which the seed does not do:
// those packs are shown, and may be empty. Last, a few reports as they stood at an earlier instant.
import type { MustQuery } from './seed-demo-service-desk';

/** Packs whose rows only customers create (survey answers): shown even when empty. */
const ANSWERED_BY_CUSTOMERS = new Set([
  'serviceDesk/csatTrend',
  'serviceDesk/csatByAgent',
  'serviceDesk/npsTrend',
]);

async function submitDemoForecast(must: MustQuery, admin: string): Promise<void> {
  const now = new Date();
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  // One submission per quarter (idempotent across seed runs); the latest per owner and period counts.
  await must(
    'mutation($input: SubmitForecastInput!) { submitForecast(input: $input) { position } }',
    {
      input: {
        idempotencyKey: `demo-forecast-${quarter}`,
        period: quarter,
        amount: '42000.00',
        currency: 'EUR',
      },
    },
    admin,
  );
}

const STANDARD_REPORTS = `{ standardReports { pack name } }`;
const STANDARD_REPORT = `query($pack: String!, $name: String!) { standardReport(pack: $pack, name: $name) {
  measures { label } totals rowCount freshness { eventsBehind } } }`;

interface Figures {
  measures: { label: string }[];
  totals: (number | null)[];
  rowCount: number;
  freshness: { eventsBehind: number };
}

/**
 * The reporting currency with two rates (orders convert at the rate in force when placed) and the
 * issue's example threshold alert, SLA met % below 90, checked hourly (docs/reports.md).
 */
async function setDemoReportSettings(must: MustQuery, admin: string): Promise<void> {
  await must('mutation { setReportingCurrency(currency: "EUR") }', {}, admin);
  for (const [currency, rate] of [
    ['USD', 0.92],
    ['GBP', 1.17],
  ] as const)
    await must(
      'mutation($input: ExchangeRateInput!) { setExchangeRate(input: $input) { currency } }',
      { input: { currency, rate, effectiveFrom: '2026-01-01T00:00:00Z' } },
      admin,
    );
  await must(
    'mutation($input: ReportThresholdRuleInput!) { setReportThresholdRule(input: $input) { ruleId } }',
    {
      input: {
        ruleId: 'sla-met',
        pack: 'serviceDesk',
        report: 'slaAndResolution',
        measure: 'slaMet',
        comparison: 'below',
        threshold: 90,
      },
    },
    admin,
  );
}

/**
 * A saved report shared with the sales managers, mailed to the admin on Monday mornings (Paris):
 * what the console's "Saved reports" tab shows. Saved once across seed runs (found by name).
 */
async function saveDemoReport(must: MustQuery, admin: string): Promise<void> {
  const name = 'Funnel velocity by owner';
  const { savedReports } = await must<{ savedReports: { id: string; name: string }[] }>(
    '{ savedReports { id name } }',
    {},
    admin,
  );
  const existing = savedReports.find((r) => r.name === name);
  const id =
    existing?.id ??
    (
      await must<{ saveReport: { id: string } }>(
        'mutation($input: SaveReportInput!) { saveReport(input: $input) { id } }',
        {
          input: {
            name,
            shareWithTeam: false,
            shareWithRole: 'SALES_MANAGER',
            definition: {
              dataset: 'stageDurations',
              dimensions: ['owner', 'stage'],
              measures: ['opportunities', 'movedOn', 'daysInStage'],
            },
          },
        },
        admin,
      )
    ).saveReport.id;
  await must(
    'mutation($id: String!) { scheduleReportDigest(savedReportId: $id, cron: "0 8 * * 1", timeZone: "Europe/Paris") { nextAt } }',
    { id },
    admin,
  );
}

export async function showStandardReports(must: MustQuery, admin: string): Promise<void> {
  await submitDemoForecast(must, admin);
  await setDemoReportSettings(must, admin);
  await saveDemoReport(must, admin);
  const { standardReports } = await must<{ standardReports: { pack: string; name: string }[] }>(
    STANDARD_REPORTS,
    {},
    admin,
  );
  for (const { pack, name } of standardReports) {
    let figures: Figures | undefined;
    const mayBeEmpty = ANSWERED_BY_CUSTOMERS.has(`${pack}/${name}`);
    for (let attempt = 0; attempt < (mayBeEmpty ? 1 : 60); attempt++) {
      figures = (await must<{ standardReport: Figures }>(STANDARD_REPORT, { pack, name }, admin))
        .standardReport;
      if (figures.rowCount > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (mayBeEmpty && figures?.rowCount === 0) {
      console.log(`Report ${pack}/${name}: no survey answers yet (customers answer by mail)`);
      continue;
    }
    if (!figures || figures.rowCount === 0)
      throw new Error(`demo seed failed: the standard report ${pack}/${name} has no rows`);
    const shown = figures.measures.map((m, i) => `${m.label} ${figures.totals[i] ?? '-'}`);
    console.log(
      `Report ${pack}/${name}: ${shown.join(', ')} (${figures.freshness.eventsBehind} events behind)`,
    );
  }
  await showReportsAsOf(must, admin);
}

const REPORT_AS_OF = `query($pack: String!, $name: String!, $asOf: String) {
  standardReport(pack: $pack, name: $name, asOf: $asOf) { measures { label } totals rowCount asOf } }`;

/**
 * Figures as they stood at an instant (docs/reports.md): the RFM grid at the start of this month
 * (purchases are bucketed by month), time in stage, forecast accuracy, quota attainment and first
 * response an hour ago.
 */
async function showReportsAsOf(must: MustQuery, admin: string): Promise<void> {
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  for (const [pack, name, asOf] of [
    ['customers', 'rfmGrid', monthStart],
    ['sales', 'funnelVelocity', hourAgo],
    ['sales', 'forecastAccuracy', hourAgo],
    ['sales', 'quotaAttainment', hourAgo],
    ['serviceDesk', 'firstResponseByChannel', hourAgo],
  ] as const) {
    const { standardReport: figures } = await must<{
      standardReport: Figures & { asOf: string };
    }>(REPORT_AS_OF, { pack, name, asOf }, admin);
    const shown = figures.measures.map((m, i) => `${m.label} ${figures.totals[i] ?? '-'}`);
    console.log(`Report ${pack}/${name} as of ${figures.asOf}: ${shown.join(', ')}`);
  }
}
