// The console's saved reports in a real browser (Debian's Chromium through playwright-core)
// against the running platform: build a custom report, save it shared with a role, find it under
// "Saved reports", run it, have a too-frequent digest rule refused at its field, schedule a digest
// in a time zone, and pass axe (WCAG 2.1 AA) on the saved-reports tab. The dashboards show the
// new standard reports (funnel velocity, forecast accuracy, RFM grid, delivery rates).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type Browser } from 'playwright-core';
import { eventually } from '@crm/testing';
import { axeViolations } from './axe';
import { findChromium } from './chromium';
import { launchChromium, screenshotsDir as screenshots, signIn } from './console-browser';
import { graphql, signInAsDemoAdmin } from './running-gateway';

jest.setTimeout(180_000);

const chromiumLookup = findChromium();
// Unique per run: the platform keeps data between runs.
const run = randomUUID().slice(0, 8);
const reportName = `Customers per kind ${run}`;

const describeInBrowser = chromiumLookup.path ? describe : describe.skip;
if (!chromiumLookup.path) process.stderr.write(`console e2e skipped: ${chromiumLookup.reason}\n`);

describeInBrowser('saved reports in the console', () => {
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    token = await signInAsDemoAdmin();
    await graphql(
      `
        mutation ($input: RegisterCustomerInput!) {
          registerCustomer(input: $input) {
            customerId
          }
        }
      `,
      {
        input: {
          person: { firstName: 'Grace', lastName: `Report${run}` },
          idempotencyKey: `console-reports-e2e-${run}`,
        },
      },
      token,
    );
    browser = await launchChromium(chromiumLookup.path ?? '');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('saves a custom report shared with a role, runs it, schedules its digest and passes axe', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('menu').getByText('Reports', { exact: true }).click();

    // The new standard reports are on the dashboards.
    await page.getByRole('tab', { name: 'Sales' }).click();
    await page.getByTestId('report-sales-funnelVelocity').getByTestId('report-freshness').waitFor();
    await page.getByTestId('report-sales-forecastAccuracy').waitFor();

    // Customers per kind, run until the read model holds the customer registered above.
    await page.getByRole('tab', { name: 'Custom report' }).click();
    const visibleOptions = page.locator('.ant-select-dropdown:visible');
    await page.getByRole('combobox', { name: 'Dataset' }).click();
    await visibleOptions.getByTitle('Customers', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Dimensions' }).fill('Kind');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Measures' }).fill('Customers');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await eventually(
      async () => {
        await page.getByRole('button', { name: 'Run' }).click();
        await page
          .getByTestId('custom-report')
          .getByTestId('report-row')
          .filter({ hasText: 'person' })
          .waitFor({ timeout: 1_000 });
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );

    // Save it, shared with the marketers.
    await page.getByRole('button', { name: 'Save report' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill(reportName);
    await dialog.getByRole('combobox', { name: 'Share with everyone of a role' }).click();
    await visibleOptions.getByTitle('Marketers').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('report-saved').filter({ hasText: reportName }).waitFor();
    const saved = await graphql<{
      savedReports: { name: string; sharedWithRole: string | null }[];
    }>('{ savedReports { name sharedWithRole } }', {}, token);
    expect(saved.savedReports.find((r) => r.name === reportName)?.sharedWithRole).toBe('MARKETER');

    // Listed under "Saved reports" at once; opening it runs it in the admin's scope.
    await page.getByRole('tab', { name: 'Saved reports' }).click();
    const item = page
      .getByTestId('saved-reports')
      .locator('.ant-list-item', { hasText: reportName });
    await item.getByText('Marketers').waitFor();
    await item.getByRole('button', { name: 'Open' }).click();
    await page
      .getByTestId('saved-report')
      .getByTestId('report-row')
      .filter({ hasText: 'person' })
      .waitFor();

    // A rule more often than hourly is refused at its field; then Mondays 08:00 in Paris.
    const digest = page.getByTestId('report-digest');
    await digest.getByText('No digest scheduled.').waitFor();
    await digest.getByLabel('Rule (cron)').fill('*/5 * * * *');
    await digest.getByRole('button', { name: 'Schedule digest' }).click();
    await digest.getByText('must name one minute (at most hourly)').waitFor();
    await digest.getByLabel('Rule (cron)').fill('0 8 * * 1');
    await digest.getByLabel('Time zone').fill('Europe/Paris');
    await digest.getByRole('button', { name: 'Schedule digest' }).click();
    await digest.getByTestId('report-digest-next').filter({ hasText: 'Europe/Paris' }).waitFor();

    await page.waitForFunction(
      () => document.querySelectorAll('.ant-spin-spinning, .ant-card-loading-content').length === 0,
    );
    expect(await axeViolations(page, 'saved reports')).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'console-saved-reports.png') });
    await context.close();
  });
});
