/**
 * @module test/integration/dashboard/browser
 * Real Chromium for the dashboard's browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download). When it is absent the tests are skipped with a
 * visible reason, unless BULWARK_REQUIRE_SERVICES=1 (CI installs it), which fails them.
 * Also: signing in, axe-core run inside the page, screenshots under test-results/dashboard/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['BULWARK_CHROMIUM'] ?? '/usr/bin/chromium';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Git-ignored. */
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'dashboard');
export const DASHBOARD_INDEX = join(ROOT, 'dist', 'dashboard', 'index.html');

/** Whether the browser tests can run, and why not. */
export interface BrowserLookup {
  readonly available: boolean;
  readonly reason: string;
}

/**
 * Looks for Chromium and the built dashboard. Throws (failing the file at collection) when
 * something is missing and BULWARK_REQUIRE_SERVICES=1.
 *
 * @example
 * const browser = requireChromium();
 * describe.skipIf(!browser.available)(`dashboard (${browser.reason})`, () => { … });
 */
export function requireChromium(): BrowserLookup {
  const missing = !existsSync(CHROMIUM_PATH)
    ? `${CHROMIUM_PATH} not found (apt-get install -y chromium)`
    : !existsSync(DASHBOARD_INDEX)
      ? 'dist/dashboard is not built (npm run build)'
      : undefined;
  if (missing === undefined) return { available: true, reason: `Chromium at ${CHROMIUM_PATH}` };
  if (process.env['BULWARK_REQUIRE_SERVICES'] === '1') throw new Error(`BULWARK_REQUIRE_SERVICES=1 but the dashboard's browser tests cannot run: ${missing}`);
  const reason = `skipped: ${missing}`;
  console.warn(`[dashboard] ${reason}`);
  return { available: false, reason };
}

/** Launches headless Chromium (playwright makes a fresh temporary profile for each launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page 1280 px wide, collecting console errors (CSP violations show up there). */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => void consoleErrors.push(`pageerror: ${error.message}`));
  return { context, page, consoleErrors };
}

/** Opens the dashboard at `base` and signs in with `token`; resolves when the shell shows. */
export async function signIn(page: Page, base: string, token: string, view = 'oncall'): Promise<void> {
  await page.goto(`${base}/#${view}`);
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('tablist', { name: 'Dashboard views' }).waitFor();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** One axe-core violation, as the tests report it. */
export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Runs axe-core in the page (its source evaluated through the DevTools protocol, which the
 * page's CSP does not govern) and returns the violations of serious or critical impact.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const json = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))))`)) as string;
  return (JSON.parse(json) as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a full-page screenshot as test-results/dashboard/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
