import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchema, renderConfigJsonSchema } from './json-schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('schema/bulwark.schema.json', () => {
  it('equals a fresh generation (run `npm run build && npm run gen:schema` after changing the schema)', () => {
    const committed = readFileSync(resolve(root, CONFIG_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it('says it is generated and describes the input side (defaults optional, unknown keys rejected)', () => {
    const schema = configJsonSchema() as { $comment: string; additionalProperties: boolean; required?: string[]; properties: Record<string, { default?: unknown }> };
    expect(schema.$comment).toMatch(/Generated .* Do not edit\./);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties['anonymous']?.default).toBe(false);
  });
});
