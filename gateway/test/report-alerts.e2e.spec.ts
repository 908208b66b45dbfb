// Report alerts on the running platform, through GraphQL: a tenant admin sets a threshold rule on
// a standard report (SLA met % below 90), a bad rule is refused with BAD_USER_INPUT naming the
// field, a sales rep may neither set nor list rules, the rule is listed and removed, and the
// tenant's alerts answer. The checks' firing itself is covered with a travelling clock in
// libs/reports/src/alerts/report-checks.int.spec.ts.
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
});
