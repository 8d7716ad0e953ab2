/**
 * Shared setup of the console's browser tests: where the built console and the screenshots are,
 * the prerequisites check, and Debian chromium launched with the flags this closed network needs.
 * @module
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** docs/screenshots/ with UPDATE_SCREENSHOTS=1 (`npm run screenshots`), else test-results/ so test runs leave docs/ alone. */
export const SCREENSHOTS = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOTS === '1' ? '../../../docs/screenshots/' : '../../../test-results/screenshots/',
    import.meta.url,
  ),
);

export const CHROMIUM = process.env.STACKPORT_CHROMIUM ?? '/usr/bin/chromium';

/** Fails with a clear message when the console is not built or chromium is missing; creates the screenshot folder. */
export function checkPrerequisites(): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `The console is not built (${WEB_DIST}index.html is missing): run \`npm run build\` (or \`npm run build -w @stackport/web\`) first.`,
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set STACKPORT_CHROMIUM.`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
}

/** Headless chromium; without the background-networking flags it keeps dialling the closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page from the header as a user does: its group's menu (the button of the group that holds the link), then
 * the page's link in it.
 */
export async function navTo(page: Page, name: string): Promise<void> {
  const main = page.getByRole('navigation', { name: 'Main' });
  const link = page.getByRole('link', { name, exact: true, includeHidden: true });
  await main.locator('.nav-group').filter({ has: link }).getByRole('button').click();
  await main.getByRole('link', { name, exact: true }).click();
}
