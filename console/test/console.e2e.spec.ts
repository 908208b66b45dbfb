// The web console in a real browser (Debian's Chromium through playwright-core) against the
// running platform: sign in as the demo admin, find a customer, open the 360, switch language,
// and the same on a phone's width. Screenshots go to tmp/console-screenshots (or
// CRM_CONSOLE_SCREENSHOTS_DIR, e.g. docs/images to refresh the docs).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
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
      await graphql(
        `
          mutation ($input: OpenOpportunityInput!) {
            openOpportunity(input: $input) {
              position
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
      for (const allowed of ['Customers', 'Pipeline', 'Ticket queue', 'Loyalty', 'GraphQL IDE'])
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
        ['Customers', 'Ticket queue', 'Loyalty', 'GraphQL IDE'],
        ['Pipeline', 'Audit'],
      ],
      ['AUDITOR', ['Customers', 'Pipeline', 'Ticket queue', 'Loyalty', 'Audit', 'GraphQL IDE'], []],
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
