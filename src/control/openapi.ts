/**
 * @module control/openapi
 * The OpenAPI 3.1 document of the control plane, generated from the route table and its
 * zod schemas (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 * Schemas named with `.meta({ id })` become `components.schemas`. Committed as
 * `schema/openapi.json` (`npm run gen:docs`) and checked by a test against a fresh build.
 */
import { z } from 'zod';
import { CONTROL_ROLES } from '../config/index.js';
import type { AnyRoute, ResponseDoc } from './router.js';
import { errorBodySchema } from './schemas/common.js';

/** Where the generated document is committed, relative to the project root. */
export const OPENAPI_FILE = 'schema/openapi.json';

/** Version of the API (the `/api/v1` prefix); bump on a breaking change. */
export const API_VERSION = '1.0.0';

type Json = Record<string, unknown>;

const DESCRIPTION = [
  'The bulwark control plane: models, routes and breakers; anomalies; incidents and operator feedback; forensic bundles;',
  'approvals and unfreeze; knobs; red-team reports; and a Server-Sent Events stream. Bearer tokens (control.tokens in',
  `bulwark.yaml) carry a role, ${CONTROL_ROLES.join(' < ')}; each operation names the least role it needs in`,
  '`x-bulwark-role`. Errors are `{ "error": { "code", "message" } }` with codes from docs/errors.md. See docs/control-plane.md.',
].join(' ');

/** Converts a schema, moving its named sub-schemas into `components` and pointing refs there. */
function convert(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const { $schema: _s, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json & { $defs?: Json };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= relink(def);
  return relink(rest) as Json;
}

function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) out[key] = key === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : relink(v);
  return out;
}

function parameters(route: AnyRoute, components: Json): Json[] {
  const out: Json[] = [];
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (schema === undefined) continue;
    const object = convert(schema, 'output', components) as { properties?: Record<string, Json>; required?: string[] };
    const inputRequired = new Set((convert(schema, 'input', components) as { required?: string[] }).required ?? []);
    for (const [name, prop] of Object.entries(object.properties ?? {})) {
      const { description, ...propSchema } = prop;
      out.push({ name, in: where, required: where === 'path' || inputRequired.has(name), ...(description === undefined ? {} : { description }), schema: propSchema });
    }
  }
  return out;
}

const ERROR_REF = { $ref: '#/components/schemas/ApiError' };

function response(status: number, doc: ResponseDoc, components: Json): Json {
  if (doc.schema === undefined && doc.contentType === undefined) {
    return status >= 400 ? { description: doc.description, content: { 'application/json': { schema: ERROR_REF } } } : { description: doc.description };
  }
  const schema = doc.schema === undefined ? { type: 'string' } : convert(doc.schema, 'output', components);
  return { description: doc.description, content: { [doc.contentType ?? 'application/json']: { schema } } };
}

function errorResponses(route: AnyRoute): Record<string, string> {
  const errors: Record<string, string> = {};
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) errors['400'] = 'invalid request (API_ERR_INVALID_REQUEST, API_ERR_MALFORMED_JSON): details name each field';
  if (route.access !== 'public') {
    errors['401'] = 'no token or an unknown one (API_ERR_UNAUTHORIZED)';
    errors['403'] = `the token's role is below ${route.access} (API_ERR_FORBIDDEN)`;
  }
  if (route.params !== undefined) errors['404'] = 'no such resource';
  if (route.body !== undefined) {
    errors['413'] = 'body larger than control.maxBodyBytes (API_ERR_BODY_TOO_LARGE)';
    errors['415'] = 'body not application/json (API_ERR_UNSUPPORTED_MEDIA_TYPE)';
  }
  return errors;
}

function operation(route: AnyRoute, components: Json): Json {
  const responses: Json = {};
  for (const [status, doc] of Object.entries(route.responses)) responses[status] = response(Number(status), doc, components);
  for (const [status, description] of Object.entries(errorResponses(route))) {
    const given = responses[status] as { description?: string } | undefined;
    responses[status] = { description: given?.description ?? description, content: { 'application/json': { schema: ERROR_REF } } };
  }
  responses['default'] = { description: 'an error', content: { 'application/json': { schema: ERROR_REF } } };
  const params = parameters(route, components);
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-bulwark-role': route.access,
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: convert(route.body, 'input', components) } } } }),
    responses,
  };
}

/**
 * The document for `routes`.
 *
 * @example
 * openApiDocument(controlRoutes(() => ({}))).paths['/api/v1/models'].get.operationId; // 'listModels'
 */
export function openApiDocument(routes: readonly AnyRoute[]): Json {
  const components: Json = {};
  convert(errorBodySchema, 'output', components);
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, components);
  const schemas = Object.fromEntries(Object.entries(components).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: '3.1.0',
    info: { title: 'bulwark control plane', version: API_VERSION, description: DESCRIPTION, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token whose sha256 is listed under control.tokens' } } },
  };
}

/**
 * The document pretty-printed (2 spaces) with a final newline: the bytes of schema/openapi.json.
 *
 * @example
 * writeFileSync('schema/openapi.json', renderOpenApi(controlRoutes(() => ({}))));
 */
export function renderOpenApi(routes: readonly AnyRoute[]): string {
  return `${JSON.stringify(openApiDocument(routes), null, 2)}\n`;
}
