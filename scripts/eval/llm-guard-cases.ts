/**
 * @module scripts/eval/llm-guard-cases
 * Reads llm-guard's scanner test cases (one pytest parametrize case a line). A case whose
 * `prompt` is a Python expression (`{"__expr__": "'a' + convert_to_tag_chars('b') + 'c'"}`)
 * is evaluated when it only concatenates string literals and `convert_to_tag_chars(...)`
 * calls (tag characters U+E0000 + ASCII), and skipped with a note otherwise.
 * `expected_valid: false` means injection (label 1).
 */

/** The parsed cases and the ones that could not be read. */
export interface LlmGuardCases {
  readonly cases: { text: string; label: 0 | 1 }[];
  readonly skipped: string[];
}

const TERM = /^\s*(?:convert_to_tag_chars\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))\s*(\+|$)/;

function pyString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * Evaluates the small expression language described in the module header, or returns undefined.
 *
 * @example
 * evalExpr("'a' + convert_to_tag_chars('B')"); // 'a\u{E0042}'
 */
export function evalExpr(expr: string): string | undefined {
  let rest = expr;
  let out = '';
  while (rest.trim() !== '') {
    const m = TERM.exec(rest);
    if (m === null) return undefined;
    if (m[1] !== undefined) out += [...pyString(m[1])].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');
    else out += pyString(m[2] ?? "''");
    rest = rest.slice(m[0].length);
  }
  return out;
}

/**
 * Parses the JSONL text of a case file.
 *
 * @example
 * parseLlmGuardCases(readFileSync(path, 'utf8')).cases.length;
 */
export function parseLlmGuardCases(text: string): LlmGuardCases {
  const cases: { text: string; label: 0 | 1 }[] = [];
  const skipped: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { prompt: unknown; expected_valid: unknown; case?: unknown; file?: unknown };
    const prompt = typeof row.prompt === 'string' ? row.prompt : evalExpr(String((row.prompt as { __expr__?: unknown } | null)?.__expr__ ?? ''));
    if (prompt === undefined) skipped.push(`${String(row.file)} case ${String(row.case)}`);
    else cases.push({ text: prompt, label: row.expected_valid === false ? 1 : 0 });
  }
  return { cases, skipped };
}
