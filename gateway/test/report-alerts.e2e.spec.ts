// Report alerts on the running platform, through GraphQL: a tenant admin sets a threshold rule on
// a standard report (SLA met % below 90), a bad rule is refused with BAD_USER_INPUT naming the
// field, a sales rep may neither set nor list rules, the rule is listed and removed, and the
// tenant's alerts answer. The checks' firing itself is covered with a travelling clock in
// libs/reports/src/alerts/report-checks.int.spec.ts. A saved report's digest is scheduled by its
// owner at the local time of a rule, refused when too frequent or in an unknown zone, and stopped;
// the mail itself is covered in gateway/src/reports/report-digests.int.spec.ts. The reporting
// currency and rates are entered and listed, and the new standard reports answer (with asOf where
// their facts are dated).
import { randomUUID } from 'node:crypto';
import { createPlatformUser, loginToRunningPlatform } from './support/running-platform';
import type { GatewayGraphQLClient } from './support/graphql-client';

jest.setTimeout(120_000);
const run = randomUUID().slice(0, 8);

const SET = `mutation($input: ReportThresholdRuleInput!) {
  setReportThresholdRule(input: $input) { ruleId pack report measure comparison threshold } }`;
const RULES = `{ reportThresholdRules { ruleId measure comparison threshold } }`;
const ALERTS = `{ reportAlerts(first: 20) { eventId type position occurredAt message value threshold dataset } }`;

const SLA = {
  ruleId: `sla-${run}`,
  pack: 'serviceDesk',
  report: 'slaAndResolution',
  measure: 'slaMet',
  comparison: 'below',
  threshold: 90,
};

let admin: GatewayGraphQLClient;

beforeAll(async () => {
  admin = await loginToRunningPlatform();
}, 60_000);

describe('report alerts end to end', () => {
  it('keeps threshold rules for admins and lists the tenant alerts', async () => {
    const set = await admin.data<{ setReportThresholdRule: typeof SLA }>(SET, { input: SLA });
    expect(set.setReportThresholdRule).toEqual(SLA);

    const bad = await admin.request(SET, { input: { ...SLA, measure: 'customers' } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'measure', code: 'INVALID' }],
    });

    const { client: rep } = await createPlatformUser(admin, {
      email: `rep.${run}@alerts.example`,
      displayName: 'Rep',
      password: `correct-horse-${run}`,
      role: 'SALES_REP',
      teamId: `alerts-${run}`,
    });
    expect((await rep.request(SET, { input: SLA })).errors?.[0]?.extensions?.['code']).toBe(
      'FORBIDDEN',
    );
    expect((await rep.request(RULES)).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const rules = await admin.data<{ reportThresholdRules: { ruleId: string }[] }>(RULES);
    expect(rules.reportThresholdRules).toContainEqual({
      ruleId: SLA.ruleId,
      measure: 'slaMet',
      comparison: 'below',
      threshold: 90,
    });
    const alerts = await admin.data<{ reportAlerts: unknown[] }>(ALERTS);
    expect(Array.isArray(alerts.reportAlerts)).toBe(true);

    const removed = await admin.data<{ removeReportThresholdRule: boolean }>(
      `mutation($id: String!) { removeReportThresholdRule(ruleId: $id) }`,
      { id: SLA.ruleId },
    );
    expect(removed.removeReportThresholdRule).toBe(true);
    const again = await admin.request(
      `mutation($id: String!) { removeReportThresholdRule(ruleId: $id) }`,
      { id: SLA.ruleId },
    );
    expect(again.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('schedules, reads and stops the digest of your saved report', async () => {
    const saved = await admin.data<{ saveReport: { id: string } }>(
      `mutation($input: SaveReportInput!) { saveReport(input: $input) { id } }`,
      {
        input: {
          name: `Digest ${run}`,
          shareWithTeam: false,
          definition: { dataset: 'leads', dimensions: ['source'], measures: ['leads'] },
        },
      },
    );
    const id = saved.saveReport.id;
    const SCHEDULE = `mutation($id: String!, $cron: String!, $zone: String!) {
      scheduleReportDigest(savedReportId: $id, cron: $cron, timeZone: $zone) { savedReportId cron timeZone nextAt } }`;
    const scheduled = await admin.data<{
      scheduleReportDigest: { nextAt: string; timeZone: string };
    }>(SCHEDULE, { id, cron: '0 8 * * 1', zone: 'Europe/Paris' });
    const next = new Date(scheduled.scheduleReportDigest.nextAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCDay()).toBe(1); // a Monday, 08:00 in Paris
    expect([6, 7]).toContain(next.getUTCHours());

    for (const [cron, zone] of [
      ['* 8 * * *', 'UTC'],
      ['0 8 * * *', 'Mars/Olympus'],
    ]) {
      const refused = await admin.request(SCHEDULE, { id, cron, zone });
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
    const read = await admin.data<{ reportDigest: { cron: string } | null }>(
      `query($id: String!) { reportDigest(savedReportId: $id) { cron } }`,
      { id },
    );
    expect(read.reportDigest).toEqual({ cron: '0 8 * * 1' });
    const stopped = await admin.data<{ cancelReportDigest: boolean }>(
      `mutation($id: String!) { cancelReportDigest(savedReportId: $id) }`,
      { id },
    );
    expect(stopped.cancelReportDigest).toBe(true);
    const none = await admin.data<{ reportDigest: unknown }>(
      `query($id: String!) { reportDigest(savedReportId: $id) { cron } }`,
      { id },
    );
    expect(none.reportDigest).toBeNull();
  });

  it('keeps the reporting currency and rates, and answers the new standard reports', async () => {
    const bad = await admin.request(`mutation { setReportingCurrency(currency: "euro") }`);
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    await admin.data(`mutation { setReportingCurrency(currency: "EUR") }`);
    const rate = await admin.data<{ setExchangeRate: unknown }>(
      `mutation($input: ExchangeRateInput!) { setExchangeRate(input: $input) { currency reportingCurrency rate effectiveFrom } }`,
      { input: { currency: 'USD', rate: 0.92, effectiveFrom: '2026-01-01T00:00:00Z' } },
    );
    expect(rate.setExchangeRate).toEqual({
      currency: 'USD',
      reportingCurrency: 'EUR',
      rate: 0.92,
      effectiveFrom: '2026-01-01T00:00:00.000Z',
    });
    const listed = await admin.data<{
      exchangeRates: { reportingCurrency: string; rates: unknown[] };
    }>(`{ exchangeRates { reportingCurrency rates { currency rate } } }`);
    expect(listed.exchangeRates.reportingCurrency).toBe('EUR');
    expect(listed.exchangeRates.rates).toContainEqual({ currency: 'USD', rate: 0.92 });

    // A target currency (ADR 0455): every amount in EUR, or refused naming the missing rate.
    const inCurrency = (currency: string) =>
      admin.request(
        `query($currency: String) { report(definition: { dataset: "opportunities",
          dimensions: ["currency"], measures: ["amount"], currency: $currency }) { rows { dimensions } } }`,
        { currency },
      );
    const badCode = await inCurrency('euro');
    expect(badCode.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const converted = await inCurrency('EUR');
    if (converted.errors) expect(converted.errors[0]?.message).toMatch(/rate in force at/);
    else {
      const rows = (converted.data as { report: { rows: { dimensions: string[] }[] } }).report.rows;
      expect(rows.every((r) => r.dimensions[0] === 'EUR')).toBe(true);
    }

    const asOf = new Date().toISOString();
    for (const [pack, name, withAsOf] of [
      ['sales', 'revenueByMonth', true],
      ['serviceDesk', 'slaByChannel', true],
      ['serviceDesk', 'backlogByAge', true],
      ['loyalty', 'churnCohorts', false],
    ] as const) {
      const report = await admin.data<{
        standardReport: { asOf: string | null; totals: unknown[] };
      }>(
        `query($pack: String!, $name: String!, $asOf: String) {
          standardReport(pack: $pack, name: $name, asOf: $asOf) { asOf totals } }`,
        { pack, name, asOf: withAsOf ? asOf : null },
      );
      expect(report.standardReport.asOf).toBe(withAsOf ? asOf : null);
    }
  });
});
