/**
 * Issue 9: the dashboard in real Chromium against a real bulwark playing the demo. One demo
 * run serves the whole file: the operator's page is opened and signed in before the attack
 * starts (runDemo's `onPhase` hook), so the incident has to arrive over the event stream,
 * without a reload. Then: a viewer sees approve/unfreeze disabled and the API refuses them;
 * every view passes axe-core (no serious or critical violation) at 1280 px and is
 * screenshotted; keyboard use of the tabs and the dialog; and an operator unfreezes the
 * breaker the demo left frozen, then approves the roll-forward to v2.
 */
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../../src/app/demo/run-demo.js';
import type { DemoPhaseInfo, DemoRun } from '../../../src/app/demo/run-demo.js';
import { launchChromium, openPage, requireChromium, screenshot, seriousViolations, signIn } from './browser.js';

const browserLookup = requireChromium();

interface Watcher {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly consoleErrors: string[];
  /** When the page first showed an incident (ms), resolved by a watch started before the attack. */
  readonly incidentShownAt: Promise<number>;
  readonly activeBeforeAttack: string;
}

let browser: Browser;
let run: DemoRun;
let base: string;
let tokens: DemoPhaseInfo['tokens'];
let operator: Watcher;

async function watchBeforeAttack(info: DemoPhaseInfo): Promise<Watcher> {
  if (info.control === null) throw new Error('the demo has no control plane');
  base = info.control;
  tokens = info.tokens;
  const { context, page, consoleErrors } = await openPage(browser);
  await signIn(page, base, tokens.operator, 'oncall');
  await page.locator('tr[data-model="fraud"]').waitFor();
  const activeBeforeAttack = (await page.locator('#active-title').textContent()) ?? '';
  // A marker that a reload would erase.
  await page.evaluate('window.__beforeAttack = true');
  const incidentShownAt = page.locator('li[data-incident]').first().waitFor({ timeout: 90_000 }).then(() => Date.now());
  incidentShownAt.catch(() => undefined);
  return { context, page, consoleErrors, incidentShownAt, activeBeforeAttack };
}

beforeAll(async () => {
  if (!browserLookup.available) return;
  browser = await launchChromium();
  run = await runDemo({
    onPhase: async (phase, info) => {
      if (phase === 'attack') operator = await watchBeforeAttack(info);
    },
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await run?.shutdown();
  if (run !== undefined) rmSync(run.report.dir, { recursive: true, force: true });
}, 60_000);

async function api(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: { error?: { code: string }; [key: string]: unknown } }> {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

async function breakerKind(): Promise<string> {
  const { body } = await api('GET', '/api/v1/models/fraud', tokens.viewer);
  return (body['breaker'] as { kind: string }).kind;
}

/** Unfreeze through the dialog: the reason is required, then the command is followed until applied. */
async function unfreezeFromTheDialog(page: Page, row: ReturnType<Page['locator']>): Promise<void> {
  await row.getByRole('button', { name: 'Unfreeze…' }).click();
  const unfreeze = page.getByRole('dialog', { name: 'Unfreeze the breaker of fraud' });
  await unfreeze.getByRole('button', { name: 'Unfreeze' }).click();
  expect(await unfreeze.getByRole('alert').textContent()).toMatch(/A reason is required/);
  expect(await unfreeze.getByLabel('Reason (required)').getAttribute('aria-invalid')).toBe('true');
  await unfreeze.getByLabel('Reason (required)').fill('attacker key mallory blocked at the edge; fraud team confirmed');
  await unfreeze.getByRole('button', { name: 'Unfreeze' }).click();
  await unfreeze.waitFor({ state: 'hidden' });
  await expect.poll(() => page.locator('.status-line').textContent()).toMatch(/unfreeze on fraud\) applied/);
  await expect.poll(() => row.textContent()).toMatch(/rolled back/);
}

describe.skipIf(!browserLookup.available)(`dashboard in Chromium against bulwark demo (${browserLookup.reason})`, () => {
  it('shows the incident live, without a reload, as soon as the breaker opens it', async () => {
    expect(operator.activeBeforeAttack).toMatch(/Active incidents\s*0/);
    const shownAt = await operator.incidentShownAt;
    const card = operator.page.locator(`li[data-incident="${run.report.incidentId}"]`);
    await card.waitFor();
    // Same document since before the attack: no reload, no navigation.
    expect(await operator.page.evaluate('window.__beforeAttack === true')).toBe(true);
    expect(await operator.page.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);
    // Over the event stream (the fallback poll is every 30 s): within seconds of the detection.
    const incident = (await api('GET', `/api/v1/incidents/${run.report.incidentId}`, tokens.viewer)).body['incident'] as { detectedAt: number };
    expect(shownAt - incident.detectedAt).toBeLessThan(10_000);
    await expect.poll(() => operator.page.locator('.stream').textContent()).toBe('Live');
    // What it shows: the rule, the rollback, the runbooks, and the anomaly in the page column.
    const text = await card.textContent();
    expect(text).toContain(run.report.detectedBy);
    expect(text).toMatch(/rolled back to v1/);
    await expect.poll(() => card.getByRole('link').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/Shadow divergence|Entropy collapse/), expect.stringMatching(/Untrusted-window/)]));
    const runbook = await card.getByRole('link').first().getAttribute('href');
    const runbookAnswer = await fetch(`${base}${runbook}`);
    expect([runbookAnswer.status, runbookAnswer.headers.get('content-type')]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(await runbookAnswer.text()).toMatch(/^# /);
    await expect.poll(() => operator.page.locator('.severity-page li').count()).toBeGreaterThan(0);
    await expect.poll(() => operator.page.locator('tr[data-model="fraud"]').textContent()).toMatch(/frozen|rolled back/);
  });

  it('a viewer signs in and sees approve and unfreeze disabled, with the reason, and the API refuses them', async () => {
    const { context, page, consoleErrors } = await openPage(browser);
    const requests: string[] = [];
    page.on('request', (r) => void requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    try {
      await page.goto(base);
      await page.getByLabel('Token').waitFor();
      await screenshot(page, 'sign-in');
      expect(await seriousViolations(page), 'sign-in').toEqual([]);
      await signIn(page, base, tokens.viewer, 'oncall');
      const row = page.locator('tr[data-model="fraud"]');
      await row.waitFor();
      const unfreeze = row.getByRole('button', { name: 'Unfreeze…' });
      const approve = row.getByRole('button', { name: 'Approve roll-forward…' });
      expect([await unfreeze.isDisabled(), await approve.isDisabled()]).toEqual([true, true]);
      expect(await unfreeze.getAttribute('aria-describedby')).toBe('viewer-note');
      expect(await page.locator('#viewer-note').textContent()).toMatch(/need an operator token/);
      await expect.poll(() => page.locator('.role').textContent()).toBe('Signed in as viewer');
      // The role comes from GET /api/v1/whoami: no probing request, nothing refused along the way.
      expect(requests).toContain('GET /api/v1/whoami');
      expect(requests.filter((r) => r.startsWith('POST '))).toEqual([]);
      expect(consoleErrors).toEqual([]);
      // Signed in after the attack, the viewer still sees its pages: alerts come from GET /api/v1/alerts too, not only the stream.
      expect(requests).toContain('GET /api/v1/alerts');
      await expect.poll(() => page.locator('.severity-page .event-kind', { hasText: /^alert$/ }).count()).toBeGreaterThan(0);
      // Straight to the API, with the viewer's token, from the browser: 403 both.
      const answers = await page.evaluate(`Promise.all(['unfreeze', 'approve'].map((op) => fetch('/api/v1/models/fraud/' + op, { method: 'POST', headers: { authorization: 'Bearer ${tokens.viewer}', 'content-type': 'application/json' }, body: JSON.stringify(op === 'approve' ? { version: 'v2', reason: 'viewer tries' } : { reason: 'viewer tries' }) }).then(async (r) => [r.status, (await r.json()).error.code])))`);
      expect(answers).toEqual([
        [403, 'API_ERR_FORBIDDEN'],
        [403, 'API_ERR_FORBIDDEN'],
      ]);
      await screenshot(page, 'oncall-viewer');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('every view passes axe-core (no serious or critical violation) at 1280 px; screenshots saved', async () => {
    const page = operator.page;
    for (const view of ['Executive', 'On-call', 'Debug'] as const) {
      // The debug view is opened from the incident's card, on the incident's forensic bundle.
      if (view === 'Debug') await page.locator(`li[data-incident="${run.report.incidentId}"]`).getByRole('button', { name: /Forensic bundle/ }).click();
      else await page.getByRole('tab', { name: view }).click();
      const panel = page.getByRole('tabpanel');
      await panel.getByRole('heading', { level: 2, name: view }).waitFor();
      if (view === 'Executive') await panel.getByText('No red-team reports yet.').waitFor();
      if (view === 'Debug') {
        await panel.getByRole('heading', { name: 'Flagged inputs (PII redacted)' }).waitFor();
        await panel.locator('.gallery-item').first().waitFor();
        await panel.getByRole('heading', { name: 'Queries per API key' }).waitFor();
      }
      await page.waitForTimeout(300); // charts settle to the container's width
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      expect(width, `${view}: no horizontal scroll at 1280 px`).toBeLessThanOrEqual(1280);
      await screenshot(page, view.toLowerCase().replace('-', ''));
      expect(await seriousViolations(page), view).toEqual([]);
    }
    // The debug view shows the demo's incident bundle: the attacker's key in the timeline and among the triggering inputs.
    const debug = page.getByRole('tabpanel');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Debug');
    expect(await debug.locator('.bundle-item[aria-current="true"]').textContent()).toContain(run.report.incidentId);
    expect(await debug.locator('.bundle-detail').textContent()).toContain(run.report.incidentId);
    expect(await debug.locator('.legend').last().textContent()).toMatch(/mallory/);
    expect(await debug.locator('.gallery-item').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/triggering.*key mallory/)]));
  });

  it('the tabs work from the keyboard and the confirmation dialog traps focus and closes on Escape', async () => {
    const page = operator.page;
    await page.getByRole('tab', { name: 'Executive' }).click();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('On-call');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Debug');
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Executive');
    expect(await page.evaluate("document.activeElement.getAttribute('role')")).toBe('tab');
    await page.keyboard.press('ArrowRight');

    // The demo usually ends frozen (the attack reaches v1 too); otherwise rolled back: whichever command applies.
    const frozen = (await breakerKind()) === 'frozen';
    const button = page.locator('tr[data-model="fraud"]').getByRole('button', { name: frozen ? 'Unfreeze…' : 'Approve roll-forward…' });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: frozen ? 'Unfreeze the breaker of fraud' : 'Approve a roll-forward of fraud' });
    await dialog.waitFor();
    expect(await page.evaluate("document.activeElement.id")).toBe('command-reason');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate("!!document.activeElement.closest('dialog')"), `Tab ${i + 1} stays in the dialog`).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate("!!document.activeElement.closest('dialog')")).toBe(true);
    await screenshot(page, 'oncall-unfreeze-dialog');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate('document.activeElement.textContent')).toBe(frozen ? 'Unfreeze…' : 'Approve roll-forward…');
  });

  it('an operator unfreezes the breaker the demo froze, then approves the roll-forward to v2 (confirmation, reason required)', async () => {
    const page = operator.page;
    const row = page.locator('tr[data-model="fraud"]');
    if ((await breakerKind()) === 'frozen') {
      // The breaker refuses an approval while frozen: the API says so (409), the button is disabled.
      const early = await api('POST', '/api/v1/models/fraud/approve', tokens.operator, { version: 'v2', reason: 'too early' });
      expect([early.status, early.body.error?.code]).toEqual([409, 'BRK_ERR_NOT_ALLOWED']);
      expect(await row.getByRole('button', { name: 'Approve roll-forward…' }).isDisabled()).toBe(true);
      await unfreezeFromTheDialog(page, row);
    } else {
      // The attack did not reach v1 this time: rolled back, not frozen. Unfreeze does not apply.
      const refused = await api('POST', '/api/v1/models/fraud/unfreeze', tokens.operator, { reason: 'not frozen' });
      expect([refused.status, refused.body.error?.code]).toEqual([409, 'BRK_ERR_NOT_ALLOWED']);
      expect(await row.getByRole('button', { name: 'Unfreeze…' }).isDisabled()).toBe(true);
    }

    const approveButton = row.getByRole('button', { name: 'Approve roll-forward…' });
    await expect.poll(() => approveButton.isEnabled()).toBe(true);
    await approveButton.click();
    const approve = page.getByRole('dialog', { name: 'Approve a roll-forward of fraud' });
    expect(await approve.getByLabel('Version to roll forward to').inputValue()).toBe('v2');
    await approve.getByLabel('Reason (required)').fill('v2 retrained without the poisoned rows (demo)');
    await approve.getByRole('button', { name: 'Approve roll-forward' }).click();
    await approve.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('.status-line').textContent()).toMatch(/approve v2 on fraud\) applied/);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/rolling forward|steady/);
    // Canary weights on v2 while rolling forward, or v2 active once steady.
    await expect.poll(() => row.textContent()).toMatch(/v2 \d+%|^fraudv2/);

    const { body } = await api('GET', '/api/v1/models/fraud', tokens.viewer);
    const breaker = body['breaker'] as { kind: string; target?: string; approval?: { actor: string } };
    expect(['rolling_forward', 'steady']).toContain(breaker.kind);
    if (breaker.kind === 'rolling_forward') expect([breaker.target, breaker.approval?.actor]).toEqual(['v2', 'demo-operator']);
    await screenshot(page, 'oncall-after-approve');
    // No Content-Security-Policy violation, script error or failed load in the operator's page all
    // along (the role comes from GET /api/v1/whoami: no refused probe).
    expect(operator.consoleErrors).toEqual([]);
  });
});
