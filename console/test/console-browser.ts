// What every console browser spec does the same way: launch Debian's Chromium, open a page signed
// in through the sign-in screen, create a user with given roles, wait for a screen to settle, and
// where screenshots go (tmp/console-screenshots, or CRM_CONSOLE_SCREENSHOTS_DIR=docs/images).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { eventually } from '@crm/testing';
import { demoAdmin, gatewayUrl, graphql } from './running-gateway';

export const screenshotsDir = path.resolve(
  process.env['CRM_CONSOLE_SCREENSHOTS_DIR'] ??
    path.join(__dirname, '..', '..', 'tmp', 'console-screenshots'),
);

export interface ConsoleUser {
  readonly email: string;
  readonly password: string;
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  mkdirSync(screenshotsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    // Root on CI machines: Chromium's sandbox needs user namespaces it may not get there.
    chromiumSandbox: false,
    args: ['--disable-dev-shm-usage'],
  });
}

/** Signs in through the sign-in screen (the demo admin unless another user is given). */
export async function signIn(page: Page, user: ConsoleUser = demoAdmin): Promise<void> {
  await page.goto(`${gatewayUrl}/`);
  await page.getByLabel('Workspace').fill(demoAdmin.tenant);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** A new browser context (English, desktop width unless told) with a signed-in page. */
export async function signedInPage(
  browser: Browser,
  user?: ConsoleUser,
  viewport = { width: 1400, height: 1000 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

/** A user of the demo tenant with the given roles, created by the admin; returns how to sign in. */
export async function createConsoleUser(
  adminToken: string,
  name: string,
  roles: readonly string[],
): Promise<ConsoleUser & { id: string }> {
  const user = { email: `${name}@demo.example`, password: `Console-${name}-pass!` };
  const created = await graphql<{ createUser: { id: string } }>(
    'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { ...user, displayName: name, roles } },
    adminToken,
  );
  return { ...user, id: created.createUser.id };
}

/** Waits until no spinner or loading card is left (before axe or a screenshot). */
export async function settled(page: Page): Promise<void> {
  // Also waits for a select's dropdown to finish closing: while it animates out, its list is an
  // unnamed listbox on the page, which axe reports.
  await page.waitForFunction(
    () =>
      document.querySelectorAll(
        '.ant-spin-spinning, .ant-card-loading-content, .ant-select-dropdown:not(.ant-select-dropdown-hidden)',
      ).length === 0,
  );
}

/**
 * Reloads until `ready` passes: read models trail the writes made through the API. On a timeout
 * the page is kept as `reload-until-failed.png` in the screenshots folder.
 */
export async function reloadUntil(page: Page, ready: () => Promise<unknown>): Promise<void> {
  await eventually(
    async () => {
      await page.reload();
      await ready();
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(async (error: unknown) => {
    await page.screenshot({ path: path.join(screenshotsDir, 'reload-until-failed.png') });
    throw error;
  });
}
