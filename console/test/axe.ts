// Accessibility checks in the browser tests: axe-core (from npm, no CDN) evaluated in the page,
// against WCAG 2.1 A and AA. Evaluated through the DevTools protocol rather than a <script> tag,
// so the console's Content-Security-Policy stays as it is in production.
import { readFileSync } from 'node:fs';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly screen: string;
  readonly rule: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: readonly string[];
}

/** The WCAG 2.1 A/AA violations on the page as it is now, named after the screen checked. */
export async function axeViolations(page: Page, screen: string): Promise<AxeViolation[]> {
  // The page at rest: a button the test just clicked would be measured in its hover colour.
  await page.mouse.move(0, 0);
  // ... and no dialog still fading in: a half-opaque button fails the contrast rule (seen under
  // load). Endless animations (spinners) are not waited for; a slow one is not an error here.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every(
            (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity,
          ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (o: object) => Promise<AxeResults> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    }),
  );
  return results.violations.map((v) => ({
    screen,
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
}
