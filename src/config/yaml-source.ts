/**
 * @module config/yaml-source
 * Parses config text as YAML with `${VAR}` substitution (see env.ts) into plain data,
 * remembering which paths got their value from the environment (secrets, for redaction)
 * and where each path sits in the file (line numbers for validation problems).
 * Throws CFG_ERR_YAML_SYNTAX (with line and column) or CFG_ERR_MISSING_ENV.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { configErrors } from './errors.js';
import { protectEnvReferences, resolveTokens } from './env.js';
import type { EnvMap, ProtectedText } from './env.js';
import { formatPath } from './issues.js';
import type { PathSegment } from './issues.js';

/** Parsed YAML, ready for schema validation. */
export interface YamlSource {
  /** Plain data (objects, arrays, scalars); `null` for an empty file. */
  readonly value: unknown;
  /** Paths whose value came (in whole or part) from an environment variable. */
  readonly envPaths: readonly (readonly PathSegment[])[];
  /** 1-based line of the deepest part of `path` present in the file. */
  locate(path: readonly PathSegment[]): number | undefined;
}

export interface ParseYamlOptions {
  /** Shown in error messages. */
  readonly file: string;
  readonly env: EnvMap;
}

interface WalkState {
  readonly text: ProtectedText;
  readonly env: EnvMap;
  readonly envNodes: WeakSet<Node>;
  readonly envPaths: PathSegment[][];
  readonly missing: { path: string; name: string }[];
  readonly active: Set<Node>;
}

/**
 * Parses `source` (the text of a config or knobs file).
 *
 * @example
 * const { value, envPaths } = parseYamlSource('db: ${DB_URL}', { file: 'x.yaml', env: { DB_URL: 'postgres://…' } });
 * // value: { db: 'postgres://…' }, envPaths: [['db']]
 */
export function parseYamlSource(source: string, options: ParseYamlOptions): YamlSource {
  const text = protectEnvReferences(source);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) throw syntaxError(options.file, source, text, first.pos[0], first.message, first.code);
  const state: WalkState = { text, env: options.env, envNodes: new WeakSet(), envPaths: [], missing: [], active: new Set() };
  walk(doc, doc.contents, [], state);
  if (state.missing.length > 0) throw missingEnvError(options.file, state.missing);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw syntaxError(options.file, source, text, 0, err instanceof Error ? err.message : String(err), 'RESOURCE_EXHAUSTION');
  }
  return { value: value ?? null, envPaths: state.envPaths, locate: (path) => locateLine(doc, lineCounter, path) };
}

function missingEnvError(file: string, missing: readonly { path: string; name: string }[]): Error {
  const variables = [...new Set(missing.map((m) => m.name))];
  return configErrors.error('CFG_ERR_MISSING_ENV', `${file}: environment variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')} not set`, {
    file,
    variables,
    problems: missing.map((m) => `${m.path}: environment variable ${m.name} is not set`),
  });
}

function syntaxError(file: string, source: string, text: ProtectedText, offset: number, message: string, code: string): Error {
  const original = text.originalOffset(offset);
  const before = source.slice(0, original);
  const line = before.split('\n').length;
  const column = original - (before.lastIndexOf('\n') + 1) + 1;
  // Tokens may appear in the parser's message: show what the user wrote instead.
  const reason = message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(text.pattern, (token) => {
      const ref = text.tokens.get(token);
      return ref === undefined ? token : `${ref.kind === 'literal' ? '$$' : '$'}{${ref.name}}`;
    });
  return configErrors.error('CFG_ERR_YAML_SYNTAX', `${file}:${line}:${column}: ${reason}`, { file, line, column, reason, yamlCode: code });
}

/** Resolves tokens in place (scalars and keys) and records env-sourced paths and missing variables. */
function walk(doc: Document, node: unknown, path: PathSegment[], state: WalkState): void {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target !== undefined && !state.active.has(target)) walk(doc, target, path, state);
    return;
  }
  if (isScalar(node)) {
    if (typeof node.value === 'string' && node.value.search(state.text.pattern) !== -1) {
      const plain = node.type === 'PLAIN';
      const resolved = resolveTokens(state.text, node.value, state.env, plain);
      for (const name of resolved.missing) state.missing.push({ path: formatPath(path), name });
      node.value = resolved.value;
      if (resolved.fromEnv) state.envNodes.add(node);
    }
    if (state.envNodes.has(node)) state.envPaths.push([...path]);
    return;
  }
  if (!isMap(node) && !isSeq(node)) return;
  state.active.add(node);
  node.items.forEach((item, index) => {
    if (isPair(item)) {
      if (isScalar(item.key) && typeof item.key.value === 'string') {
        const resolved = resolveTokens(state.text, item.key.value, state.env, false);
        for (const name of resolved.missing) state.missing.push({ path: `${formatPath(path)} (a key)`, name });
        item.key.value = resolved.value;
      }
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      walk(doc, item.value, [...path, key], state);
    } else {
      walk(doc, item, [...path, index], state);
    }
  });
  state.active.delete(node);
}

function locateLine(doc: Document, lines: LineCounter, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = isScalar(node) || isMap(node) || isSeq(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = isScalar(item) || isMap(item) || isSeq(item) ? (item.range?.[0] ?? offset) : offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
