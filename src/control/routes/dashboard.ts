/**
 * @module control/routes/dashboard
 * The dashboard's static files (built by `npm run build` into dist/dashboard): `GET /` and
 * `GET /ui` answer index.html, `GET /ui/assets/{file}` the content-hashed bundles (cached
 * for a year, immutable), `GET /ui/{file}` anything else at the top of the build. They are
 * public (the page holds no data; every API call it makes needs a token) and are not part of
 * the API, so the OpenAPI document leaves them out. Every answer carries a strict
 * Content-Security-Policy: scripts, styles and connections from this origin only, no
 * inline script, no framing. Without a build the routes answer 503
 * API_ERR_DASHBOARD_NOT_BUILT, saying to run `npm run build`.
 */
import { z } from 'zod';
import { controlErrors } from '../errors.js';
import { defineRoute } from '../router.js';
import type { AnyRoute, Reply } from '../router.js';
import type { ControlServices } from '../services.js';

/** A file name the routes serve: no folders, no dot files, nothing to escape the build. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * The Content-Security-Policy of every dashboard answer. `style-src` has no
 * 'unsafe-inline': React and uPlot set styles through the CSSOM, which CSP does not govern.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Content types by extension; anything else is served as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
  // Runbooks bundled as assets: shown as text by the browser rather than downloaded.
  md: 'text/plain; charset=utf-8',
});

/** Content-hashed files never change under their name; everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The headers of one static answer.
 *
 * @example
 * staticHeaders('assets/index-3f1c.js')['cache-control']; // 'public, max-age=31536000, immutable'
 */
export function staticHeaders(path: string): Record<string, string> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return {
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'cache-control': path.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
    'content-security-policy': DASHBOARD_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

async function serveFile(services: ControlServices, path: string): Promise<Reply> {
  const files = services.dashboard;
  if (files === undefined || !(await files.built())) {
    throw controlErrors.error('API_ERR_DASHBOARD_NOT_BUILT', 'the dashboard is not built (dist/dashboard/index.html is missing): run `npm run build`', {});
  }
  const bytes = await files.read(path);
  if (bytes === undefined) throw controlErrors.error('API_ERR_NOT_FOUND', `no dashboard file /ui/${path}`, { path: `/ui/${path}` });
  return { status: 200, body: null, raw: { bytes, headers: staticHeaders(path) } };
}

function fileParam(file: string): string {
  if (!FILE_NAME.test(file)) throw controlErrors.error('API_ERR_NOT_FOUND', `no dashboard file ${file}`, {});
  return file;
}

const fileParams = z.strictObject({ file: z.string() });
const TAG = 'dashboard';
const page = { 200: { description: 'the dashboard page', contentType: 'text/html' }, 503: { description: 'not built: run `npm run build` (API_ERR_DASHBOARD_NOT_BUILT)' } };

/** The dashboard's routes (served by the ControlPlane after the API's; not in the OpenAPI document). */
export const dashboardRoutes: readonly AnyRoute[] = [
  defineRoute({ method: 'GET', path: '/', access: 'public', operationId: 'dashboard', summary: 'The dashboard (index.html).', tag: TAG, responses: page, handle: ({ services }) => serveFile(services, 'index.html') }),
  defineRoute({ method: 'GET', path: '/ui', access: 'public', operationId: 'dashboardUi', summary: 'The dashboard (index.html).', tag: TAG, responses: page, handle: ({ services }) => serveFile(services, 'index.html') }),
  defineRoute({
    method: 'GET',
    path: '/ui/assets/{file}',
    access: 'public',
    operationId: 'dashboardAsset',
    summary: 'A content-hashed script, stylesheet or bundled runbook of the dashboard.',
    tag: TAG,
    params: fileParams,
    responses: { 200: { description: 'the file' } },
    handle: ({ services, params }) => serveFile(services, `assets/${fileParam(params.file)}`),
  }),
  defineRoute({
    method: 'GET',
    path: '/ui/{file}',
    access: 'public',
    operationId: 'dashboardFile',
    summary: 'Another file at the top of the dashboard build (an icon).',
    tag: TAG,
    params: fileParams,
    responses: { 200: { description: 'the file' } },
    handle: ({ services, params }) => serveFile(services, fileParam(params.file)),
  }),
];
