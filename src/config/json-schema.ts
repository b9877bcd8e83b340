/**
 * @module config/json-schema
 * The JSON Schema of `bulwark.yaml`, generated from the zod schema (`z.toJSONSchema`, the
 * input side: defaulted fields are optional). Committed as `schema/bulwark.schema.json`
 * for editors (yaml-language-server) and checked by a test against a fresh generation.
 * Regenerate with `npm run gen:schema`.
 */
import { z } from 'zod';
import { bulwarkConfigSchema } from './schema.js';

/** Where the generated file is committed, relative to the project root. */
export const CONFIG_SCHEMA_FILE = 'schema/bulwark.schema.json';

/**
 * The JSON Schema (draft 2020-12) of `bulwark.yaml` as an object.
 *
 * @example
 * configJsonSchema().properties.server; // { type: 'object', … }
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(bulwarkConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema,
    $comment: 'Generated from src/config/schema.ts by `npm run gen:schema` (bulwark config schema). Do not edit.',
    title: 'bulwark.yaml',
    ...rest,
  };
}

/**
 * The JSON Schema pretty-printed (2 spaces) with a final newline: the exact bytes of
 * `schema/bulwark.schema.json`.
 *
 * @example
 * writeFileSync('schema/bulwark.schema.json', renderConfigJsonSchema());
 */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
