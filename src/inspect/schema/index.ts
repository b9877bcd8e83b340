/**
 * @module inspect/schema
 * Public surface of the schema inspector: OIP v2 input tensors against a declared signature.
 */
export { checkSchema, SCHEMA_REASONS } from './check-schema.js';
export type { SchemaReason, SchemaResult } from './check-schema.js';
export { schemaDefinition, SCHEMA_ID } from './definition.js';
