// Generates dashboard/src/api/openapi-types.ts from schema/openapi.json (the control plane's
// OpenAPI document, itself generated from the route table by `npm run gen:docs`): one type
// per component schema, the 2xx JSON answer and the request body of each operation, and the
// operations' methods, paths and roles. The dashboard imports nothing else of the API.
//
//   node dashboard/scripts/gen-api-types.mjs           # write the file
//   node dashboard/scripts/gen-api-types.mjs --check   # exit 1 when the file is stale
import { readFileSync, writeFileSync } from 'node:fs';

const SOURCE = new URL('../../schema/openapi.json', import.meta.url);
const TARGET = new URL('../src/api/openapi-types.ts', import.meta.url);

const REF = '#/components/schemas/';
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(name) {
  return IDENT.test(name) ? name : JSON.stringify(name);
}

function literal(value) {
  return JSON.stringify(value);
}

function indent(text, by) {
  return text.split('\n').map((line, i) => (i === 0 ? line : by + line)).join('\n');
}

/** A JSON Schema (the subset zod's toJSONSchema emits) as a TypeScript type. */
function typeOf(schema, depth = 0) {
  if (schema === undefined || schema === true || Object.keys(schema).length === 0) return 'unknown';
  if (schema.$ref !== undefined) return schema.$ref.slice(REF.length);
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) return union.map((s) => wrap(typeOf(s, depth))).join(' | ');
  if (Array.isArray(schema.type)) return schema.type.map((t) => typeOf({ ...schema, type: t }, depth)).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `readonly ${wrap(typeOf(schema.items, depth))}[]`;
    case 'object':
      return objectType(schema, depth);
    default:
      return 'unknown';
  }
}

function wrap(type) {
  return /[|&]/.test(type) && !type.startsWith('{') ? `(${type})` : type;
}

function objectType(schema, depth) {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const extra = schema.additionalProperties;
  if (props.length === 0) {
    if (extra === false) return 'Record<string, never>';
    return `Readonly<Record<string, ${typeOf(extra === true || extra === undefined ? {} : extra, depth)}>>`;
  }
  const pad = '  ';
  const lines = props.map(([name, prop]) => {
    const doc = prop.description === undefined ? '' : `/** ${prop.description.replace(/\*\//g, '*\\/')} */\n`;
    return `${doc}readonly ${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(prop, depth + 1)};`;
  });
  // Open objects (zod looseObject) keep their other fields: readable as unknown.
  if (extra !== undefined && extra !== false) lines.push(`readonly [key: string]: ${Object.keys(extra).length === 0 ? 'unknown' : `${typeOf(extra, depth + 1)} | unknown`};`);
  return `{\n${lines.map((l) => pad + indent(l, pad)).join('\n')}\n}`;
}

function pascal(id) {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function render(doc) {
  const out = [
    '// Generated from schema/openapi.json by dashboard/scripts/gen-api-types.mjs: do not edit.',
    '// Regenerate with `node dashboard/scripts/gen-api-types.mjs` (npm run build:dashboard does).',
    `// ${doc.info.title} ${doc.info.version}`,
    '',
  ];
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (schema.description !== undefined) out.push(`/** ${schema.description} */`);
    const type = typeOf(schema);
    out.push(type.startsWith('{') ? `export interface ${name} ${type}` : `export type ${name} = ${type};`, '');
  }
  const ops = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) ops.push({ path, method: method.toUpperCase(), op });
  }
  out.push('/** The operations: method, path template and the least role (x-bulwark-role). */', 'export const OPERATIONS = {');
  for (const { path, method, op } of ops) out.push(`  ${op.operationId}: { method: ${literal(method)}, path: ${literal(path)}, role: ${literal(op['x-bulwark-role'])} },`);
  out.push('} as const;', '', 'export type OperationId = keyof typeof OPERATIONS;', '');
  out.push('/** The JSON answer of each operation on success (2xx). */', 'export interface ResponseOf {');
  for (const { op } of ops) {
    const ok = Object.entries(op.responses).find(([status]) => /^2\d\d$/.test(status))?.[1];
    const schema = ok?.content?.['application/json']?.schema;
    out.push(`  ${op.operationId}: ${indent(schema === undefined ? 'never' : typeOf(schema, 1), '  ')};`);
  }
  out.push('}', '', '/** The JSON request body of each operation (`never`: none). */', 'export interface BodyOf {');
  for (const { op } of ops) {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    out.push(`  ${op.operationId}: ${indent(schema === undefined ? 'never' : typeOf(schema, 1), '  ')};`);
  }
  out.push('}', '', '/** Path and query parameters of each operation. */', 'export interface ParamsOf {');
  for (const { op } of ops) {
    const params = op.parameters ?? [];
    const fields = params.map((p) => `readonly ${key(p.name)}${p.required ? '' : '?'}: ${p.schema?.type === 'integer' || p.schema?.type === 'number' ? 'number' : 'string'}`);
    out.push(`  ${op.operationId}: ${fields.length === 0 ? 'Record<string, never>' : `{ ${fields.join('; ')} }`};`);
  }
  out.push('}', '');
  for (const { op } of ops) out.push(`export type ${pascal(op.operationId)}Response = ResponseOf[${literal(op.operationId)}];`);
  return `${out.join('\n')}\n`;
}

const text = render(JSON.parse(readFileSync(SOURCE, 'utf8')));
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(TARGET, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error('dashboard/src/api/openapi-types.ts is stale: run `node dashboard/scripts/gen-api-types.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, text);
  console.log('wrote dashboard/src/api/openapi-types.ts');
}
