/**
 * @module app/error-docs
 * Renders docs/errors.md from the error catalogs (`npm run gen:docs`); a test fails when
 * the committed file differs, so the catalog, the docs and the types always agree.
 */
import type { DefinedCatalog } from '../shared/errors.js';

const CONTEXT_NAMES: Readonly<Record<string, string>> = {
  CLI: 'command line',
  CFG: 'config',
  STO: 'store',
  REG: 'registry',
  AUD: 'audit log',
  PRV: 'dataset provenance',
  MDL: 'models',
  GW: 'gateway',
  INS: 'inspectors',
  DET: 'detection',
  BRK: 'breaker',
  RBK: 'rollback',
  ALR: 'alerts',
  RT: 'red team',
  API: 'control-plane API',
};

/** The whole markdown document. */
export function renderErrorDocs(catalogs: readonly DefinedCatalog<string>[]): string {
  const lines = [
    '<!-- Generated from the error catalogs by `npm run gen:docs`. Do not edit: a test compares it with the catalogs. -->',
    '# Error codes',
    '',
    'Every error bulwark raises on purpose has a stable code `<CTX>_ERR_<PROBLEM>`. The CLI prints',
    '`error CODE: message` and exits **2** for user errors (kind `user`: fix the input) and **1** for',
    'failures (kind `failure`: bulwark could not do its job). Codes are never reused; a retired code',
    'stays listed as removed. `bulwark errors CODE` prints one entry.',
    '',
  ];
  const grouped = new Map<string, DefinedCatalog<string>[]>();
  for (const catalog of catalogs) grouped.set(catalog.prefix, [...(grouped.get(catalog.prefix) ?? []), catalog]);
  for (const prefix of [...grouped.keys()].sort()) {
    lines.push(`## ${prefix}: ${CONTEXT_NAMES[prefix] ?? prefix}`, '', '| code | kind | meaning | fix |', '|---|---|---|---|');
    const entries = (grouped.get(prefix) ?? []).flatMap((c) => Object.entries(c.codes));
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [code, spec] of entries) {
      const removed = spec.removed ? ' (removed)' : '';
      lines.push(`| \`${code}\`${removed} | ${spec.kind} | ${cell(spec.meaning)} | ${cell(spec.fix)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
