import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGS } from './error-catalogs.js';
import { renderErrorDocs } from './error-docs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('error catalogs and docs/errors.md', () => {
  it('never repeat a code across catalogs', () => {
    const codes = ERROR_CATALOGS.flatMap((c) => Object.keys(c.codes));
    const repeated = codes.filter((code, i) => codes.indexOf(code) !== i);
    expect(repeated).toEqual([]);
  });

  it('give every code a meaning and a fix', () => {
    for (const catalog of ERROR_CATALOGS) {
      for (const [code, spec] of Object.entries(catalog.codes)) {
        expect(code.startsWith(`${catalog.prefix}_ERR_`), code).toBe(true);
        expect(spec.meaning.length, code).toBeGreaterThan(10);
        expect(spec.fix.length, code).toBeGreaterThan(5);
        expect(['user', 'failure'], code).toContain(spec.kind);
      }
    }
  });

  it('agree with the committed docs/errors.md (run `npm run gen:docs` after changing a catalog)', () => {
    const committed = readFileSync(resolve(root, 'docs', 'errors.md'), 'utf8');
    expect(committed.trimEnd()).toBe(renderErrorDocs(ERROR_CATALOGS).trimEnd());
  });

  it('list in the docs exactly the codes in the catalogs', () => {
    const committed = readFileSync(resolve(root, 'docs', 'errors.md'), 'utf8');
    const documented = [...committed.matchAll(/^\| `([A-Z]+_ERR_[A-Z0-9_]+)`/gm)].map((m) => m[1]).sort();
    const declared = ERROR_CATALOGS.flatMap((c) => Object.keys(c.codes)).sort();
    expect(documented).toEqual(declared);
  });

  it('mention every code that the source raises', () => {
    // Codes passed to a catalog's error() are type-checked; this catches codes written
    // as string literals elsewhere (comparisons, CLI output) that drifted from the catalogs.
    const declared = new Set(ERROR_CATALOGS.flatMap((c) => Object.keys(c.codes)));
    const ours = new Set(ERROR_CATALOGS.map((c) => c.prefix)); // other libraries' codes (undici's UND_ERR_*) are not ours
    const srcFiles = (readdirSync(resolve(root, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(srcFiles.length).toBeGreaterThan(10);
    for (const file of srcFiles) {
      const text = readFileSync(resolve(root, 'src', file), 'utf8');
      for (const m of text.matchAll(/'(([A-Z]{2,4})_ERR_[A-Z0-9_]+)'/g)) {
        if (ours.has(m[2] as string)) expect(declared.has(m[1] as string), `${file}: ${m[1]}`).toBe(true);
      }
    }
  });
});
