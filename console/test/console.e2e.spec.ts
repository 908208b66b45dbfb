// The web console in a real browser (Debian's Chromium through playwright-core) against the
// running platform: sign in as the demo admin, find a customer, open the 360, switch language,
// and the same on a phone's width. Screenshots go to tmp/console-screenshots (or
// CRM_CONSOLE_SCREENSHOTS_DIR, e.g. docs/images to refresh the docs).
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { eventually } from '@crm/testing';
import { findChromium } from './chromium';
import { demoAdmin, gatewayUrl, graphql, signInAsDemoAdmin } from './running-gateway';

jest.setTimeout(180_000);

const chromiumLookup = findChromium();
const screenshots = path.resolve(
  process.env['CRM_CONSOLE_SCREENSHOTS_DIR'] ??
    path.join(__dirname, '..', '..', 'tmp', 'console-screenshots'),
);
// Unique per run: the platform keeps data between runs.
const run = randomUUID().slice(0, 8);
const lastName = `Lovelace${run}`;

const describeInBrowser = chromiumLookup.path ? describe : describe.skip;
if (!chromiumLookup.path) process.stderr.write(`console e2e skipped: ${chromiumLookup.reason}\n`);

describeInBrowser(
  `web console in Chromium${chromiumLookup.reason ? ` (skipped: ${chromiumLookup.reason})` : ''}`,
  () => {
    let browser: Browser;
    let customerId: string;
    let opportunityId: string;
    let adminToken: string;

    beforeAll(async () => {
      const token = await signInAsDemoAdmin();
      adminToken = token;
      const data = await graphql<{ registerCustomer: { customerId: string } }>(
        `
          mutation ($input: RegisterCustomerInput!) {
            registerCustomer(input: $input) {
              customerId
            }
          }
        `,
        {
          input: {
            person: { firstName: 'Ada', lastName },
            initialStatus: 'ACTIVE',
            idempotencyKey: `console-e2e-${run}`,
          },
        },
        token,
      );
      customerId = data.registerCustomer.customerId;
      await graphql(
        `
          mutation ($input: RecordInteractionInput!) {
            recordInteraction(input: $input) {
              position
            }
          }
        `,
        { input: { customerId, kind: 'CALL', subject: `Console call ${run}` } },
        token,
      );
      const opened = await graphql<{ openOpportunity: { aggregateId: string } }>(
        `
          mutation ($input: OpenOpportunityInput!) {
            openOpportunity(input: $input) {
              aggregateId
            }
          }
        `,
        {
          input: {
            customerId,
            name: `Console deal ${run}`,
            amount: '1250.00',
            currency: 'EUR',
            expectedCloseOn: '2027-06-30',
            stageId: 'new',
            idempotencyKey: `console-e2e-deal-${run}`,
          },
        },
        token,
      );
      opportunityId = opened.openOpportunity.aggregateId;
      mkdirSync(screenshots, { recursive: true });
      browser = await chromium.launch({
        executablePath: chromiumLookup.path,
        // Root on CI machines: Chromium's sandbox needs user namespaces it may not get there.
        chromiumSandbox: false,
        args: ['--disable-dev-shm-usage'],
      });
    });

    afterAll(async () => {
      await browser?.close();
    });

    async function signIn(
      page: Page,
      user: { email: string; password: string } = demoAdmin,
    ): Promise<void> {
      await page.goto(`${gatewayUrl}/`);
      await page.getByLabel('Workspace').fill(demoAdmin.tenant);
      await page.getByLabel('E-mail').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('signed-in-as').waitFor();
    }

    /** Searches until the read model has the customer (it trails the write by milliseconds). */
    async function searchUntilFound(page: Page): Promise<void> {
      // Users land on "my day"; the tab keeps the session across this navigation.
      await page.goto(`${gatewayUrl}/customers`);
      await page.getByPlaceholder('Name, e-mail, phone…').fill(lastName);
      await eventually(
        async () => {
          await page.getByRole('button', { name: 'Search' }).click();
          await page.getByRole('link', { name: lastName }).waitFor({ timeout: 1_000 });
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
    }

    it('signs in as the demo admin, shows only what an admin may use, finds a customer and opens the 360', async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page);

      const menu = page.getByRole('menu');
      for (const allowed of [
        'My day',
        'Customers',
        'Pipeline',
        'Quotes',
        'Forecast',
        'Ticket queue',
        'Knowledge base',
        'Satisfaction',
        'Marketing',
        'Loyalty',
        'Reports',
        'GraphQL IDE',
      ])
        await menu.getByText(allowed, { exact: true }).waitFor();
      // The admin is not an auditor: the event browser is not offered.
      expect(await menu.getByText('Audit', { exact: true }).count()).toBe(0);

      await searchUntilFound(page);
      await page.screenshot({ path: path.join(screenshots, 'console-customers.png') });
      // The search text (personal data) never lands in the URL.
      expect(page.url()).not.toContain(lastName);

      await page.getByRole('link', { name: `Ada ${lastName}` }).click();
      await page.waitForURL(`**/customers/${customerId}`);
      expect(await page.getByTestId('customer-name').textContent()).toBe(`Ada ${lastName}`);
      expect(page.url()).not.toContain(lastName);
      // The timeline's read model trails the write: reload until the recorded call shows.
      await eventually(
        async () => {
          await page.reload();
          await page
            .getByTestId('timeline-entry')
            .filter({ hasText: `Console call ${run}` })
            .waitFor({ timeout: 2_000 });
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );

      // Edit a field: the 360 shows the change once the save returns (it reads its own write).
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('First name').fill('Augusta');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByTestId('customer-name')
        .filter({ hasText: `Augusta ${lastName}` })
        .waitFor();

      // Consent: granting e-mail marketing flips the switch once the write is read back.
      const emailConsent = page.getByRole('switch', { name: 'Consent EMAIL' });
      expect(await emailConsent.getAttribute('aria-checked')).toBe('false');
      await emailConsent.click();
      await page.getByRole('switch', { name: 'Consent EMAIL', checked: true }).waitFor();
      await page.screenshot({
        path: path.join(screenshots, 'console-customer-360.png'),
        fullPage: true,
      });

      await page.getByRole('combobox', { name: 'Language' }).click();
      await page.getByTitle('简体中文').click();
      await page.getByText('时间线', { exact: true }).waitFor();
      await menu.getByText('客户', { exact: true }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.screenshot({
        path: path.join(screenshots, 'console-customer-360-zh-CN.png'),
        fullPage: true,
      });

      // A reload keeps the session (this tab) and the language.
      await page.reload();
      await page.getByText('时间线', { exact: true }).waitFor();
      await context.close();
    });

    it('moves an opportunity to another stage by dragging its card on the pipeline board', async () => {
      const context = await browser.newContext({
        viewport: { width: 1400, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page);
      await page.getByRole('menu').getByText('Pipeline', { exact: true }).click();
      const card = (stage: string) =>
        page
          .getByTestId(`stage-${stage}`)
          .getByTestId('opportunity-card')
          .filter({ hasText: `Console deal ${run}` });
      // The board's read model trails the write: reload until the new deal shows.
      await eventually(
        async () => {
          await page.reload();
          await card('new').waitFor({ timeout: 2_000 });
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      await card('new').dragTo(page.getByTestId('stage-qualified'));
      await card('qualified').waitFor();
      expect(await card('new').count()).toBe(0);
      await page.screenshot({ path: path.join(screenshots, 'console-pipeline.png') });
      await context.close();
    });

    it.each([
      [
        'SERVICE_AGENT',
        [
          'My day',
          'Customers',
          'Ticket queue',
          'Knowledge base',
          'Satisfaction',
          'Loyalty',
          'Reports',
          'GraphQL IDE',
        ],
        ['Pipeline', 'Quotes', 'Forecast', 'Marketing', 'Audit'],
      ],
      [
        'SALES_REP',
        ['My day', 'Customers', 'Pipeline', 'Quotes', 'Forecast', 'Loyalty', 'Reports'],
        ['Ticket queue', 'Knowledge base', 'Marketing', 'Audit'],
      ],
      [
        'MARKETER',
        ['My day', 'Customers', 'Marketing', 'Loyalty', 'Reports'],
        ['Pipeline', 'Quotes', 'Ticket queue', 'Audit'],
      ],
      [
        'AUDITOR',
        [
          'My day',
          'Customers',
          'Pipeline',
          'Quotes',
          'Ticket queue',
          'Marketing',
          'Loyalty',
          'Reports',
          'Audit',
          'GraphQL IDE',
        ],
        [],
      ],
    ])('shows a %s only the screens the role may use', async (role, shown, hidden) => {
      const user = {
        email: `${role.toLowerCase()}.${run}@demo.example`,
        password: `Console-${run}-pass!`,
      };
      await graphql(
        `
          mutation ($input: CreateUserInput!) {
            createUser(input: $input) {
              id
            }
          }
        `,
        { input: { ...user, displayName: `${role} ${run}`, roles: [role] } },
        adminToken,
      );
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page, user);
      const menu = page.getByRole('menu');
      for (const label of shown) await menu.getByText(label, { exact: true }).waitFor();
      for (const label of hidden)
        expect(await menu.getByText(label, { exact: true }).count()).toBe(0);
      // "My day" follows the role: a rep has activities but approves no quote.
      await page.waitForURL('**/home');
      if (role === 'SALES_REP') {
        await page.getByTestId('home-activities').waitFor();
        expect(await page.getByTestId('home-approvals').count()).toBe(0);
      }
      if (role === 'SERVICE_AGENT') await page.getByTestId('home-near-breach').waitFor();
      if (role === 'MARKETER') {
        // The segment builder counts the customers a rule selects, as it is typed.
        await menu.getByText('Marketing', { exact: true }).click();
        await page.getByRole('textbox', { name: 'Value' }).fill('console-e2e-none');
        await page.getByTestId('segment-count').filter({ hasText: /^0$/ }).waitFor();
        await page.getByRole('combobox', { name: 'Field' }).click();
        await page.locator('.ant-select-dropdown:visible').getByTitle('Kind').click();
        await page.getByRole('combobox', { name: 'Value' }).click();
        await page.locator('.ant-select-dropdown:visible').getByTitle('person').click();
        // At least the person registered above.
        await page
          .getByTestId('segment-count')
          .filter({ hasText: /^[1-9]\d*$/ })
          .waitFor();
        await page.screenshot({ path: path.join(screenshots, 'console-segment-builder.png') });
      }
      if (role === 'AUDITOR') {
        // The event browser lists the customer registered above, by its stream.
        await menu.getByText('Audit', { exact: true }).click();
        await page
          .getByRole('textbox', { name: 'Stream id' })
          .first()
          .fill(`customers.Customer-${customerId}`);
        await page.getByRole('button', { name: 'Search' }).click();
        await page.getByRole('cell', { name: 'customers.CustomerRegistered' }).waitFor();
        await page.screenshot({ path: path.join(screenshots, 'console-audit.png') });
      }
      await context.close();
    });

    it('shows an admin "my day": an activity due today and a quote to approve in place', async () => {
      const subject = `Console follow-up ${run}`;
      // Due before the end of today (local time, as the browser counts it), and in the future.
      const endOfToday = new Date();
      endOfToday.setHours(24, 0, 0, 0);
      const dueAt = new Date(
        Math.min(Date.now() + 60 * 60_000, endOfToday.getTime() - 60_000),
      ).toISOString();
      // An admin who does not sell owns nothing by default: the activity is given to them.
      const me = await graphql<{ me: { id: string } }>('{ me { id } }', {}, adminToken);
      await graphql(
        `
          mutation ($input: ScheduleActivityInput!) {
            scheduleActivity(input: $input) {
              position
            }
          }
        `,
        {
          input: {
            aboutKind: 'OPPORTUNITY',
            aboutId: opportunityId,
            ownerId: me.me.id,
            kind: 'CALL',
            subject,
            dueAt,
            idempotencyKey: `console-e2e-activity-${run}`,
          },
        },
        adminToken,
      );
      // A 25 % discount needs a manager's or an admin's approval.
      const quote = await graphql<{ createQuote: { createdId: string } }>(
        `
          mutation ($input: CreateQuoteInput!) {
            createQuote(input: $input) {
              createdId
            }
          }
        `,
        {
          input: {
            opportunityId,
            validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
            lines: [
              {
                name: 'Console seats',
                category: 'licence',
                quantity: 10,
                unitPrice: '100.00',
                discountPercent: 25,
              },
            ],
            idempotencyKey: `console-e2e-quote-${run}`,
          },
        },
        adminToken,
      );
      const quoteId = quote.createQuote.createdId;

      const context = await browser.newContext({
        viewport: { width: 1400, height: 900 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page);
      await page.waitForURL('**/home');
      const approval = page.getByTestId(`approval-${quoteId}`);
      // The read models trail the writes: reload until both show.
      await eventually(
        async () => {
          await page.reload();
          await page
            .getByTestId('home-activities')
            .getByText(subject, { exact: true })
            .waitFor({ timeout: 2_000 });
          await approval.waitFor({ timeout: 2_000 });
          return true;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      await page.getByTestId('home-near-breach').waitFor();
      // Every list loaded and faded in (antd's spinner fades them) before the picture.
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('.ant-spin-container')).every(
          (list) => getComputedStyle(list).opacity === '1',
        ),
      );
      await page.screenshot({ path: path.join(screenshots, 'console-home.png') });
      await approval.getByRole('button', { name: 'Approve' }).click();
      // The queue is read again at the approval's position: the quote is gone at once.
      await approval.waitFor({ state: 'detached' });
      const approved = await graphql<{
        quote: { awaitingApproval: boolean; approvedVersion: number };
      }>(
        `
          query ($id: ID!) {
            quote(quoteId: $id) {
              awaitingApproval
              approvedVersion
            }
          }
        `,
        { id: quoteId },
        adminToken,
      );
      expect(approved.quote).toEqual({ awaitingApproval: false, approvedVersion: 1 });
      await context.close();
    });

    it('shows the sales dashboards with freshness, drills down into a stage and downloads it', async () => {
      const stage = await graphql<{ opportunity: { stageId: string } }>(
        `
          query ($id: ID!) {
            opportunity(opportunityId: $id) {
              stageId
            }
          }
        `,
        { id: opportunityId },
        adminToken,
      );
      const context = await browser.newContext({
        viewport: { width: 1400, height: 1000 },
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page);
      await page.getByRole('menu').getByText('Reports', { exact: true }).click();
      await page.getByRole('tab', { name: 'Sales' }).click();
      const funnel = page.getByTestId('report-sales-funnelByStage');
      await funnel.getByTestId('report-freshness').waitFor();
      await funnel.locator('canvas').first().waitFor();
      await page.screenshot({ path: path.join(screenshots, 'console-reports.png') });

      // Drill-down: the stage's row lists the records behind it, our deal among them.
      await funnel
        .getByTestId('report-row')
        .filter({ hasText: stage.opportunity.stageId })
        .first()
        .click();
      const drill = page.getByTestId('drill-down');
      await drill.getByRole('cell', { name: opportunityId, exact: true }).waitFor();
      await page.keyboard.press('Escape');

      // Export: the same definition as a CSV file.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        funnel.getByRole('button', { name: 'Download CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const file = await download.path();
      expect(readFileSync(file, 'utf8')).toContain(stage.opportunity.stageId);

      // A custom report: opportunities per stage, built from the dataset's declared names.
      await page.getByRole('tab', { name: 'Custom report' }).click();
      const visibleOptions = page.locator('.ant-select-dropdown:visible');
      await page.getByRole('combobox', { name: 'Dataset' }).click();
      await visibleOptions.getByTitle('Opportunities').click();
      // Typing filters the options, Enter picks the first (no second "Opportunities" to confuse).
      await page.getByRole('combobox', { name: 'Dimensions' }).fill('stage');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.getByRole('combobox', { name: 'Measures' }).fill('opportunities');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Run' }).click();
      await page
        .getByTestId('custom-report')
        .getByTestId('report-row')
        .filter({ hasText: stage.opportunity.stageId })
        .waitFor();
      await page.screenshot({ path: path.join(screenshots, 'console-custom-report.png') });
      await context.close();
    });

    it('fits a phone: the menu folds away and the customer list stays usable', async () => {
      const context = await browser.newContext({
        viewport: { width: 375, height: 740 },
        isMobile: true,
        hasTouch: true,
        locale: 'en-US',
      });
      const page = await context.newPage();
      await signIn(page);
      await searchUntilFound(page);
      // Nothing wider than the screen: no sideways scrolling of the page itself.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(screenshots, 'console-customers-phone.png') });
      await context.close();
    });
  },
);
