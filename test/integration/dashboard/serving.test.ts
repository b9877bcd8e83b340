/**
 * Issue 9: the control plane serves the built dashboard (dist/dashboard) on its own port,
 * next to the API: the page and its hashed assets without a token, with their content
 * types, caching and a strict Content-Security-Policy; the page holds no inline script; the
 * API behind it still wants a token; a bundled runbook is served as text. Real sockets,
 * a real gateway (the control-plane test harness).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlHarness } from '../control/harness.js';
import type { ControlHarness } from '../control/harness.js';
import { DASHBOARD_INDEX } from './browser.js';

const built = existsSync(DASHBOARD_INDEX);
if (!built && process.env['BULWARK_REQUIRE_SERVICES'] === '1') throw new Error('BULWARK_REQUIRE_SERVICES=1 but dist/dashboard is not built: run npm run build');
const reason = built ? 'dist/dashboard built' : 'skipped: dist/dashboard is not built (npm run build)';
if (!built) console.warn(`[dashboard] ${reason}`);

let h: ControlHarness;

beforeAll(async () => {
  if (built) h = await startControlHarness();
});

afterAll(async () => {
  await h?.close();
});

describe.skipIf(!built)(`the control plane serves the dashboard (${reason})`, () => {
  it('serves the page at / and /ui without a token, with a strict CSP, and no inline script in it', async () => {
    for (const path of ['/', '/ui', '/ui/']) {
      const page = await h.call('GET', path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'.*frame-ancestors 'none'/);
      expect(page.headers['content-security-policy']).not.toMatch(/unsafe/);
      expect(page.text).toBe(readFileSync(DASHBOARD_INDEX, 'utf8'));
    }
    const html = readFileSync(DASHBOARD_INDEX, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/ui\/assets\/[^"]+\.js"/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=|style="/i);
  });

  it('serves the hashed script and stylesheet as immutable, with their types', async () => {
    const html = readFileSync(DASHBOARD_INDEX, 'utf8');
    const js = /src="(\/ui\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const css = /href="(\/ui\/assets\/[^"]+\.css)"/.exec(html)?.[1] as string;
    const script = await h.call('GET', js);
    expect([script.status, script.headers['content-type'], script.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    expect(Number(script.headers['content-length'])).toBe(Buffer.byteLength(script.text));
    const style = await h.call('GET', css);
    expect([style.status, style.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    const icon = await h.call('GET', '/ui/favicon.svg');
    expect([icon.status, icon.headers['content-type']]).toEqual([200, 'image/svg+xml']);
  });

  it('answers JSON 404 for unknown or escaping paths, 405 for other methods', async () => {
    for (const path of ['/ui/assets/nope.js', '/ui/assets/..%2F..%2Fpackage.json', '/ui/..%2F..%2Fpackage.json', '/ui/.hidden', '/ui/a/b/c']) {
      const answer = await h.call('GET', path);
      expect([answer.status, answer.body?.error?.code], path).toEqual([404, 'API_ERR_NOT_FOUND']);
    }
    const post = await h.call('POST', '/', { body: {} });
    expect([post.status, post.headers['allow']]).toEqual([405, 'GET']);
  });

  it('leaves the API as it was: a token is still required, and the OpenAPI document has no page routes', async () => {
    const models = await h.call('GET', '/api/v1/models');
    expect([models.status, models.body?.error?.code]).toEqual([401, 'API_ERR_UNAUTHORIZED']);
    const doc = await h.call('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths).filter((p: string) => p === '/' || p.startsWith('/ui'))).toEqual([]);
  });
});
