// What a console browser spec starts with: Chromium (Debian's, through playwright-core; sandbox
// off, since CI machines run as root without the user namespaces it needs) and a signed-in page.
import { type Browser, chromium, type Page } from 'playwright-core';
import { demoAdmin, gatewayUrl } from './running-gateway';

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    chromiumSandbox: false,
    args: ['--disable-dev-shm-usage'],
  });
}

/** Signs `page` in through the sign-in screen (the demo admin unless told otherwise). */
export async function signInThroughTheForm(
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
