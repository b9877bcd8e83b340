/**
 * schema/openapi.json is generated from the route table (`npm run gen:docs`); this test
 * regenerates it and fails when the committed file differs, and checks that the document
 * describes every route with its role, parameters and error answers.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiDocument, renderOpenApi } from './openapi.js';
import { controlRoutes } from './routes/table.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const table = controlRoutes(() => ({}));

type Operation = { operationId: string; 'x-bulwark-role': string; security: unknown[]; parameters?: { name: string; in: string; required: boolean }[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> };

describe('the OpenAPI document', () => {
  it('equals the committed schema/openapi.json (run `npm run build && npm run gen:docs` after changing a route)', () => {
    expect(readFileSync(resolve(root, OPENAPI_FILE), 'utf8')).toBe(renderOpenApi(table));
  });

  it('describes every route of the table, with its role and security', () => {
    const doc = openApiDocument(table) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of table) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      expect(op?.['x-bulwark-role']).toBe(route.access);
      expect(op?.security).toEqual(route.access === 'public' ? [] : [{ bearer: [] }]);
      if (route.access !== 'public') expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      if (route.body !== undefined) expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['400', '413', '415']));
    }
  });

  it('resolves every $ref to a component', () => {
    const doc = openApiDocument(table) as { components: { schemas: Record<string, unknown> } };
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/schemas/'), ref).toBe(true);
      expect(Object.hasOwn(doc.components.schemas, ref.slice('#/components/schemas/'.length)), ref).toBe(true);
    }
  });

  it('documents path and query parameters', () => {
    const doc = openApiDocument(table) as { paths: Record<string, Record<string, Operation>> };
    expect(doc.paths['/api/v1/models/{model}']?.['get']?.parameters).toEqual([expect.objectContaining({ name: 'model', in: 'path', required: true })]);
    const anomalies = doc.paths['/api/v1/anomalies']?.['get']?.parameters ?? [];
    expect(anomalies.map((p) => [p.name, p.in, p.required])).toEqual([['model', 'query', false], ['severity', 'query', false], ['since', 'query', false], ['limit', 'query', false]]);
  });
});
