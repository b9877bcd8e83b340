/**
 * @module control/adapters/knobs-file
 * The knobs file as the control plane writes it: the document serialised as YAML with a
 * header comment, written atomically (a temporary file in the same folder, fsync, rename
 * over the file), so the watching FileKnobsSource only ever reads a whole document.
 * Writes are serialised; the previous document is read back for the diff.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { EMPTY_KNOBS, parseKnobs, readConfigText } from '../../config/index.js';
import type { Knobs } from '../../config/index.js';
import { isBulwarkError } from '../../shared/errors.js';

const HEADER = '# Knobs: thresholds and windows tuned without a restart (docs/config.md).\n# Written by the bulwark control plane (PUT /api/v1/knobs); hand edits are picked up too.\n';

/**
 * @example
 * const file = new KnobsFile('/etc/bulwark/bulwark.knobs.yaml', process.env);
 * const before = await file.read();
 * await file.write(next);
 */
export class KnobsFile {
  readonly path: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(path: string, env: Readonly<Record<string, string | undefined>>) {
    this.path = path;
    this.#env = env;
  }

  /** The knobs in the file (an absent file: no knobs). Throws the file's CFG error when it is invalid. */
  async read(): Promise<Knobs> {
    try {
      return parseKnobs(await readConfigText(this.path), { file: this.path, env: this.#env });
    } catch (err) {
      if (isBulwarkError(err) && err.code === 'CFG_ERR_FILE_NOT_FOUND') return EMPTY_KNOBS;
      throw err;
    }
  }

  /**
   * Replaces the file with `knobs`, atomically; `update` runs with the previous document
   * inside the same turn of the write queue (for the diff and the audit entry).
   */
  replace<T>(knobs: Knobs, update: (prev: Knobs) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const prev = await this.read().catch(() => EMPTY_KNOBS);
      await writeAtomically(this.path, `${HEADER}${stringify(knobs)}`);
      return update(prev);
    };
    const result = this.#chain.then(run, run);
    this.#chain = result.catch(() => undefined);
    return result;
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
