// The care-task list in a real browser (Debian's Chromium through playwright-core) against the
// running platform: two customers answer their NPS survey as detractors (through the mailed link,
// Mailpit), each answer opens a detractor follow-up task; the admin completes one from the list and
// dismisses the other (the reason is required: the error shows at its field), each leaving the
// open list at once (read-your-writes); the screen passes axe (WCAG 2.1 AA).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { eventually } from '@crm/testing';
import { axeViolations } from './axe';
import { launchChromium, signInThroughTheForm } from './browser-session';
import { findChromium } from './chromium';
import { gatewayUrl, graphql, signInAsDemoAdmin } from './running-gateway';

jest.setTimeout(180_000);

const chromiumLookup = findChromium();
const screenshots = path.resolve(
  process.env['CRM_CONSOLE_SCREENSHOTS_DIR'] ??
    path.join(__dirname, '..', '..', 'tmp', 'console-screenshots'),
);
const mailpitUrl = process.env['CRM_MAILPIT_URL'] ?? 'http://127.0.0.1:58025';
// Unique per run: the platform keeps data between runs.
const run = randomUUID().slice(0, 8);
const SETTLE = { timeoutMs: 60_000, intervalMs: 500 };

const describeInBrowser = chromiumLookup.path ? describe : describe.skip;
if (!chromiumLookup.path) process.stderr.write(`console e2e skipped: ${chromiumLookup.reason}\n`);

/** A new customer who answers the NPS survey with 3: their detractor follow-up task's id. */
async function detractor(token: string, name: string): Promise<string> {
  const email = `${name.toLowerCase()}.${run}@customers.example`;
  const { registerCustomer } = await graphql<{ registerCustomer: { customerId: string } }>(
    `
      mutation ($input: RegisterCustomerInput!) {
        registerCustomer(input: $input) {
          customerId
        }
      }
    `,
    { input: { person: { firstName: name, lastName: `Care${run}` }, initialStatus: 'ACTIVE' } },
    token,
  );
  const customerId = registerCustomer.customerId;
  await graphql(
    `
      mutation ($input: SendNpsSurveyInput!) {
        sendNpsSurvey(input: $input) {
          position
        }
      }
    `,
    { input: { customerId, email } },
    token,
  );
  const link = await eventually(async () => {
    const search = new URL('/api/v1/search', mailpitUrl);
    search.searchParams.set('query', `to:"${email}" subject:"recommend"`);
    const { messages } = (await (await fetch(search)).json()) as { messages: { ID: string }[] };
    const { Text } = (await (
      await fetch(new URL(`/api/v1/message/${messages[0]!.ID}`, mailpitUrl))
    ).json()) as { Text: string };
    const found = [...Text.matchAll(/https?:\/\/\S+\/survey\/nps\?\S+/g)]
      .map((m) => new URL(m[0]))
      .find((u) => u.searchParams.get('score') === '3');
    expect(found).toBeDefined();
    return found!;
  }, SETTLE);
  const answered = await fetch(new URL(link.pathname, gatewayUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: link.searchParams.get('token')!, score: '3' }).toString(),
  });
  expect(answered.status).toBe(200);
  return eventually(async () => {
    const { careTasks } = await graphql<{ careTasks: { taskId: string; kind: string }[] }>(
      `
        query ($id: ID!) {
          careTasks(customerId: $id) {
            taskId
            kind
          }
        }
      `,
      { id: customerId },
      token,
    );
    expect(careTasks.map((task) => task.kind)).toEqual(['detractor_follow_up']);
    return careTasks[0]!.taskId;
  }, SETTLE);
}

describeInBrowser('care tasks in the console', () => {
  let browser: Browser;
  let completed: string;
  let dismissed: string;

  beforeAll(async () => {
    const token = await signInAsDemoAdmin();
    completed = await detractor(token, 'Mary');
    dismissed = await detractor(token, 'Hedy');
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium(chromiumLookup.path!);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('completes one task and dismisses another with a reason, each gone at once, and passes axe', async () => {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    await signInThroughTheForm(page);
    await page.getByRole('menu').getByText('Care tasks', { exact: true }).click();
    await page.getByRole('heading', { name: 'Care tasks' }).waitFor();
    const row = (taskId: string) => page.getByTestId(`care-task-${taskId}`);
    await row(completed).waitFor();
    await row(dismissed).waitFor();
    expect(await axeViolations(page, 'care tasks')).toEqual([]);

    await row(completed).getByRole('button', { name: 'Complete' }).click();
    await page.getByText('Task completed').waitFor();
    await row(completed).waitFor({ state: 'detached', timeout: 5_000 });

    await row(dismissed).getByRole('button', { name: 'Dismiss' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dismiss the care task' });
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    // No reason chosen: refused at the field, nothing sent.
    await dialog.getByText('Choose a reason').waitFor();
    expect(await axeViolations(page, 'care task dismissal')).toEqual([]);
    await dialog.getByLabel('Reason').click();
    await page.getByTitle('Customer unreachable').click();
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Task dismissed').waitFor();
    await row(dismissed).waitFor({ state: 'detached', timeout: 5_000 });

    // The closed tasks under their statuses, the dismissal with its reason.
    await page.getByLabel('Status').click();
    await page.getByTitle('DISMISSED').click();
    await page.keyboard.press('Escape');
    await row(dismissed).getByText('DISMISSED (Customer unreachable)').waitFor();
    await page.screenshot({ path: path.join(screenshots, 'console-care-tasks.png') });
    await context.close();
  });
});
