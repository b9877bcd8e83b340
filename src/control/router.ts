/**
 * @module control/router
 * The control plane's route table as data: each route's method, path template, role,
 * schemas (params, query, body, responses) and handler. The same table dispatches requests
 * and generates the OpenAPI document. Matching is pure: a path and a method give the route
 * and its parameters, the methods the path allows (405), or nothing (404).
 */
import type { z } from 'zod';
import type { ControlRole } from '../config/index.js';
import type { ControlServices } from './services.js';

/** Who may call a route: a role (or better), or anyone. */
export type RouteAccess = ControlRole | 'public';

/** What a handler returns: a JSON body and its status. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** Instead of `body` as JSON, these bytes with these headers (the dashboard's static files). */
  readonly raw?: { readonly bytes: Uint8Array; readonly headers: Readonly<Record<string, string>> };
}

/** The authenticated caller. */
export interface Principal {
  readonly tokenId: string;
  readonly role: ControlRole;
}

/** What a handler receives, validated against the route's schemas. */
export interface HandlerContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Undefined on public routes. */
  readonly principal: Principal | undefined;
  readonly services: ControlServices;
}

/** One documented response. */
export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Default application/json. */
  readonly contentType?: string;
}

/** A route definition. `stream` routes write the response themselves (SSE). */
export interface RouteDef<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** `/api/v1/models/{model}` */
  readonly path: string;
  readonly access: RouteAccess;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly responses: Readonly<Record<number, ResponseDoc>>;
  readonly stream?: boolean;
  readonly handle?: (ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<Reply>;
}

/** A route of any schemas, as the table holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;

/**
 * Declares a route with its handler typed by its schemas.
 *
 * @example
 * defineRoute({ method: 'GET', path: '/api/v1/models/{model}', access: 'viewer', params: modelParams, …, handle: async ({ params }) => ({ status: 200, body: params.model }) });
 */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(route: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return route;
}

/** The outcome of matching a request against the table. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: AnyRoute; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Finds the route of `method` and `path` (already without the query string).
 *
 * @example
 * matchRoute(table, 'GET', '/api/v1/models/fraud'); // { kind: 'found', route, params: { model: 'fraud' } }
 */
export function matchRoute(table: readonly AnyRoute[], method: string, path: string): RouteMatch {
  const segments = splitPath(path);
  if (segments === undefined) return { kind: 'none' };
  const allow: string[] = [];
  for (const route of table) {
    const params = matchTemplate(route.path, segments);
    if (params === undefined) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allow.push(route.method);
  }
  return allow.length === 0 ? { kind: 'none' } : { kind: 'method', allow: [...new Set(allow)] };
}

function splitPath(path: string): string[] | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  try {
    return trimmed.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined; // a malformed %-escape matches nothing
  }
}

function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (segment === '') return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}
