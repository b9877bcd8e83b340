import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderCliDocs } from './cli-docs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('docs/cli.md', () => {
  it('agrees with the CLI (run `npm run build && npm run gen:docs` after changing a command)', () => {
    expect(readFileSync(resolve(root, 'docs', 'cli.md'), 'utf8')).toBe(renderCliDocs());
  });

  it('documents exit codes for every leaf command', () => {
    const doc = renderCliDocs();
    const sections = doc.split(/^#{2,4} /m).slice(1);
    const leaves = sections.filter((s) => !/^Commands:/m.test(s));
    expect(leaves.length).toBeGreaterThan(8);
    for (const section of leaves) expect(section, section.split('\n')[0]).toMatch(/Exit codes?/i);
  });
});
