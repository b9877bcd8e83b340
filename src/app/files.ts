/**
 * @module app/files
 * File helpers for the composition root and the CLI: streaming sha256 of artifacts, reading
 * small documents (JSON or YAML) with errors that name the file.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { createSha256 } from '../shared/digest.js';
import { cliErrors } from '../cli/errors.js';

/** Streams `path` once and returns its sha256 and size. */
export async function hashFile(path: string): Promise<{ digest: string; sizeBytes: number }> {
  await requireFile(path);
  const hasher = createSha256();
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hasher.update(bytes);
    sizeBytes += bytes.length;
  }
  return { digest: hasher.digestHex(), sizeBytes };
}

/** Throws CLI_ERR_FILE_NOT_FOUND unless `path` is a readable regular file. */
export async function requireFile(path: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch (err) {
    throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: no such file`, { path }, err);
  }
  if (!isFile) throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: not a regular file`, { path });
}

/** Reads a file's bytes, naming the file when it is missing. */
export async function readFileBytes(path: string): Promise<Uint8Array> {
  await requireFile(path);
  return readFile(path);
}

/**
 * Reads a JSON or YAML document (YAML is a superset of JSON). A syntax error becomes
 * `errorFactory(message)` naming the file, line and column.
 */
export async function readStructuredFile(path: string, onSyntaxError: (message: string) => Error): Promise<{ value: unknown; bytes: Uint8Array }> {
  const bytes = await readFileBytes(path);
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return { value: parseYaml(text, { prettyErrors: true, uniqueKeys: true }), bytes };
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      const where = pos ? `${path}:${pos.line}:${pos.col}` : path;
      throw onSyntaxError(`${where}: ${err.message.split('\n')[0]}`);
    }
    throw err;
  }
}
