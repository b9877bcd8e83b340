import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardDir } from '../adapters/dashboard-dir.js';
import { controlStatusForCode } from '../http-status.js';
import { openApiDocument } from '../openapi.js';
import { matchRoute } from '../router.js';
import type { AnyRoute, Reply } from '../router.js';
import type { ControlServices } from '../services.js';
import { DASHBOARD_CSP, dashboardRoutes } from './dashboard.js';
import { controlRoutes } from './table.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bulwark-dashboard-'));
  mkdirSync(join(root, 'built', 'assets'), { recursive: true });
  writeFileSync(join(root, 'built', 'index.html'), '<!doctype html><script type="module" src="/ui/assets/index-abc.js"></script>');
  writeFileSync(join(root, 'built', 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'built', 'favicon.svg'), '<svg/>');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function get(path: string, dir: string): Promise<Reply> {
  const match = matchRoute(dashboardRoutes, 'GET', path);
  if (match.kind !== 'found') throw new Error(`no dashboard route for ${path}`);
  const route = match.route as AnyRoute;
  const services = { dashboard: new DashboardDir(dir) } as unknown as ControlServices;
  const params = route.params === undefined ? {} : route.params.parse(match.params);
  return (route.handle as NonNullable<AnyRoute['handle']>)({ params, query: {}, body: undefined, principal: undefined, services });
}

async function refusal(path: string, dir: string): Promise<{ code: string; status: number }> {
  try {
    await get(path, dir);
  } catch (err) {
    const code = (err as { code: string }).code;
    return { code, status: controlStatusForCode(code) };
  }
  throw new Error(`${path} was served`);
}

describe('dashboard routes', () => {
  it('serve index.html at / and /ui with a strict CSP and no caching of the page', async () => {
    for (const path of ['/', '/ui', '/ui/']) {
      const reply = await get(path, join(root, 'built'));
      expect(Buffer.from(reply.raw?.bytes ?? []).toString()).toContain('<!doctype html>');
      expect(reply.raw?.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': DASHBOARD_CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
    }
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
  });

  it('serve content-hashed assets as immutable, other files revalidated, with their content types', async () => {
    const js = await get('/ui/assets/index-abc.js', join(root, 'built'));
    expect(js.raw?.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
    const icon = await get('/ui/favicon.svg', join(root, 'built'));
    expect(icon.raw?.headers).toMatchObject({ 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
  });

  it('answer 404 for missing files and for names that could leave the build folder', async () => {
    expect(await refusal('/ui/assets/nope.js', join(root, 'built'))).toEqual({ code: 'API_ERR_NOT_FOUND', status: 404 });
    for (const path of ['/ui/assets/..%2F..%2Fsecret.txt', '/ui/..%2Fsecret.txt', '/ui/.env', '/ui/assets/%2e%2e']) {
      expect(await refusal(path, join(root, 'built')), path).toEqual({ code: 'API_ERR_NOT_FOUND', status: 404 });
    }
    expect(await new DashboardDir(join(root, 'built')).read('../secret.txt')).toBeUndefined();
  });

  it('answer 503 API_ERR_DASHBOARD_NOT_BUILT, saying to run npm run build, without a build', async () => {
    for (const path of ['/', '/ui/assets/index-abc.js']) {
      expect(await refusal(path, join(root, 'missing'))).toEqual({ code: 'API_ERR_DASHBOARD_NOT_BUILT', status: 503 });
    }
    await expect(get('/', join(root, 'missing'))).rejects.toThrow(/npm run build/);
  });

  it('are not part of the OpenAPI document (the API table is)', () => {
    const doc = openApiDocument(controlRoutes(() => ({}))) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p === '/' || p.startsWith('/ui'))).toEqual([]);
    expect(dashboardRoutes.every((r) => r.access === 'public' && r.method === 'GET')).toBe(true);
  });
});
