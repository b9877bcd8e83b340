/**
 * @module config/env
 * `${VAR}` references in config text. Before the YAML parser sees the text, each
 * reference is swapped for an opaque token that is a valid plain scalar anywhere (so
 * `{ routingKey: ${PD_KEY} }` parses), and the tokens are resolved after parsing, where
 * the config path of each one is known. `$${VAR}` is the escape for a literal `${VAR}`.
 * Tokens never contain newlines, so line numbers are unchanged; columns are mapped back.
 */
import { randomBytes } from 'node:crypto';

/** The environment to substitute from (usually `process.env`, injected). */
export type EnvMap = Readonly<Record<string, string | undefined>>;

/** What one token stands for. */
export interface EnvToken {
  readonly token: string;
  /** `env`: the value of `name`; `literal`: the text `${name}` (written `$${name}`). */
  readonly kind: 'env' | 'literal';
  readonly name: string;
  /** Offsets of the token in the protected text and of the reference in the original. */
  readonly at: number;
  readonly originalAt: number;
  readonly originalLength: number;
}

/** Config text with its `${VAR}` references replaced by tokens. */
export interface ProtectedText {
  readonly text: string;
  readonly tokens: ReadonlyMap<string, EnvToken>;
  /** Matches every token of this text (global). */
  readonly pattern: RegExp;
  /** Maps an offset in `text` back to the original text. */
  originalOffset(offset: number): number;
}

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Swaps `${VAR}` and `$${VAR}` for tokens. A `${…}` that is not a valid variable name is
 * left as written.
 *
 * @example
 * const p = protectEnvReferences('url: ${DB_URL}');
 * p.text; // 'url: _bwenv3f9a…_0_'
 */
export function protectEnvReferences(source: string, nonce = randomBytes(6).toString('hex')): ProtectedText {
  const tokens = new Map<string, EnvToken>();
  let text = '';
  let last = 0;
  let index = 0;
  for (const match of source.matchAll(REFERENCE)) {
    const token = `_bwenv${nonce}_${index++}_`;
    text += source.slice(last, match.index);
    tokens.set(token, {
      token,
      kind: match[1] === '$' ? 'literal' : 'env',
      name: match[2] ?? '',
      at: text.length,
      originalAt: match.index,
      originalLength: match[0].length,
    });
    text += token;
    last = match.index + match[0].length;
  }
  text += source.slice(last);
  const ordered = [...tokens.values()];
  return {
    text,
    tokens,
    pattern: new RegExp(`_bwenv${nonce}_\\d+_`, 'g'),
    originalOffset(offset) {
      let shift = 0;
      for (const t of ordered) {
        if (offset < t.at) break;
        if (offset < t.at + t.token.length) return t.originalAt;
        shift += t.token.length - t.originalLength;
      }
      return offset - shift;
    },
  };
}

/** The result of resolving the tokens in one scalar. */
export interface ResolvedScalar {
  readonly value: string | number | boolean;
  /** At least one token was an environment variable (the value is a secret). */
  readonly fromEnv: boolean;
  /** Variables that are not set. */
  readonly missing: readonly string[];
}

const NUMBER = /^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/**
 * Replaces the tokens in `value`. When `plain` (an unquoted YAML scalar) consists of a
 * single reference, a numeric or `true`/`false` value keeps its YAML type, as if it had
 * been written in place.
 *
 * @example
 * resolveTokens(p, p.text.slice(5), env, true); // { value: 'postgres://…', fromEnv: true, missing: [] }
 */
export function resolveTokens(text: ProtectedText, value: string, env: EnvMap, plain: boolean): ResolvedScalar {
  let fromEnv = false;
  const missing: string[] = [];
  const replaced = value.replace(text.pattern, (token) => {
    const ref = text.tokens.get(token);
    if (ref === undefined) return token;
    if (ref.kind === 'literal') return `\${${ref.name}}`;
    fromEnv = true;
    const resolved = Object.hasOwn(env, ref.name) ? env[ref.name] : undefined;
    if (resolved === undefined) {
      missing.push(ref.name);
      return '';
    }
    return resolved;
  });
  const whole = text.tokens.get(value);
  if (plain && whole?.kind === 'env' && missing.length === 0) {
    if (NUMBER.test(replaced)) return { value: Number(replaced), fromEnv, missing };
    if (replaced === 'true' || replaced === 'false') return { value: replaced === 'true', fromEnv, missing };
  }
  return { value: replaced, fromEnv, missing };
}
