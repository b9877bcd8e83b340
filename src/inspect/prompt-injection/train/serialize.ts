/**
 * @module inspect/prompt-injection/train/serialize
 * Writes the artifact as stable JSON: fixed key order (as built), the long numeric arrays
 * on one line each, and a trailing newline, so regenerating it gives the same bytes.
 */
import type { PromptInjectionArtifact } from '../artifact.js';

/**
 * The artifact's JSON text.
 *
 * @example
 * writeFileSync('model.json', serializeArtifact(artifact));
 */
export function serializeArtifact(artifact: PromptInjectionArtifact): string {
  return `${JSON.stringify(artifact, (_key, value: unknown) => value, 1)
    .replace(/\[\n([\d\s,.eE+-]+)\n\s*\]/g, (_m, body: string) => `[${body.replace(/\s+/g, '')}]`)}\n`;
}
